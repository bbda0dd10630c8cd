"""Demo data for a fresh instance: each feature's ``demo.seed()`` (idempotent, marked as examples)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec

from app import FEATURES
from app.extensions import db


def seed_all() -> Iterator[str]:
    """Run every feature's seeder in order, committing after each; yields one summary line each."""
    for name in FEATURES:
        if find_spec(f"app.{name}.demo") is None:
            continue
        yield import_module(f"app.{name}.demo").seed()
        db.session.commit()
