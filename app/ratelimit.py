"""Rate-limit counters shared by every worker and app server: a ``limits`` storage in PostgreSQL.

``RATELIMIT_STORAGE_URI=database://`` (the default) keeps fixed-window counters in the ``rate_limit``
table of the app's own database, so five gunicorn workers (or five servers) count one "10 an hour"
together. ``redis://…`` works too when configured (with the ``redis`` package installed).
"""

from __future__ import annotations

import math
import os
import random
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from flask import Flask, current_app, has_app_context
from limits.storage import Storage
from sqlalchemy import DateTime, Engine, Integer, String, create_engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db, limiter

if TYPE_CHECKING:
    from flask_sqlalchemy.model import Model as _FlaskModel
    from sqlalchemy.orm import DeclarativeBase

    class _Model(_FlaskModel, DeclarativeBase):
        """What ``db.Model`` is for mypy, which cannot take an attribute as a base class: a
        declarative base (columns, ``__table__``, keyword constructor) with Flask-SQLAlchemy's
        ``query``. At run time the model subclasses ``db.Model`` itself."""

else:
    _Model = db.Model

SCHEME = "database"
#: One hit in this many also deletes expired counters, so the table stays small without a cron job.
CLEAN_EVERY = 500

INCREMENT = text(
    """
    INSERT INTO rate_limit (key, count, expires_at)
    VALUES (:key, :amount, to_timestamp(:now + :expiry))
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit.expires_at <= to_timestamp(:now)
                   THEN :amount ELSE rate_limit.count + :amount END,
      expires_at = CASE WHEN rate_limit.expires_at <= to_timestamp(:now)
                        THEN to_timestamp(:now + :expiry) ELSE rate_limit.expires_at END
    RETURNING count
    """
)


class RateLimit(_Model):
    """One fixed-window counter: a limit's key (limit, endpoint and client), hits, and window end."""

    __tablename__ = "rate_limit"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class DatabaseStorage(Storage):
    """``database://``: counters in the ``rate_limit`` table, one atomic statement per hit.

    It has its own small connection pool, outside the request's transaction: a refused request
    (rolled back) must still count, and counting must not wait for the request to finish. Times
    come from Python's clock, like the rest of ``limits``, so a frozen clock in tests freezes both.
    """

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.url = str(options.get("url", ""))

    #: Pools by (process, database URL), shared by every instance so ``reset`` reaches them all.
    _engines: ClassVar[dict[tuple[int, str], Engine]] = {}

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    @property
    def engine(self) -> Engine:
        """A small pool for the current app's database (one limiter may serve several apps, as in
        tests), made on first use in each process: a pool must not cross a fork (gunicorn workers)."""
        url = current_app.config["SQLALCHEMY_DATABASE_URI"] if has_app_context() else self.url
        key = (os.getpid(), str(url))
        if key not in self._engines:
            self._engines[key] = create_engine(url, pool_size=2, max_overflow=2, pool_pre_ping=True)
        return self._engines[key]

    @classmethod
    def dispose(cls, url: str) -> None:
        """Close this process's pool for ``url`` (before its database is dropped, as tests do)."""
        engine = cls._engines.pop((os.getpid(), url), None)
        if engine is not None:
            engine.dispose()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        params = {"key": key, "amount": amount, "expiry": float(expiry), "now": time.time()}
        with self.engine.begin() as connection:
            count = connection.execute(INCREMENT, params).scalar_one()
            if random.randrange(CLEAN_EVERY) == 0:
                connection.execute(
                    text("DELETE FROM rate_limit WHERE expires_at <= to_timestamp(:now)"), params
                )
        return int(count)

    def get(self, key: str) -> int:
        with self.engine.connect() as connection:
            count = connection.execute(
                text("SELECT count FROM rate_limit WHERE key = :key AND expires_at > to_timestamp(:now)"),
                {"key": key, "now": time.time()},
            ).scalar()
        return int(count or 0)

    def get_expiry(self, key: str) -> float:
        with self.engine.connect() as connection:
            expires = connection.execute(
                text("SELECT extract(epoch FROM expires_at) FROM rate_limit WHERE key = :key"), {"key": key}
            ).scalar()
        return float(expires) if expires is not None else time.time()

    def check(self) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT 1")).scalar() == 1

    def reset(self) -> int | None:
        """Clear every counter in every database this process has counted in (tests use several)."""
        self.engine  # noqa: B018 (makes sure the current app's database is among them)
        cleared = 0
        for key, engine in list(self._engines.items()):
            if key[0] != os.getpid():
                continue
            try:
                with engine.begin() as connection:
                    cleared += connection.execute(text("DELETE FROM rate_limit")).rowcount
            except SQLAlchemyError:  # that database has gone (a test dropped it): forget its pool
                engine.dispose()
                del self._engines[key]
        return cleared

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(text("DELETE FROM rate_limit WHERE key = :key"), {"key": key})


def retry_after_seconds() -> int:
    """Seconds until the limit this request broke lets it through again (at least 1)."""
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, math.ceil(current.window.reset_time - time.time()))


def init_app(app: Flask) -> None:
    """Bind the limiter, giving the database storage the app's own database URL."""
    if app.config.get("RATELIMIT_STORAGE_URI", "").startswith(f"{SCHEME}://"):
        options = dict(app.config.get("RATELIMIT_STORAGE_OPTIONS") or {})
        options.setdefault("url", app.config["SQLALCHEMY_DATABASE_URI"])
        app.config["RATELIMIT_STORAGE_OPTIONS"] = options
    limiter.init_app(app)
