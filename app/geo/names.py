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
