"""What every question page's form can declare about itself, so the generic view needs no special cases."""

from __future__ import annotations

from typing import Any, ClassVar

from flask_wtf import FlaskForm

from app.report.answers import Answers
from app.report.rows import Row


class StepForm(FlaskForm):
    """A step's form. Override the hooks a step needs; the defaults suit a plain question."""

    #: The part of the check-your-answers page its rows go in (``app.report.summary.SECTIONS``).
    section: ClassVar[str] = "incident"

    def prepare(self, answers: Answers) -> None:
        """Adjust the form to earlier answers before it is validated or shown (e.g. drop a question)."""

    def save(self, answers: Answers, names: tuple[str, ...]) -> None:
        """Copy this step's valid answers into the draft; a step may derive more from them."""
        answers.update({name: value for name, value in self.data.items() if name in names})

    def point_errors(self) -> None:
        """Make the error summary link to the input to fix (a step with grouped inputs overrides it)."""

    @classmethod
    def tidy(cls, answers: Answers) -> None:
        """Forget this step's answers that other answers have made irrelevant."""

    @classmethod
    def rows(cls, answers: Answers) -> list[Row]:
        """This step's lines on the check-your-answers page and the printed copy."""
        return []

    @classmethod
    def extra_context(cls) -> dict[str, Any]:
        """More values for the step's template (e.g. the character count's messages)."""
        return {}
