"""UK postcode parsing and normalisation by Royal Mail's format rules: pure, no Flask and no database."""

import re
import string
import unicodedata
from dataclasses import dataclass

__all__ = [
    "NON_GEOGRAPHIC_OUTWARD_CODES",
    "Postcode",
    "looks_like_postcode",
    "parse_outward",
    "parse_postcode",
]

# Letters allowed at each position. Narrower than "any letter" so that typos such as "XM4 5HQ" or
# "SW1C 1AA" are rejected, and so that we know where an O or I cannot be a letter (see _repair_outward).
_FIRST = "ABCDEFGHIJKLMNOPRSTUWYZ"  # Q, V and X never start a postcode
_SECOND = "ABCDEFGHKLMNOPQRSTUVWXY"  # I, J and Z are never the second letter of an area
_THIRD_A9A = "ABCDEFGHJKPSTUW"  # trailing letter of an A9A outward code (W1A, N1C)
_FOURTH_AA9A = "ABEHMNPRVWXY"  # trailing letter of an AA9A outward code (SW1A, EC1A)
_UNIT = "ABDEFGHJLNPQRSTUWXYZ"  # C, I, K, M, O and V never appear in the last two letters

_OUTWARD_RE = re.compile(rf"[{_FIRST}](?:[0-9][0-9{_THIRD_A9A}]?|[{_SECOND}][0-9][0-9{_FOURTH_AA9A}]?)")
_INWARD_RE = re.compile(rf"[0-9][{_UNIT}]{{2}}")
_SUB_DISTRICT_RE = re.compile(r"([A-Z]{1,2}[0-9])[A-Z]")

# Girobank's code breaks every rule above but is real; no other special code is accepted.
_GIROBANK = ("GIR", "0AA")

# BFPO numbers ("BFPO 105") are not postcodes and have no location, so parse_postcode rejects them;
# looks_like_postcode still claims them so the user gets a postcode message rather than a place search.
_BFPO_RE = re.compile(r"BFPO ?[0-9]{0,4}")

# A partial attempt: one or two letters (maybe followed by an O/I typed for a digit), a digit, then
# anything alphanumeric; or 0/1 typed for the area's first letter. Place names have no digits.
_PARTIAL_RE = re.compile(r"(?:[A-Z]{1,2}|[01][A-Z])[OI]?[0-9][A-Z0-9]*")
_PARTIAL_MAX_CHARS = 8

_DIGIT_FOR = {"O": "0", "I": "1"}
_LETTER_FOR = {"0": "O", "1": "I"}
# The only real areas beginning with O or I: a leading 0/1 is read as a letter only when that yields one
# of these, so that number-led junk ("101AA", "1A1 1AA") never becomes a format-valid postcode.
_O_AND_I_AREAS = frozenset({"IG", "IM", "IP", "IV", "OL", "OX"})

# Codes with no meaningful location (PO boxes, bulk mail, forces mail): never use them to find the
# nearest centre. BX is wholly non-geographic; BF is BFPO's area.
_NON_GEOGRAPHIC_AREAS = frozenset({"BF", "BX"})
# Evidence in tests/data (see the tests): each is in the Code-Point Open sample but missing from the
# geographic outcode centroids, and all its sample units sit on one to three points. CH25-CH34 are the
# Wirral and Ellesmere Port PO box districts. Not a national list: only codes we can back with data.
NON_GEOGRAPHIC_OUTWARD_CODES: frozenset[str] = frozenset(
    {*(f"CH{n}" for n in range(25, 35)), "CH70", "CH88", "CH99", "CW98", "WA55", "WA88"}
)

_COUNTRY_HINTS = {
    "BT": "Northern Ireland",
    "GY": "Guernsey",
    "JE": "Jersey",
    "IM": "Isle of Man",
}

# Copy-paste from web pages and PDFs brings these in; they are invisible, so users cannot remove them.
_INVISIBLES = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
# Hyphens and dashes a phone keyboard or a word processor puts between the halves ("CH1–3BA").
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"), "-")
_HYPHENATED_RE = re.compile(r"([A-Z0-9]{2,4}) ?- ?([A-Z0-9]{3})")
_EDGE_JUNK_RE = re.compile(r"^[\W_]+|[\W_]+$")
# Longer input is not a postcode; stop before doing Unicode work on it.
_MAX_INPUT_CHARS = 100


def _is_valid_parts(outward: str, inward: str) -> bool:
    if (outward, inward) == _GIROBANK:
        return True
    return _OUTWARD_RE.fullmatch(outward) is not None and _INWARD_RE.fullmatch(inward) is not None


