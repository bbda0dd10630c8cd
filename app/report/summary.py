"""Answers as rows for the check-your-answers page and the printed copy, in the reader's language.

Each step declares its own rows and section (``StepForm.rows``, ``StepForm.section``); this only walks
the steps that apply.
"""

from __future__ import annotations

from dataclasses import replace

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from app.report import journey
from app.report.answers import Answers
from app.report.rows import Row

#: The check-your-answers page's sections, in order: (name, heading).
SECTIONS: tuple[tuple[str, LazyString], ...] = (
    ("incident", _l("What happened")),
    ("contacting", _l("Contacting you")),
    ("outcome", _l("What happens with your report")),
)


def rows(answers: Answers) -> list[Row]:
    return [
        replace(row, step=step.name)
        for step in journey.applicable(answers)
        for row in step.form.rows(answers)
    ]


def sections(answers: Answers) -> list[tuple[str, list[Row]]]:
    """(heading, rows) for each section that has rows."""
    found = []
    for name, heading in SECTIONS:
        steps = [step for step in journey.applicable(answers) if step.form.section == name]
        section_rows = [replace(row, step=step.name) for step in steps for row in step.form.rows(answers)]
        if section_rows:
            found.append((str(heading), section_rows))
    return found
