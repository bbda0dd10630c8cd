"""Answers as rows for the check-your-answers page and the printed copy, in the reader's language.

Each step declares its own rows (``StepForm.rows``); this only walks the steps that apply.
"""

from __future__ import annotations

from dataclasses import replace

from app.report import journey
from app.report.answers import Answers
from app.report.rows import Row


def rows(answers: Answers) -> list[Row]:
    return [
        replace(row, step=step.name)
        for step in journey.applicable(answers)
        for row in step.form.rows(answers)
    ]
