"""The one email check and the one phone check that every form, importer and export uses."""

from __future__ import annotations

import pytest

from app.validation import is_email, is_short_number, normalise_email, phone_e164, phone_for_display


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("07700 900 982", "+447700900982", "07700 900982"),  # the report form's own hint
        ("01632 960 001", "+441632960001", "01632 960001"),
        ("+44 7700 900982", "+447700900982", "07700 900982"),
        ("0161 496 0000", "+441614960000", "0161 496 0000"),
        ("+33 1 23 45 67 89", "+33123456789", "+33 1 23 45 67 89"),
    ],
)
def test_possible_numbers_are_kept_and_shown_as_people_write_them(
    typed: str, stored: str, shown: str
) -> None:
    assert phone_e164(typed) == stored
    assert phone_for_display(typed) == shown


@pytest.mark.parametrize("typed", ["12", "abc", "", "12345", "0000"])
def test_numbers_that_cannot_exist_are_refused(typed: str) -> None:
    assert phone_e164(typed) is None


@pytest.mark.parametrize(
    ("typed", "short"), [("999", True), ("101", True), ("116 123", True), ("help", False)]
)
def test_short_numbers_people_call(typed: str, short: bool) -> None:
    assert is_short_number(typed) is short


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("sam@example.org", "sam@example.org"),
        ("  Sam@Example.ORG ", "Sam@example.org"),
        ("bad@", None),
        ("two@@example.org", None),
        ("name@localhost", None),
        ("a b@example.org", None),
        ("x" * 250 + "@example.org", None),
    ],
)
def test_one_email_check(typed: str, kept: str | None) -> None:
    assert normalise_email(typed) == kept
    assert is_email(typed) is (kept is not None)
