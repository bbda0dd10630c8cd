"""Our taxonomies (support type, strand) and other fixed vocabularies, with stable HSDS ids."""

from __future__ import annotations

import uuid

from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l

#: Namespace for the ids of our own taxonomy terms (uuid5), so they are the same on every instance.
NAMESPACE = uuid.UUID("6b1f0c1e-5a53-4c53-9f0e-2c7d3a1b9e41")

SUPPORT_TYPE = "support_type"
STRAND = "strand"
FEATURE = "feature"
CHANNEL = "contact_channel"
HOURS = "opening_hours"

TAXONOMIES = {
    SUPPORT_TYPE: ("Stand Together: type of support", "What kind of help a service gives."),
    STRAND: ("Stand Together: hate crime strand", "Which targeted characteristic a service specialises in."),
    FEATURE: ("Stand Together: service features", "Anonymous contact, third-party reporting, example data."),
    CHANNEL: ("Stand Together: contact channels", "Ways to get in touch that HSDS has no field for."),
    HOURS: ("OpenStreetMap opening_hours", "Hours as an OpenStreetMap opening_hours expression."),
}

SUPPORT_TYPES = {
    "emotional-support": _l("Emotional support"),
    "practical-help": _l("Practical help"),
    "legal-advice": _l("Legal advice"),
    "reporting": _l("Reporting on your behalf"),
    "advocacy": _l("Advocacy"),
    "counselling": _l("Counselling"),
    "housing": _l("Housing"),
    "immigration": _l("Immigration advice"),
}
STRANDS = {
    "race": _l("Race"),
    "religion": _l("Religion or belief"),
    "disability": _l("Disability"),
    "sexual-orientation": _l("Sexual orientation"),
    "transgender": _l("Transgender identity"),
    "other": _l("Other"),
}
#: English names of the other terms, exported to HSDS.
OTHER_NAMES = {
    "anonymous-contact": "You can contact them anonymously",
    "third-party-reporting": "Can report to the police for you (third-party reporting)",
    "example-data": "Example data: not a real service",
    "email": "Email",
    "webchat": "Web chat",
    "website": "Website",
    "online_form": "Online form",
    "opening_hours": "Opening hours",
}
FEATURE_CODES = ("anonymous-contact", "third-party-reporting", "example-data")
CHANNEL_CODES = ("email", "webchat", "website", "online_form")

PHONE_TYPE_LABELS = {
    "voice": _l("Phone"),
    "text": _l("Text message"),
    "textphone": _l("Textphone"),
    "bsl_video": _l("BSL video call"),
    "video": _l("Video call"),
}
CHANNEL_LABELS = {
    "email": _l("Email"),
    "webchat": _l("Web chat"),
    "website": _l("Website"),
    "online_form": _l("Online form"),
}
STATUS_LABELS = {
    "active": _l("Open"),
    "temporarily closed": _l("Temporarily closed"),
    "inactive": _l("Not running"),
    "defunct": _l("Closed down"),
}


def term_id(taxonomy: str, code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{taxonomy}:{code}")


def taxonomy_id(taxonomy: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"taxonomy:{taxonomy}")


def our_terms() -> list[tuple[uuid.UUID, str, str]]:
    """(id, taxonomy, code) of every term we define."""
    terms = [(term_id(SUPPORT_TYPE, c), SUPPORT_TYPE, c) for c in SUPPORT_TYPES]
    terms += [(term_id(STRAND, c), STRAND, c) for c in STRANDS]
    terms += [(term_id(FEATURE, c), FEATURE, c) for c in FEATURE_CODES]
    terms += [(term_id(CHANNEL, c), CHANNEL, c) for c in CHANNEL_CODES]
    terms.append((term_id(HOURS, "opening_hours"), HOURS, "opening_hours"))
    return terms


def english_name(code: str) -> str:
    """The English name of one of our terms (HSDS exports are in English)."""
    if code in SUPPORT_TYPES or code in STRANDS:
        with force_locale("en"):
            return str(SUPPORT_TYPES.get(code) or STRANDS[code])
    return OTHER_NAMES[code]


def term_label(taxonomy: str, code: str | None, fallback: str) -> str:
    """A term's name in the reader's language when it is one of ours, else its stored name."""
    names = SUPPORT_TYPES if taxonomy == SUPPORT_TYPE else STRANDS if taxonomy == STRAND else {}
    return str(names[code]) if code in names else fallback


#: Languages the CLDR does not name (services use their ISO 639-3 code).
EXTRA_LANGUAGES = {"bfi": _l("British Sign Language")}


def language_name(code: str) -> str:
    """A language's name in the reader's language ("Polish" / "Pwyleg"); the code if unknown."""
    locale = get_locale()
    names = locale.languages if locale else {}
    return names.get(code) or str(EXTRA_LANGUAGES.get(code, code))


def is_iso639_1(code: str) -> bool:
    from babel import Locale

    return len(code) == 2 and code.isalpha() and code.islower() and code in Locale("en").languages


def is_language(code: str) -> bool:
    """A language code the directory can hold: ISO 639-1, or ISO 639-3 for a language without one."""
    from babel import Locale

    return code in Locale("en").languages or code == "bfi"
