"""Where it happened, for statistics: outward code always, and a point when the postcode is known."""

from __future__ import annotations

from flask import current_app

from app.geo.postcodes import parse_postcode
from app.report.answers import Answers


def forget(answers: Answers) -> None:
    """Drop everything derived from the postcode (it was removed, or the place is online)."""
    answers.outward_code = answers.district = answers.latitude = answers.longitude = None


def locate(answers: Answers) -> None:
    """Fill ``outward_code``, ``district`` and the point from the postcode. Never blocks a report:
    if the postcode cannot be placed (unknown, API down), only the outward code is kept."""
    forget(answers)
    postcode = parse_postcode(answers.postcode) if answers.postcode else None
    if postcode is None:
        return
    answers.outward_code = postcode.outward
    try:
        from app.geo.geocode import geocode

        result = geocode(postcode.normalised)
    except Exception as error:  # a failing lookup must not lose the answer; the postcode is not logged
        current_app.logger.warning("report: geocoding failed (%s)", type(error).__name__)
        return
    if result.status == "found" and result.place is not None:
        answers.latitude = result.place.latitude
        answers.longitude = result.place.longitude
        answers.district = result.place.district
