"""Encryption at rest: round trip, tamper detection and key rotation with MultiFernet."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from flask import Flask

from app import crypto


@pytest.fixture
def keyed() -> Flask:
    app = Flask(__name__)
    app.config["REPORT_KEYS"] = Fernet.generate_key().decode()
    return app


def test_round_trip_hides_the_text(keyed: Flask) -> None:
    with keyed.app_context():
        token = crypto.encrypt("Someone shouted at me on Bridge Street – ąę 💬")
        assert isinstance(token, str) and "Bridge" not in token
        assert crypto.decrypt(token) == "Someone shouted at me on Bridge Street – ąę 💬"
        assert crypto.decrypt(token.encode()) == crypto.decrypt(token)
        assert crypto.encrypt("same") != crypto.encrypt("same")  # random IV: equal texts do not show


def test_json_round_trip(keyed: Flask) -> None:
    with keyed.app_context():
        value = {"name": "Zofia", "lines": ["a", "b"], "n": 3}
        assert crypto.decrypt_json(crypto.encrypt_json(value)) == value


def test_tampered_or_foreign_tokens_are_refused(keyed: Flask) -> None:
    with keyed.app_context():
        token = crypto.encrypt("secret")
        broken = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
        with pytest.raises(crypto.InvalidToken):
            crypto.decrypt(broken)
    other = Flask(__name__)
    other.config["REPORT_KEYS"] = Fernet.generate_key().decode()
    with other.app_context(), pytest.raises(crypto.InvalidToken):
        crypto.decrypt(token)


def test_rotation_keeps_old_tokens_readable_and_moves_them_to_the_new_key(keyed: Flask) -> None:
    old_key = keyed.config["REPORT_KEYS"]
    with keyed.app_context():
        token = crypto.encrypt("before rotation")
    new_key = Fernet.generate_key().decode()
    keyed.config["REPORT_KEYS"] = f"{new_key},{old_key}"
    with keyed.app_context():
        assert crypto.decrypt(token) == "before rotation"
        rotated = crypto.rotate(token)
        assert crypto.decrypt(rotated) == "before rotation"
    keyed.config["REPORT_KEYS"] = new_key  # the old key retired
    with keyed.app_context():
        assert crypto.decrypt(rotated) == "before rotation"
        with pytest.raises(crypto.InvalidToken):
            crypto.decrypt(token)


def test_missing_or_bad_keys_fail_clearly(keyed: Flask) -> None:
    keyed.config["REPORT_KEYS"] = " , "
    with keyed.app_context(), pytest.raises(RuntimeError, match="REPORT_KEYS is empty"):
        crypto.encrypt("x")
    keyed.config["REPORT_KEYS"] = "not-a-key"
    with keyed.app_context(), pytest.raises(RuntimeError, match="not a Fernet key"):
        crypto.encrypt("x")
