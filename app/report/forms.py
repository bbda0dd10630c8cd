"""Forms of the report outside the questions: send, delete or save (CSRF and a honeypot), and resume.

The question pages' forms live in ``app.report.steps``; their field types in ``app.report.fields``.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField

from app.report.fields import Required, Text


class SubmitForm(FlaskForm):
    """Send, delete or save: only the CSRF token, plus a honeypot that people never see."""

    nickname = StringField(_l("Leave this empty"))


class ResumeForm(FlaskForm):
    code = Text(
        _l("Enter your code"),
        description=_l("It has 8 letters and numbers, for example, 7KQ2-M9XD"),
        validators=[Required(_l("Enter the code you were given"))],
    )

    @staticmethod
    def wrong_code_message() -> str:
        return str(_l("That code is not right, or it has expired. Check it and try again"))
