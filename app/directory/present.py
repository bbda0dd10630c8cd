"""What a result shows: how to get in touch (tel:/sms:/mailto: links), hours now, languages, coverage."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_date, format_decimal, format_time
from flask_babel import gettext as _

from app import hours
from app.directory import nations, vocab
from app.directory.models import Channel, Service
from app.directory.queries import Found


@dataclass(frozen=True)
class Way:
    """One way to get in touch, ready to show."""

    kind_label: str
    text: str
    href: str
    label: str
    hours_text: str
    open_now: bool | None
    expression: str


def href(channel: Channel) -> str:
    value = channel.value
    if channel.kind == "email":
        return f"mailto:{value}"
    if channel.kind != "phone" or value.startswith(("http://", "https://")):
        return value
    digits = re.sub(r"[^0-9+]", "", value)
    return f"sms:{digits}" if channel.phone_type == "text" else f"tel:{digits}"


def kind_label(channel: Channel) -> str:
    if channel.kind == "phone":
        return str(
            vocab.PHONE_TYPE_LABELS.get(channel.phone_type or "voice", vocab.PHONE_TYPE_LABELS["voice"])
        )
    return str(vocab.CHANNEL_LABELS[channel.kind])


def _when(moment: datetime, now: datetime) -> str:
    time_text = format_time(moment, "HH:mm")
    if moment.date() == now.date():
        return time_text
    return _("%(day)s %(time)s", day=format_date(moment.date(), "EEEE"), time=time_text)


def hours_text(expression: str, now: datetime, nation: str | None = None) -> tuple[bool | None, str]:
    """(open now?, wording) with the bank holidays of ``nation`` (see nations.calendar)."""
    if not expression:
        return None, ""
    state = hours.status(expression, now, nation)
    if expression.strip() == "24/7":
        return True, _("Open 24 hours, every day")
    if state.open is True:
        if state.until:
            return True, _("Open now, until %(when)s", when=_when(state.until, now))
        return True, _("Open now")
    if state.open is False:
        if state.next_open:
            return False, _("Closed now, opens %(when)s", when=_when(state.next_open, now))
        return False, _("Closed now")
    return None, state.comment or _("Hours not known")


def ways(service: Service, now: datetime, nation: str | None = None) -> list[Way]:
    """Each way to get in touch with its hours now, with ``nation``'s bank holidays. A service not active
    is never "open now"."""
    found = []
    for channel in service.channels:
        is_open, text = hours_text(channel.opening_hours, now, nation)
        if service.status != "active" and channel.opening_hours:
            is_open, text = False, vocab.STATUS_LABELS[service.status]
        found.append(
            Way(
                kind_label=kind_label(channel),
                text=channel.value,
                href=href(channel),
                label=channel.label,
                hours_text=text,
                open_now=is_open,
                expression=channel.opening_hours,
            )
        )
    return found


def open_now(service: Service, now: datetime, nation: str | None = None) -> bool:
    """Someone can be reached now: a phone or chat line is open (email, forms and websites do not count),
    with ``nation``'s bank holidays; a temporarily closed service is closed whatever its hours say."""
    return service.status == "active" and any(
        channel.kind in ("phone", "webchat") and hours_text(channel.opening_hours, now, nation)[0] is True
        for channel in service.channels
    )


def terms(service: Service, taxonomy: str) -> list[str]:
    return [vocab.term_label(t.taxonomy, t.code, t.name) for t in service.terms if t.taxonomy == taxonomy]


def languages(service: Service) -> list[str]:
    return [vocab.language_name(code) for code in service.languages]


def area_text(service: Service) -> str:
    if service.national:
        return _("Anywhere in the UK")
    if service.nations:
        return _("Anywhere in %(nations)s", nations=nations.names(service.nations))
    if service.area is not None:
        return service.area_name or _("A local area")
    if service.local_authorities:
        return ", ".join(service.local_authorities)
    return _("Area not known – ask them")


def coverage_text(found: Found, place_label: str) -> str:
    if found.covers is True:
        if found.service.national:
            return _("Covers %(place)s (national service)", place=place_label)
        if found.service.nations:
            return _(
                "Covers %(place)s (service for %(nations)s)",
                place=place_label,
                nations=nations.names(found.service.nations),
            )
        return _("Covers %(place)s", place=place_label)
    if found.covers is False:
        return _("Does not cover %(place)s", place=place_label)
    if found.service.nations:
        return _(
            "For %(nations)s: ask them whether they cover %(place)s",
            nations=nations.names(found.service.nations),
            place=place_label,
        )
    return _("Area not recorded: ask them whether they cover %(place)s", place=place_label)


def summary(service: Service, limit: int = 160) -> str:
    """One line from the description: its first paragraph, cut at a sentence (or else a word) to at most
    ``limit`` characters."""
    text = " ".join((service.description or "").split("\n\n")[0].split())
    if len(text) <= limit:
        return text
    sentences = [m.end() for m in re.finditer(r"[.!?](?=\s)", text[: limit + 1])]
    if sentences and sentences[-1] > limit // 2:
        return text[: sentences[-1]]
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def distance_text(metres: float | None) -> str:
    if metres is None:
        return ""
    if metres < 1000:
        return _("Less than 1 km away")
    return _("%(km)s km away", km=format_decimal(round(metres / 1000, 1)))


def facts(found: Found, place_label: str | None) -> list[str]:
    """The short sentences under a result, each complete on its own (so they never run together)."""
    service = found.service
    lines = [
        coverage_text(found, place_label) if place_label else _("Area: %(area)s", area=area_text(service))
    ]
    if service.languages:
        lines.append(_("Languages: %(names)s", names=", ".join(languages(service))))
    lines = [line if line.endswith((".", "?", "!")) else line + "." for line in lines]
    if service.anonymous_contact:
        lines.append(_("You can stay anonymous."))
    if service.third_party_reporting:
        lines.append(_("Can report to the police for you."))
    return lines
