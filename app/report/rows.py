"""Check-your-answers rows: a step's answers as text in the reader's language (also the printed copy)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.report.vocab import LABELS, YES_NO_UNSURE


@dataclass(frozen=True)
class Row:
    key: str
    value: Markup
    #: Visually hidden text after "Change", so a screen reader says what each link changes.
    change: str
    #: The step whose Change link edits this row (filled in by the summary).
    step: str = ""


def text(value: str | None) -> Markup:
    if not value:
        return escape(_("Not provided"))
    return Markup("<br>").join(escape(line) for line in value.split("\n"))


def choice(field: str, value: str | None) -> Markup:
    labels = LABELS.get(field, dict(YES_NO_UNSURE))
    return text(str(labels.get(value, "")) if value else None)


def choices(field: str, values: list[str], other: str = "") -> Markup:
    labels = LABELS[field]
    lines = [f"{labels[v]}: {other}" if v == "other" and other else str(labels.get(v, v)) for v in values]
    return text("\n".join(lines))


def day(value: object) -> Markup:
    """A date as people write it, in the page's language (``3 March 2025``, ``3 Mawrth 2025``)."""
    return text(format_date(value, "d MMMM yyyy"))
