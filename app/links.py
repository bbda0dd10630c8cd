"""Addresses built from a page's query arguments."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import url_for


def url_with_query(endpoint: str, args: Mapping[str, Any]) -> str:
    """``endpoint``'s address with these query arguments (a value may be a list: a filter may repeat).

    Names beginning with "_" are ``url_for``'s own options (``_anchor``, ``_external``…), never query
    arguments, so they are left out: a crafted address cannot steer the links built from it.
    """
    return url_for(endpoint, **{name: value for name, value in args.items() if not name.startswith("_")})
