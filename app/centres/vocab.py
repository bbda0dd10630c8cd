"""Words for the centre's coded fields (accessibility, services, languages), translated when shown."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

ACCESSIBILITY_LABELS = {
    "step-free": _l("Step-free access"),
    "hearing-loop": _l("Hearing loop"),
    "accessible-toilet": _l("Accessible toilet"),
    "parking": _l("Disabled parking"),
    "bsl": _l("British Sign Language (BSL) on request"),
}
SERVICE_LABELS = {
    "report-in-person": _l("Report in person"),
    "help-online": _l("Help to report online"),
    "interpreter": _l("Interpreter on request"),
}


def language_name(code: str) -> str:
    """A language's name in the reader's language ("Polish", "Pwyleg"), or the code if unknown."""
    try:
        name = Locale.parse(code).get_display_name(str(get_locale() or "en"))
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return name[:1].upper() + name[1:] if name else code


def is_language_code(code: str) -> bool:
    """An ISO 639-1 code Babel knows (two lower-case letters)."""
    if len(code) != 2 or not code.isalpha() or not code.islower():
        return False
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True
