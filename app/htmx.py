"""The one place that knows about HTMX (through htmx-flask): full page or fragment from one route.

Avoid htmx-flask 0.1.0's ``make_response(reswap="afterbegin"|"beforebegin")``: a missing comma in its
list of swaps makes those two fail. Set ``HX-Reswap`` directly if ever needed.
"""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, render_template
from htmx_flask import request


def is_htmx() -> bool:
    """True for a request made by htmx (not a history restore, which needs the whole page)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render(
    page: str, fragment: str, *, status: int = 200, push_url: str | None = None, **context: Any
) -> Response:
    """Render ``page`` for a normal request, only ``fragment`` for an htmx one (the page includes it)."""
    if is_htmx():
        response = make_response(render_template(fragment, **context), status)
        if push_url:
            response.headers["HX-Push-Url"] = push_url
    else:
        response = make_response(render_template(page, **context), status)
    response.vary.add("HX-Request")
    return response
