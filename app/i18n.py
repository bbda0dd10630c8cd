"""Locale choice (explicit ?lang= → cookie → Accept-Language → English) and text direction."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Flask, Response, current_app, request, url_for
from flask_babel import format_date, format_decimal, get_locale
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from app.extensions import babel

# Native names, shown as they are in every language so people can find their own.
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg", "pl": "Polski", "ur": "اردو"}
RTL_LANGUAGES = {"ar", "fa", "he", "ps", "ur", "yi"}
COOKIE = "lang"
# A UK service: English dates and numbers as in the UK ("1 November 2026"), not the US.
FORMAT_LOCALE = {"en": "en_GB"}


def offered() -> list[str]:
    return current_app.config["LANGUAGES"]


def select_language() -> str:
    for choice in (request.args.get("lang"), request.cookies.get(COOKIE)):
        if choice in offered():
            return choice
    return _best_match(
        request.headers.get("Accept-Language", ""),
        tuple(offered()),
        current_app.config["BABEL_DEFAULT_LOCALE"],
    )


@lru_cache(maxsize=256)
def _best_match(header: str, languages: tuple[str, ...], default: str) -> str:
    """The offered language a browser's Accept-Language prefers: a few header values make most
    requests, so each is worked out once."""
    return parse_accept_header(header, LanguageAccept).best_match(languages) or default


def select_locale() -> str:
    language = select_language()
    return FORMAT_LOCALE.get(language, language)


def current_language() -> str:
    """The language code shown in lang="" and the switcher (``en``, ``cy``…), without territory."""
    return str(get_locale() or "en").split("_")[0]


def text_direction(code: str | None = None) -> str:
    return "rtl" if (code or current_language()).split("_")[0] in RTL_LANGUAGES else "ltr"


def switch_url(code: str) -> str:
    """The current page in another language: same path and query, so the user keeps their place."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    endpoint = request.endpoint or "main.index"
    # The page's own path arguments win over a query parameter of the same name.
    values: dict[str, Any] = {**args, **(request.view_args or {})}
    try:
        return url_for(endpoint, **values)
    except Exception:  # an error page without an endpoint of its own
        return url_for("main.index", lang=code)


def remember_choice(response: Response) -> Response:
    """An explicit ?lang= choice is kept in a cookie (not personal data; no consent needed)."""
    choice = request.args.get("lang")
    if choice in offered() and request.cookies.get(COOKIE) != choice:
        response.set_cookie(
            COOKIE,
            choice,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(remember_choice)
    app.add_template_global(format_date)
    app.add_template_global(format_decimal)

    @app.context_processor
    def language_context() -> dict:
        code = current_language()
        return {
            "current_language": code,
            "text_direction": text_direction(code),
            "language_choices": [
                {"code": c, "name": LANGUAGE_NAMES.get(c, c), "dir": text_direction(c)} for c in offered()
            ],
            "language_switch_url": switch_url,
        }
