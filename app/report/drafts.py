"""The browser's link to its draft: a random token in the session cookie, codes and references.

Only a hash of the token reaches the database, and only an HMAC of a resume code, so neither a
database copy nor a log line can be turned back into access to someone's answers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app, session

from app.report import queries
from app.report.answers import Answers

SESSION_KEY = queries.DRAFT_SESSION_KEY
SUBMITTED_KEY = "report_submitted"
EXPIRED_KEY = "report_expired"
MOVED_KEY = "report_moved"
#: No 0/O, 1/I/L, 5/S, 8/B, U/V-like pairs: easy to read out, copy and type.
ALPHABET = "234679ACDEFGHJKMNPQRTVWXY"


def ttl() -> timedelta:
    return current_app.config.get("DRAFT_TTL", timedelta(hours=24))


def token_hash(token: str) -> str:
    return queries.hash_token(token)


def code(length: int = 8) -> str:
    """``XXXX-XXXX`` from the unambiguous alphabet (25**8, about 1.5e11 values)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(length))
    return f"{raw[:4]}-{raw[4:]}"


def new_reference() -> str:
    return "HC-" + code()


def normalise_code(text: str) -> str:
    """What someone typed, as the code it most likely is: case, spaces and dashes do not matter."""
    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == 8 else raw


def code_hash(text: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, normalise_code(text).encode(), hashlib.sha256).hexdigest()


def current_hash() -> str | None:
    token = session.get(SESSION_KEY)
    return token_hash(token) if token else None


def load() -> Answers | None:
    """This browser's answers so far; None if it has none. A draft that is gone is forgotten, noting
    why: opened on another device with its code (``MOVED_KEY``), or expired (``EXPIRED_KEY``)."""
    hashed = current_hash()
    if hashed is None:
        return None
    answers = queries.load_draft(hashed, ttl())
    if answers is None:
        session.pop(SESSION_KEY, None)
        session[MOVED_KEY if queries.was_moved(hashed) else EXPIRED_KEY] = True
    return answers


def gone_reason() -> str | None:
    """Why this browser's draft went away ("moved" or "expired"), once; None if it did not."""
    moved = session.pop(MOVED_KEY, False)
    expired = session.pop(EXPIRED_KEY, False)
    return "moved" if moved else "expired" if expired else None


def draft_gone() -> bool:
    return bool(session.get(MOVED_KEY) or session.get(EXPIRED_KEY))


def save(answers: Answers) -> None:
    token = session.get(SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
        session.pop(SUBMITTED_KEY, None)
    queries.save_draft(token_hash(token), answers)


def forget() -> bool:
    """Delete this browser's draft (Delete my answers)."""
    hashed = current_hash()
    session.pop(SESSION_KEY, None)
    return bool(hashed and queries.delete_draft(hashed))


def give_resume_code() -> tuple[str, datetime] | None:
    hashed = current_hash()
    if hashed is None:
        return None
    new_code = code()
    if not queries.set_resume_code(hashed, code_hash(new_code), ttl()):
        return None
    # The update above locks the draft until the request commits, so it still has an expiry here.
    expires = queries.draft_expiry(hashed, ttl())
    return (new_code, expires) if expires is not None else None


def resume(text: str) -> bool:
    token = secrets.token_urlsafe(32)
    if not queries.resume_draft(code_hash(text), token_hash(token), ttl()):
        return False
    session[SESSION_KEY] = token
    session.pop(EXPIRED_KEY, None)
    session.pop(MOVED_KEY, None)
    return True
