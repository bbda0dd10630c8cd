"""A finder result's card (everything but its link and distance), rendered once and kept while true."""

from __future__ import annotations

import re
from datetime import datetime

from flask import current_app
from flask_babel import get_locale
from markupsafe import Markup

from app import hours
from app.card_cache import CardCache
from app.centres import present
from app.centres.queries import NearbyCentre
from app.centres.vocab import ACCESSIBILITY_LABELS, language_name

cache = CardCache()
#: A run of white space with a line break in it shows as one space, like the line break alone.
_BLANK_LINES = re.compile(r"[ \t]*\n\s*")


def _key(item: NearbyCentre, now: datetime) -> tuple:
    """Every value the card shows or is worked out from, so an edited centre never meets an old card,
    and whether its details are out of date on ``now``'s day, so the warning appears the day it is due."""
    centre = item.centre
    return (
        "centre",
        str(get_locale()),
        item.nation,
        item.latitude,
        item.longitude,
        centre.id,
        centre.slug,
        centre.name,
        centre.address,
        centre.town,
        centre.postcode,
        centre.phone,
        centre.email,
        centre.website,
        centre.opening_hours,
        centre.hours_note,
        tuple(centre.accessibility or ()),
        tuple(centre.languages or ()),
        tuple(centre.services or ()),
        centre.last_checked,
        present.out_of_date(centre.last_checked, now.date()),
        centre.is_example,
        centre.updated_at,
    )


def card(item: NearbyCentre, now: datetime) -> Markup:
    """The card of one centre as at ``now``: example notice, address, open now, week, access, contact."""

    def render() -> tuple[str, datetime]:
        template = current_app.jinja_env.get_template("centres/_card.html")
        markup = template.render(
            item=item,
            now=now,
            present=present,
            accessibility_labels=ACCESSIBILITY_LABELS,
            language_name=language_name,
        )
        # Ten cards a page: the templates' indentation and blank lines are bytes no one sees.
        until = hours.steady_until(item.centre.opening_hours, now, item.nation)
        return _BLANK_LINES.sub("\n", markup).strip(), until

    return cache.get(_key(item, now), now, render)
