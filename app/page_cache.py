"""Whole public pages kept in this process for a short while, and their compressed copies.

A busy page (the finder's results for a postcode on a campaign day, a directory filter, the home page)
is rendered once and answered from memory until one of three things happens:

* **The clock reaches the next whole minute.** Everything on a public page that depends on the time
  (open now, bank holidays, "these details may be out of date") changes only on a whole minute, so a
  page kept no longer than that is exactly what a fresh render would show.
* **The content changes.** The database keeps one number, the sequence ``content_version_seq``, that
  a trigger moves on every change to the centres and the directory (the geography importers move it
  when they finish). It is part of the key; each worker reads it at most once every
  ``PAGE_CACHE_POLL_SECONDS`` and at once after a change of its own, so a staff edit shows everywhere
  within that time.
* **It is pushed out** by the pages seen more recently (a bounded least-recently-used map).

Nothing personal is kept. A page is kept only when it was made for an empty session, set no cookie,
answered 200, and was asked for without coordinates and with only the query arguments its forms make:
a search from the browser's position is rendered each time and never held. What a page is keyed by
(a typed postcode or place, filters) stays in memory only, tied to no one, and is gone within the
minute.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, Response, current_app, g, has_app_context, request, session
from flask_babel import get_locale
from sqlalchemy import event, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import ORMExecuteState, Session

from app.card_cache import ALWAYS, NEVER, Kept
from app.extensions import db
from app.htmx import is_htmx

View = TypeVar("View", bound=Callable[..., Any])

#: Pages a worker keeps (a whole results page is about 36 KB, its brotli copy about 5 KB).
PAGES_KEPT = 512
#: Compressed copies: one or two encodings of each kept page.
COPIES_KEPT = 2 * PAGES_KEPT
#: A longer query string is rendered each time: no search form makes one, and it cannot crowd memory.
LONGEST_QUERY = 512
#: Query arguments that are a position (from "Use my location", or a place chosen among several): a
#: page asked for with one is never kept. Forms send them empty otherwise.
POSITION_ARGS = frozenset({"lat", "lon"})
#: The settings public pages show; part of the key, so a changed setting never meets an old page.
SHOWN_SETTINGS = (
    "SERVICE_NAME",
    "ORGANISATION_NAME",
    "CONTACT_EMAIL",
    "EMERGENCY_NUMBER",
    "NON_EMERGENCY_NUMBER",
    "TEXTPHONE_NUMBER",
    "SESSION_COOKIE_NAME",
    "LANGUAGES",
    "POSTCODE_API_URL",
)
#: The headers a view's own response carries that a kept copy must carry again.
KEPT_HEADERS = ("Content-Type", "Vary", "HX-Push-Url", "Cache-Control")


@dataclass(frozen=True)
class Page:
    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...]
    #: Names these exact bytes, for their compressed copies.
    token: str


#: The tables public pages are rendered from: a trigger on each moves the content version
#: (migrations/versions/0012_content_version.py). The geography tables are not among them: a public
#: search adds a postcode the API found, which must not drop every kept page; their importers move
#: the version themselves when they finish.
WATCHED = frozenset(
    {
        "centre",
        "directory_organisation",
        "directory_service",
        "directory_location",
        "directory_service_at_location",
        "directory_service_term",
        "directory_taxonomy_term",
        "directory_channel",
    }
)
_MOVE = "SELECT nextval('content_version_seq')"


class _Version:
    """This process's view of the content version: read again when older than the poll interval, or
    at once after a commit made here that changed content."""

    def __init__(self) -> None:
        self.value: int | None = None
        self.read_at = 0.0
        self._lock = threading.Lock()

    def current(self, poll_seconds: float) -> int:
        with self._lock:
            if self.value is not None and time.monotonic() - self.read_at < poll_seconds:
                return self.value
        # Straight on the session's connection: not an ORM statement, so not taken for a write below.
        connection = db.session.connection()
        value = int(connection.exec_driver_sql("SELECT last_value FROM content_version_seq").scalar_one())
        with self._lock:
            self.value, self.read_at = value, time.monotonic()
        return value

    def forget(self) -> None:
        with self._lock:
            self.value = None


_version = _Version()


def _content_version() -> int | None:
    """The content version as this worker knows it, or None when the database is away (the caller
    then does its work as it would without keeping anything; the home page needs no database)."""
    try:
        return _version.current(current_app.config["PAGE_CACHE_POLL_SECONDS"])
    except SQLAlchemyError:
        db.session.rollback()
        return None


def _changes_content(state: ORMExecuteState) -> bool:
    if state.is_select:
        return False
    table = getattr(state.statement, "table", None)
    if table is not None:
        return getattr(table, "name", None) in WATCHED
    # Raw SQL (the importers): a change unless it is plainly a SELECT.
    return not str(state.statement).lstrip().upper().startswith("SELECT")


@event.listens_for(Session, "do_orm_execute")
def _statement(state: ORMExecuteState) -> None:
    if _changes_content(state):
        state.session.info["changed_content"] = True


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context: object) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(getattr(getattr(type(item), "__table__", None), "name", None) in WATCHED for item in changed):
        session.info["changed_content"] = True


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    """The triggers move the version when a statement runs, before its commit: a page rendered in
    between would be kept under the new number with the old content. Moving it again once the change
    is committed closes that gap; this worker then reads the new number on its next page."""
    if not session.info.pop("changed_content", False) or not has_app_context():
        return
    _version.forget()
    try:
        with db.engine.connect() as connection:
            connection.exec_driver_sql(_MOVE)
            connection.commit()
    except SQLAlchemyError as error:
        # The change is committed: never fail its request for this. Pages kept in the gap end at the
        # next minute at the latest.
        current_app.logger.warning("content version not moved after a commit (%s)", type(error).__name__)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop("changed_content", None)


def bump_content_version() -> None:
    """For writers the triggers do not watch (the postcode and place importers): every kept page goes,
    now and again once the import is committed."""
    db.session.execute(text(_MOVE))
    db.session.info["changed_content"] = True


Result = TypeVar("Result")


def while_content_unchanged(read: Callable[..., list[Result]]) -> Callable[..., list[Result]]:
    """Keep what a read of the content tables returned (the filters' choices: languages, types) per
    database, arguments and content version, so a page rendered afresh does not ask again; a change
    to the content is seen as kept pages see it. Each caller gets its own copy of the list."""
    kept: dict[Hashable, tuple[int, tuple[Result, ...]]] = {}
    lock = threading.Lock()

    @wraps(read)
    def answer(*args: Hashable) -> list[Result]:
        version = _content_version()
        if version is None:
            return read(*args)
        key = (db.engine.url, args)
        with lock:
            found = kept.get(key)
        if found is not None and found[0] == version:
            return list(found[1])
        value = read(*args)
        with lock:
            kept[key] = (version, tuple(value))
        return list(value)

    return answer


def not_kept() -> None:
    """This request's page must not be kept (e.g. it shows that a lookup service is down)."""
    g.page_not_kept = True


def _next_minute(when: datetime) -> datetime:
    return when.replace(second=0, microsecond=0) + timedelta(minutes=1)


def _pages() -> Kept[Page]:
    return current_app.extensions.setdefault("page_cache", Kept[Page](PAGES_KEPT))


def _key(version: int, query_args: frozenset[str]) -> Hashable | None:
    """What the page is rendered from besides the database and the clock; None when it is not kept."""
    asked = set(request.args)
    if (
        request.method != "GET"
        or current_app.jinja_env.auto_reload
        or len(request.query_string) > LONGEST_QUERY
        or any(request.args.get(name) for name in POSITION_ARGS)
        or not asked <= query_args
    ):
        return None
    settings = tuple(_hashable(current_app.config.get(name)) for name in SHOWN_SETTINGS)
    return (
        request.endpoint,
        tuple(sorted((request.view_args or {}).items())),
        request.query_string,
        str(get_locale()),
        is_htmx(),
        version,
        settings,
    )


def _hashable(value: Any) -> Hashable:
    return tuple(value) if isinstance(value, list) else value


def _keepable(response: Response) -> bool:
    return (
        response.status_code == 200
        and not response.is_streamed
        and "Set-Cookie" not in response.headers
        # Every template may read the session (Flask-Login offers current_user to all): only a page
        # made for an empty one is kept, so nothing a person's session holds can be in a kept page.
        and not session
        and not g.get("page_not_kept")
    )


def _freeze(response: Response) -> Page:
    headers = tuple((name, value) for name in KEPT_HEADERS for value in response.headers.getlist(name))
    return Page(response.status_code, response.get_data(), headers, uuid.uuid4().hex)


def _answer(page: Page) -> Response:
    g.page_token = page.token
    return current_app.response_class(page.body, page.status, list(page.headers))


def kept(query_args: Iterable[str] = ()) -> Callable[[View], View]:
    """Decorate a public view whose page depends only on its address, language, the content and the
    clock's minute: the page is answered from memory while all of those are unchanged. ``query_args``
    are the arguments its forms and links make (and ``lang``); an address with any other is rendered
    each time, so made-up query strings cannot crowd out the pages people ask for."""
    allowed = frozenset(query_args) | {"lang"}

    def decorate(view: View) -> View:
        @wraps(view)
        def answer(*args: Any, **kwargs: Any) -> Any:
            if not current_app.config["PAGE_CACHE"]:
                return view(*args, **kwargs)
            version = _content_version()
            key = _key(version, allowed) if version is not None else None
            if key is None:
                return view(*args, **kwargs)
            pages = _pages()
            now = datetime.now(UTC)
            page = pages.peek(key, now)
            if page is not None:
                return _answer(page)
            response = current_app.make_response(view(*args, **kwargs))
            if not _keepable(response):
                return response
            page = _freeze(response)
            pages.put(key, page, now, _next_minute(now))
            return _answer(page)

        return cast(View, answer)

    return decorate


class CompressedCopies:
    """Flask-Compress's cache (``COMPRESS_CACHE_BACKEND``): the compressed bytes of kept pages, so a kept
    page is not compressed again on every request. Responses that are not kept pages are not held."""

    def __init__(self) -> None:
        self._copies = Kept[bytes](COPIES_KEPT)

    def get(self, key: str) -> bytes | None:
        return self._copies.peek(key, ALWAYS) if _names_a_kept_page(key) else None

    def set(self, key: str, value: bytes) -> None:
        if _names_a_kept_page(key):
            self._copies.put(key, value, ALWAYS, NEVER)


def _names_a_kept_page(key: str) -> bool:
    """Flask-Compress's key is "<encoding>;<our key>": ours is empty for a response that is no kept page."""
    return not key.endswith(";")


def compressed_copy_key(_request: object) -> str:
    """Flask-Compress's ``COMPRESS_CACHE_KEY``: the kept page's token, or "" (nothing held)."""
    return g.get("page_token", "")


def init_app(app: Flask) -> None:
    """Before Flask-Compress's init_app, which reads these two settings."""
    app.config["COMPRESS_CACHE_KEY"] = compressed_copy_key
    app.config["COMPRESS_CACHE_BACKEND"] = CompressedCopies
