"""Checks of meaning for one value of an Open Referral record, and the safe tidying of what feeds get wrong.

Every problem is kept with the path to it, so one run lists all there is to fix; every change made on
the way (a web address given a scheme, HTML reduced to text) is kept too, so the import can report it.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable
from typing import Any

import nh3

from app import hours
from app.validation import is_short_number, normalise_email, parse_phone

URL = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]*$", re.IGNORECASE)
# "http:www.example.org" and "http//www.example.org": a scheme with its slashes lost or its colon missing.
BROKEN_SCHEME = re.compile(r"^(https?)(?::/?|//)(?!/)(.+)$", re.IGNORECASE)
# A bare host ("www.example.org/x"): letters, digits and hyphens, at least one dot, then anything.
BARE_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?([/?#]\S*)?$", re.IGNORECASE)
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
# Block tags kept while sanitising, then turned into line breaks; everything else loses its tags.
BLOCKS = {"p", "br", "ul", "ol", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6"}


def where_text(where: str, message: str) -> str:
    where = where.strip()
    return f"{where}: {message}" if where else message


def is_phone(number: str) -> bool:
    """A possible phone number, or a UK short number a person can call or text (999, 101, 116 123)."""
    return parse_phone(number) is not None or is_short_number(number)


def html_to_text(value: str) -> str:
    """Safe plain text from HTML: paragraphs as blank lines, list items as "- " lines, no tags or scripts."""
    clean = nh3.clean(value, tags=BLOCKS, attributes={}, strip_comments=True)
    clean = re.sub(r"\s+", " ", clean)
    clean = re.sub(r"<li>\s*", "\n- ", clean, flags=re.IGNORECASE)
    clean = re.sub(r"<br\s*/?>", "\n", clean, flags=re.IGNORECASE)
    clean = re.sub(r"</?(p|div|ul|ol|h[1-6])>", "\n\n", clean, flags=re.IGNORECASE)
    clean = re.sub(r"</?[a-z0-9]+>", "", clean, flags=re.IGNORECASE)
    text = html.unescape(clean)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    # A list straight after a paragraph reads better without the blank line the </p> left.
    return re.sub(r"\n\n- ", "\n- ", text) if "\n- " in text else text


class Checker:
    """Collects the problems, changes and warnings of one file, each with the path to it."""

    def __init__(
        self,
        geojson_problem: Callable[[str], str | None],
        postcode_point: Callable[[str], tuple[float, float] | None] | None = None,
    ) -> None:
        self.errors: list[str] = []
        self.places: list[str] = []  # where each error is, to drop those the schema already reported
        self.warnings: list[str] = []
        self.changes: list[str] = []
        self.geojson_problem = geojson_problem
        self.postcode_point = postcode_point

    def error(self, where: str, message: str) -> None:
        self.errors.append(where_text(where, message))
        self.places.append(where.strip())

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(where_text(where, message))

    def changed(self, where: str, message: str) -> None:
        self.changes.append(where_text(where, message))

    def uuid(self, where: str, value: Any) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(value))
        except (ValueError, TypeError, AttributeError):
            self.error(
                where, f"{value!r} is not a UUID" if value is not None else "is missing (a UUID is required)"
            )
            return None

    def text(self, obj: dict, key: str) -> str:
        value = obj.get(key)
        return value.strip() if isinstance(value, str) else ""

    def description(self, where: str, obj: dict, key: str) -> str:
        """Free text that may arrive as HTML: reduced to safe text keeping paragraphs and lists."""
        value = self.text(obj, key)
        if TAG.search(value):
            value = html_to_text(value)
            self.changed(f"{where} {key}".strip(), "HTML reduced to plain text")
        return value

    def url(self, where: str, value: Any) -> str | None:
        if value in (None, ""):
            return None
        text = value.strip() if isinstance(value, str) else value
        if isinstance(text, str) and not URL.match(text):
            fixed = _fixed_url(text)
            if fixed:
                self.changed(where, f"{text!r} read as {fixed!r}")
                text = fixed
        if not isinstance(text, str) or not URL.match(text):
            self.error(where, f"{value!r} is not a web address starting with http:// or https://")
            return None
        return text

    def email(self, where: str, value: Any) -> str | None:
        if value in (None, ""):
            return None
        address = normalise_email(value) if isinstance(value, str) else None
        if address is None:
            self.error(where, f"{value!r} is not an email address")
            return None
        return address

    def phone(self, where: str, value: str) -> bool:
        if not is_phone(value):
            self.error(where, f"{value!r} is not a phone number")
            return False
        return True

    def hours(self, where: str, value: Any) -> str:
        if not value:
            return ""
        problem = hours.problem(str(value))
        if problem:
            self.error(where, problem)
            return ""
        return str(value).strip()


def _fixed_url(text: str) -> str | None:
    """The web address a person meant, when only its scheme is wrong or missing; else None."""
    broken = BROKEN_SCHEME.match(text)
    if broken and not text.lower().startswith(("http://", "https://")):
        return f"{broken.group(1).lower()}://{broken.group(2)}"
    if BARE_HOST.match(text) and "@" not in text:
        return f"https://{text}"
    return None
