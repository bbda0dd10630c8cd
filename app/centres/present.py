"""How finder results read: distances, open/closed wording, phone and directions links (translated)."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from urllib.parse import urlencode

from flask_babel import format_date, format_decimal, get_locale
from flask_babel import gettext as _

from app import hours
from app.centres import queries
from app.validation import phone_e164

METRES_PER_MILE = 1609.344
#: Locales whose readers think in miles; everyone else also gets kilometres.
MILES_ONLY = {"en", "cy"}


def distance(metres: float) -> str:
    """ "2.3 miles away" (and "(3.7 km)" where readers think in kilometres), as shown to one decimal."""
    miles = metres / METRES_PER_MILE
    shown_miles = None if miles < 0.05 else round(miles, 1)
    return _distance_words(str(get_locale() or "en"), shown_miles, round(metres / 1000, 1))


@lru_cache(maxsize=4096)
def _distance_words(locale: str, miles: float | None, km: float) -> str:
    """Worded once per locale and shown distance: a results page words ten, and Babel's number
    formatting is slow beside the rest of a result. ``locale`` is in the key and is the locale the
    words are made in (the caller's request locale)."""
    if miles is None:
        shown = _("Less than 0.1 miles away")
    elif miles == 1.0:
        shown = _("1 mile away")
    else:
        shown = _("%(miles)s miles away", miles=format_decimal(miles, format="#,##0.0"))
    if locale.split("_")[0] not in MILES_ONLY:
        shown += " " + _("(%(km)s km)", km=format_decimal(km, format="#,##0.0"))
    return shown


clock = hours.clock


def when(moment: datetime, today: date) -> str:
    """ "today at 09:00", "tomorrow at 09:00" or "Monday at 09:00"."""
    at = clock(moment)
    days = (moment.date() - today).days
    if days == 0:
        return _("today at %(time)s", time=at)
    if days == 1:
        return _("tomorrow at %(time)s", time=at)
    return _("%(day)s at %(time)s", day=format_date(moment, "EEEE"), time=at)


def open_status(
    expression: str | None, now: datetime | None = None, nation: str | None = None
) -> tuple[str, str]:
    """(wording, tone) for a centre's hours now, with its nation's bank holidays; tone is "open",
    "closed" or "unknown"."""
    now = now or hours.now()
    state = hours.status(expression, now, nation)
    note = f" ({state.comment})" if state.comment else ""
    if state.open is True:
        if state.until:
            return _("Open now until %(time)s", time=clock(state.until)) + note, "open"
        return _("Open now") + note, "open"
    if state.open is False and state.next_open:
        return _("Closed now. Opens %(when)s", when=when(state.next_open, now.date())) + note, "closed"
    if state.open is False:
        return _("Closed now"), "closed"
    if expression:
        return (state.comment or _("Phone to check opening times")), "unknown"
    return _("Opening times not known. Phone before you go."), "unknown"


def closures(expression: str | None, today: date, nation: str | None = None) -> list[str]:
    """ "Closed Monday 31 August: bank holiday" for each coming bank holiday the centre is shut."""
    return [
        _("Closed %(day)s: bank holiday", day=format_date(day, "EEEE d MMMM"))
        for day in hours.closures(expression, today, nation)
    ]


def tel_href(phone: str | None) -> str | None:
    """A ``tel:`` link for a possible phone number, else None (the number is then shown as text)."""
    number = phone_e164(phone)
    return "tel:" + number if number else None


def directions_url(latitude: float, longitude: float) -> str:
    """OpenStreetMap directions to the centre. Only the destination is sent: the person's own
    position stays with us, and OpenStreetMap asks them where they start."""
    return "https://www.openstreetmap.org/directions?" + urlencode(
        {"route": f";{latitude:.5f},{longitude:.5f}"}
    )


def now() -> datetime:
    return hours.now()


def out_of_date(last_checked: date | None, today: date) -> bool:
    """Whether the public page warns that the details may be out of date (see queries.needs_checking)."""
    return queries.needs_checking(last_checked, today, queries.OUT_OF_DATE_AFTER_MONTHS)
