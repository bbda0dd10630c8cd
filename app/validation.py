"""The one email check and the one phone check, used by every form, importer and export.

Email syntax comes from ``email-validator`` (no network look-ups); phone numbers from
libphonenumber (``phonenumbers``): UK numbers by default, other countries when written with ``+``.
"""

from __future__ import annotations

import email_validator
import phonenumbers

#: RFC 5321's limit on a whole address.
EMAIL_MAX_LENGTH = 254
DEFAULT_REGION = "GB"


def normalise_email(value: str | None) -> str | None:
    """The address tidied (spaces trimmed, domain lower-cased), or None if it is not an email address."""
    text = (value or "").strip()
    if not text or len(text) > EMAIL_MAX_LENGTH:
        return None
    try:
        checked = email_validator.validate_email(text, check_deliverability=False)
    except email_validator.EmailNotValidError:
        return None
    return checked.normalized


def is_email(value: str | None) -> bool:
    return normalise_email(value) is not None


def parse_phone(value: str | None) -> phonenumbers.PhoneNumber | None:
    """A number that could exist (libphonenumber's *possible* check: right length for its country).

    Deliberately not ``is_valid_number``: that refuses Ofcom's drama numbers printed in our own hints
    (07700 900 982) and new ranges before the library learns them, and a person with only a phone
    number must never be stuck.
    """
    text = (value or "").strip()
    if not text or not any(char.isdigit() for char in text):
        return None
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    # A "local only" length (no area code, e.g. 496 0000) cannot be dialled by whoever calls back.
    if phonenumbers.is_possible_number_with_reason(number) != phonenumbers.ValidationResult.IS_POSSIBLE:
        return None
    return number


def is_short_number(value: str | None) -> bool:
    """A UK short number a person can call or text: 999, 101, 111, 116 123 (libphonenumber's list)."""
    digits = "".join(char for char in (value or "") if char not in " ()-")
    if not digits.isdigit():
        return False
    try:
        number = phonenumbers.parse(digits, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_short_number_for_region(number, DEFAULT_REGION)


def phone_e164(value: str | None) -> str | None:
    """A possible number in E.164 form (``+447700900982``) for storage and ``tel:`` links, else None."""
    number = parse_phone(value)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else None


def phone_for_display(value: str | None) -> str:
    """How people write the number: national format for UK numbers (``07700 900982``), else international.

    Text that is not a possible number is shown as it was given.
    """
    number = parse_phone(value)
    if number is None:
        return (value or "").strip()
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION or number.country_code == 44:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
