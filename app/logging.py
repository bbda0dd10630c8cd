"""Structured logs: one JSON object a line, with a request id, and never query strings or form data.

Each request gets an id (a safe ``X-Request-Id`` from the proxy, or a new one), echoed in the response
and put on every line logged while it runs. One access line per request gives method, path (without the
query string: a search may hold a postcode), status and duration. Messages are the code's own words;
exception text is replaced by its class name for database errors, whose text may quote parameters.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-Id"
#: What we accept from a proxy: short, printable, no spaces (anything else could forge log lines).
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
ACCESS_LOGGER = "stand_together.access"
#: Loggers whose lines go out as JSON: the app's, our access log, the libraries that talk about requests.
LOGGERS = ("stand_together", "app", "gunicorn.error", "sqlalchemy", "flask_limiter")


def request_id() -> str | None:
    """The current request's id (None outside a request)."""
    return g.get("request_id") if has_request_context() else None


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id and whitelisted extra fields; tracebacks without values."""

    EXTRA = ("method", "path", "status", "duration_ms", "remote")

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", None) or request_id()
        if rid:
            entry["request_id"] = rid
        for key in self.EXTRA:
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
            entry["traceback"] = self._traceback(record)
        return json.dumps(entry, ensure_ascii=False, default=str)

    @staticmethod
    def _traceback(record: logging.LogRecord) -> str:
        """File/line frames only: exception messages can quote what someone typed (SQL parameters)."""
        import traceback

        _kind, _error, tb = record.exc_info  # type: ignore[misc]
        frames = traceback.extract_tb(tb)
        return " | ".join(f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in frames[-12:])


def _new_id() -> str:
    return uuid.uuid4().hex


def _begin() -> None:
    g.request_started = time.perf_counter()
    given = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = given if SAFE_REQUEST_ID.fullmatch(given) else _new_id()


def _finish(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = request_id() or _new_id()
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 2) if started else None
    logging.getLogger(ACCESS_LOGGER).info(
        "request",
        extra={
            "method": request.method,
            "path": request.path,  # never request.full_path or request.url: no query string
            "status": response.status_code,
            "duration_ms": duration,
        },
    )
    return response


def configure(stream: Any = None, level: int = logging.INFO) -> logging.Handler:
    """Send the service's loggers to ``stream`` (stderr) as JSON lines; idempotent."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.set_name("stand-together-json")
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if h.get_name() == "stand-together-json"]:
            logger.removeHandler(old)
        logger.addHandler(handler)
        logger.propagate = False
        if name in {"sqlalchemy"}:
            logger.setLevel(logging.WARNING)  # INFO would print every statement
        elif logger.level == logging.NOTSET or logger.level > level:
            logger.setLevel(level)
    return handler


def init_app(app: Flask) -> None:
    """Request ids and access lines for every request; JSON output unless the app is under test."""
    app.before_request(_begin)
    app.after_request(_finish)
    if not app.config.get("TESTING") or app.config.get("JSON_LOGS"):
        from flask.logging import default_handler

        configure(level=logging.DEBUG if app.debug else logging.INFO)
        app.logger.removeHandler(default_handler)  # ours, on the same logger, writes JSON instead
