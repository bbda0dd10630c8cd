"""Check a report's progress: its reference and the short secret given when it was sent.

Whoever holds both learns the report's progress (received, being looked at, passed to the police,
closed) and nothing else. An unknown reference and a wrong secret get the same answer, and checks are
limited per address and per reference, so the secret cannot be guessed by trying.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from flask import current_app, render_template, request, session
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_wtf import FlaskForm

from app.extensions import limiter
from app.report import bp, queries
from app.report.drafts import ALPHABET
from app.report.fields import Required, Text
from app.report.vocab import PROGRESS

#: The secret of the report this browser has just sent, kept only until Exit, sign-out or Finish.
SESSION_KEY = "report_progress_secret"
SECRET_LENGTH = 6
CHECK_LIMIT_PER_ADDRESS = "20/hour"
CHECK_LIMIT_PER_REFERENCE = "10/hour"


def new_secret() -> str:
    """``XXX-XXX`` from the unambiguous alphabet (25**6, about 2.4e8 values; guessing is rate limited)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(SECRET_LENGTH))
    return f"{raw[:3]}-{raw[3:]}"


def _squash(text: str | None) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def normalise_reference(text: str | None) -> str:
    """A reference as typed (any case, spaces, dashes, with or without "HC") as stored: HC-XXXX-XXXX."""
    raw = _squash(text)
    raw = raw[2:] if raw.startswith("HC") and len(raw) == 10 else raw
    return f"HC-{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def secret_hash(secret: str) -> str:
    """HMAC of the secret as typed (case, spaces and dashes do not matter): the table never holds it."""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"progress:{_squash(secret)}"
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def remember_secret(submission_key: str, secret: str) -> None:
    session[SESSION_KEY] = {"for": submission_key, "secret": secret}


def shown_secret(submission_key: str) -> str | None:
    """The secret to show on the confirmation page or receipt of the report just sent (only that one)."""
    kept = session.get(SESSION_KEY)
    if isinstance(kept, dict) and kept.get("for") == submission_key:
        return str(kept.get("secret") or "") or None
    return None


class ProgressForm(FlaskForm):
    reference = Text(
        _l("Report reference"),
        description=_l("For example, HC-7KQ2-M9XD"),
        validators=[Required(_l("Enter the reference of the report"))],
    )
    secret = Text(
        _l("Progress code"),
        description=_l("The 6 letters and numbers you were given with the reference, for example, K7Q-M9X"),
        validators=[Required(_l("Enter the progress code you were given"))],
    )


def _reference_key() -> str:
    """Checks are counted per reference too, so guesses spread over many addresses still stop."""
    return "progress:" + normalise_reference(request.form.get("reference"))


@bp.route("/report/progress", methods=["GET", "POST"])
@limiter.limit(CHECK_LIMIT_PER_ADDRESS, methods=["POST"], key_func=get_remote_address)
@limiter.limit(CHECK_LIMIT_PER_REFERENCE, methods=["POST"], key_func=_reference_key)
def progress() -> Any:
    form = ProgressForm()
    found = None
    if request.method == "POST" and form.validate():
        reference = normalise_reference(form.reference.data)
        found = queries.progress_of(reference, secret_hash(form.secret.data or ""))
        if found is None:
            message = str(
                _l(
                    "We could not find a report with that reference and progress code. "
                    "Check both and try again"
                )
            )
            form.reference.errors.append(message)
        else:
            return render_template(
                "report/progress_result.html",
                reference=reference,
                progress=found,
                labels=dict(PROGRESS),
            )
    return render_template("report/progress.html", form=form)
