"""One finder search: geocode what was asked, then the nearest centres, and what to tell the person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from app import hours
from app.centres import queries
from app.centres.forms import RESULTS, FinderForm
from app.centres.queries import NearbyCentre
from app.centres.vocab import is_language_code
from app.geo.geocode import GeocodeResult, Place, geocode
from app.geo.postcodes import parse_outward, parse_postcode

SEARCH_KEYS = ("q", "lat", "lon", "near", "radius", "filters", "language")
#: Beyond this the page first offers ways to report without travelling, then the list.
FAR_AWAY_MILES = 30
FAR_AWAY_METRES = FAR_AWAY_MILES * 1609.344


@dataclass
class Search:
    result: GeocodeResult
    centres: list[NearbyCentre] = field(default_factory=list)
    when: datetime | None = None

    @property
    def status(self) -> str:
        return self.result.status

    @property
    def place(self) -> Place | None:
        return self.result.place

    @property
    def far_away(self) -> bool:
        """True when even the nearest centre is further than FAR_AWAY_MILES."""
        return bool(self.centres) and self.centres[0].metres > FAR_AWAY_METRES


def _postcode_message(status: str, query: str) -> str | None:
    """Tell "this is not a postcode" apart from "this postcode has no place we hold"."""
    postcode = parse_postcode(query)
    well_formed = postcode.normalised if postcode else parse_outward(query)
    if status == "invalid_postcode" and well_formed:
        return _(
            "%(postcode)s is not a UK postcode. Check it, or enter your town or city instead",
            postcode=well_formed,
        )
    if status == "postcode_not_found" and postcode and postcode.is_non_geographic:
        return _(
            "%(postcode)s is a postcode for PO boxes or large organisations, so it has no place on a map. "
            "Enter the postcode of where you are, or your town or city",
            postcode=postcode.normalised,
        )
    return None


def error_message(result: GeocodeResult, query: str) -> str | None:
    """What to say beside the search box when the search could not go ahead."""
    if special := _postcode_message(result.status, query):
        return special
    messages = {
        "empty": _("Enter a postcode, or the name of a town or city"),
        "invalid_postcode": _("Enter a full postcode, like CH1 2HS, or the first part, like CH1"),
        "postcode_not_found": _(
            "We could not find the postcode %(postcode)s. Check it, or enter your town or city instead",
            postcode=query.upper(),
        ),
        "not_found": _(
            "We could not find a place called %(place)s. Check the spelling, or enter a postcode instead",
            place=query,
        )
        if query
        else _("We could not use your location. Enter a postcode, town or city instead"),
        "service_unavailable": _(
            "We cannot look up postcodes at the moment. Enter the name of your town or city instead"
        ),
    }
    return messages.get(result.status)


def status_text(found: Search, form: FinderForm) -> str:
    """The one short sentence announced after an HTMX search (never the list itself)."""
    if form.errors:
        return _("There is a problem")
    if found.status == "ambiguous":
        return _("Which place did you mean?")
    if found.place is None:
        return ""
    return ngettext(
        "%(num)d centre near %(place)s",
        "%(num)d centres near %(place)s",
        len(found.centres),
        place=found.place.label,
    )


def run(form: FinderForm, when: datetime | None = None) -> Search:
    """Geocode (coordinates only when the person asked to use their location), then find centres."""
    use_location = form.use_location
    result = geocode(
        form.q.data, form.lat.data if use_location else None, form.lon.data if use_location else None
    )
    search = Search(result, when=when or hours.now())
    if result.status == "found" and result.place is not None:
        search.centres = queries.nearest_centres(
            result.place.latitude,
            result.place.longitude,
            RESULTS,
            radius_metres=form.radius_metres,
            step_free=form.wants("step-free"),
            language=form.language.data if is_language_code(form.language.data or "") else None,
            open_now=form.wants("open-now"),
            when=search.when,
        )
    else:
        message = error_message(result, " ".join((form.q.data or "").split()))
        if message:
            form.q.errors = [message]
    return search
