"""Encryption at rest for report answers: MultiFernet over the keys in ``REPORT_KEYS`` (newest first)."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import current_app

__all__ = ["InvalidToken", "decrypt", "decrypt_json", "encrypt", "encrypt_json", "rotate"]


@lru_cache(maxsize=4)
def _fernet_for(keys: str) -> MultiFernet:
    parts = [key.strip() for key in keys.split(",") if key.strip()]
    if not parts:
        raise RuntimeError("REPORT_KEYS is empty: set at least one Fernet key.")
    try:
        return MultiFernet([Fernet(key) for key in parts])
    except ValueError as error:  # never echo the key itself
        raise RuntimeError("REPORT_KEYS holds a value that is not a Fernet key.") from error


def _fernet() -> MultiFernet:
    return _fernet_for(current_app.config["REPORT_KEYS"])


def encrypt(text: str) -> str:
    """Encrypt with the first (newest) key; the token is URL-safe ASCII, stored as text."""
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str | bytes) -> str:
    """Decrypt with any configured key; raises ``InvalidToken`` if none fits or it was tampered with."""
    raw = token.encode("ascii") if isinstance(token, str) else token
    return _fernet().decrypt(raw).decode("utf-8")


def rotate(token: str | bytes) -> str:
    """Re-encrypt a token under the newest key (after a new key is put first in ``REPORT_KEYS``)."""
    raw = token.encode("ascii") if isinstance(token, str) else token
    return _fernet().rotate(raw).decode("ascii")


def encrypt_json(value: Any) -> str:
    return encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def decrypt_json(token: str | bytes) -> Any:
    return json.loads(decrypt(token))
