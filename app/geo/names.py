"""Place-name folding for matching: one pure function shared by the importers and the geocoder."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
MAX_NAME_CHARS = 100


def search_key(name: str | None) -> str:
    """Lower case, accents removed, punctuation as spaces: "Chester-le-Street" -> "chester le street"."""
    if not name:
        return ""
    decomposed = unicodedata.normalize("NFKD", name[: MAX_NAME_CHARS * 2])
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # "St. Helens" and "St Helens", "Bishop's Stortford" and "Bishops Stortford" fold together.
    ascii_only = ascii_only.replace("'", "").replace("\u2019", "")
    return _NON_WORD.sub(" ", ascii_only.lower()).strip()[:MAX_NAME_CHARS]


#: ONS gives councils as GSS codes (E06000050): not a name a service's area can match.
_GSS_CODE = re.compile(r"[ENSWLM]\d{8}")
#: Code-Point Open's administrative suffixes: "Wirral District (B)", "Cheshire West and Chester (B)".
_COUNCIL_SUFFIX = re.compile(r"(?:\s+(?:District|London Boro|\(B\)))+$", re.IGNORECASE)


def council_name(value: str | None) -> str | None:
    """A council's everyday name, as ONS and postcodes.io give it ("Cheshire West and Chester"), from
    the forms the postcode files use; None for a blank or a bare GSS code. Welsh councils given in both
    languages ("Sir y Fflint - Flintshire") keep the English name, which service records use."""
    text = " ".join((value or "").split())
    if not text or _GSS_CODE.fullmatch(text):
        return None
    if " - " in text:
        text = text.rsplit(" - ", 1)[1]
    return _COUNCIL_SUFFIX.sub("", text).strip() or None