@dataclass(frozen=True)
class Postcode:
    """A format-valid UK postcode in canonical upper case, e.g. ``Postcode("SW1A", "1AA")``."""

    outward: str
    inward: str

    def __post_init__(self) -> None:
        if not _is_valid_parts(self.outward, self.inward):
            raise ValueError(f"not a canonical UK postcode: {self.outward!r} {self.inward!r}")

    def __str__(self) -> str:
        return self.normalised

    @property
    def normalised(self) -> str:
        """Upper case with one space: ``"SW1A 1AA"``."""
        return f"{self.outward} {self.inward}"

    @property
    def compact(self) -> str:
        """Upper case without the space: ``"SW1A1AA"``."""
        return self.outward + self.inward

    @property
    def area(self) -> str:
        """The leading letters: ``"SW"`` (``"GIR"`` for GIR 0AA)."""
        rest = self.outward.lstrip(string.ascii_uppercase)
        return self.outward[: len(self.outward) - len(rest)]

    @property
    def district(self) -> str:
        """The outward code without a trailing sub-district letter: ``"SW1"`` for SW1A, ``"CH64"``."""
        match = _SUB_DISTRICT_RE.fullmatch(self.outward)
        return match.group(1) if match else self.outward

    @property
    def sub_district(self) -> str | None:
        """The outward code when it ends in a letter (``"SW1A"``, ``"W1A"``), else None."""
        return self.outward if _SUB_DISTRICT_RE.fullmatch(self.outward) else None

    @property
    def sector(self) -> str:
        """Outward code, space, first inward character: ``"SW1A 1"``."""
        return f"{self.outward} {self.inward[0]}"

    @property
    def unit(self) -> str:
        """The last two letters: ``"AA"``."""
        return self.inward[1:]

    @property
    def is_non_geographic(self) -> bool:
        """True for codes known to have no real location (BX, BFPO, GIR 0AA, local PO box districts)."""
        return (
            self.area in _NON_GEOGRAPHIC_AREAS
            or self.outward in NON_GEOGRAPHIC_OUTWARD_CODES
            or (self.outward, self.inward) == _GIROBANK
        )

    @property
    def country_hint(self) -> str | None:
        """Country for BT (Northern Ireland) and the Crown Dependencies GY, JE and IM, else None."""
        return _COUNTRY_HINTS.get(self.area)


def _clean(text: object) -> str | None:
    """Upper-case ASCII with single spaces and no surrounding punctuation, or None if that is impossible."""
    if not isinstance(text, str) or len(text) > _MAX_INPUT_CHARS:
        return None
    # NFKC turns no-break and other odd spaces into " " and full-width characters into ASCII.
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLES).translate(_DASHES)
    text = _EDGE_JUNK_RE.sub("", " ".join(text.split()))
    # Checked before upper() because "ß".upper() is "SS" and would smuggle letters in.
    if not text.isascii():
        return None
    return text.upper()


def _repair_inward(code: str) -> str:
    # The inward code always starts with a digit, so an O or I there can only be 0 or 1. The unit letters
    # are never repaired: O and I are not allowed there, so 0 and 1 have no letter they could stand for.
    if code[:1] in _DIGIT_FOR:
        return _DIGIT_FOR[code[0]] + code[1:]
    return code


def _repair_outward(code: str) -> str:
    """Fix O/0 and I/1 only where the typed character is impossible at its position in every reading."""
    chars = list(code)
    # First position must be a letter, but see _O_AND_I_AREAS for why a digit is read as one so rarely.
    if len(chars) >= 2 and chars[0] in _LETTER_FOR and chars[1].isalpha():
        area = _LETTER_FOR[chars[0]] + chars[1]
        if area in _O_AND_I_AREAS:
            chars[0] = area[0]
    # Second position: I is never an area letter, so it must be the district's 1. O is left alone:
    # it is a legal second letter (CO, PO, SO), so "BO" could be B0 or a mistyped BO-something.
    if len(chars) >= 2 and chars[1] == "I":
        chars[1] = "1"
    # Third and fourth positions are a digit or a trailing letter, and O and I are never trailing letters.
    for index in (2, 3):
        if index < len(chars) and chars[index] in _DIGIT_FOR:
            chars[index] = _DIGIT_FOR[chars[index]]
    return "".join(chars)


def parse_postcode(text: str | None) -> Postcode | None:
    """Parse a full UK postcode typed by a person, or return None if it is not one.

    Accepts any case, spacing, surrounding punctuation and Unicode spaces. Repairs O/0 and I/1 only where the
    position rules leave one reading (``"SW1A OAA"`` -> SW1A 0AA, ``"SWIA 1AA"`` -> SW1A 1AA, ``"0X1 1AA"``
    -> OX1 1AA), and a hyphen or dash between the halves (``"CH1-3BA"``). Accepts GIR 0AA; rejects BFPO
    numbers, overseas territory codes and other internal punctuation.
    """
    cleaned = _clean(text)
    if cleaned is None:
        return None
    if hyphenated := _HYPHENATED_RE.fullmatch(cleaned):
        cleaned = " ".join(hyphenated.groups())
    compact = cleaned.replace(" ", "")
    if not 5 <= len(compact) <= 7 or not compact.isalnum():
        return None
    outward, inward = compact[:-3], _repair_inward(compact[-3:])
    if (outward, inward) == _GIROBANK:
        return Postcode(outward, inward)
    outward = _repair_outward(outward)
    if not _is_valid_parts(outward, inward):
        return None
    return Postcode(outward, inward)


def parse_outward(text: str | None) -> str | None:
    """Parse an outward code on its own (``"ch64"`` -> ``"CH64"``), with the same repairs; else None.

    A full postcode or a partial one with a space (``"CH1 4"``) is not an outward code and gives None.
    """
    cleaned = _clean(text)
    if cleaned is None or not 2 <= len(cleaned) <= 4 or not cleaned.isalnum():
        return None
    outward = _repair_outward(cleaned)
    return outward if _OUTWARD_RE.fullmatch(outward) else None


def looks_like_postcode(text: str | None) -> bool:
    """True if the text is a postcode, an outward code or a recognisable attempt at one (``"CH1 4"``).

    Use it to choose between a postcode error message and a place-name search: place names have no
    digits, so letters alone ("CH", "Hoole") are treated as place names.
    """
    cleaned = _clean(text)
    if not cleaned:
        return False
    if parse_postcode(cleaned) or parse_outward(cleaned) or _BFPO_RE.fullmatch(cleaned):
        return True
    # A hyphen between the halves ("CH1-4AA") is still plainly a postcode attempt.
    tokens = cleaned.replace("-", " ").split()
    compact = "".join(tokens)
    return (
        len(tokens) <= 2 and len(compact) <= _PARTIAL_MAX_CHARS and _PARTIAL_RE.fullmatch(compact) is not None
    )
