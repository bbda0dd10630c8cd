"""One pagination for every staff list: Flask-SQLAlchemy's ``paginate`` with a page number that can never
break the query, rendered by one macro (``templates/staff/_pagination.html``)."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import Select

from app.extensions import db

PER_PAGE = 25
#: Far beyond any real list; keeps ``OFFSET`` inside PostgreSQL's bigint whatever the address says.
MAX_PAGE = 100_000


def page_number() -> int:
    """The ``?page=`` of this request as a safe number: anything not a whole number from 1 becomes 1, and
    a huge one is capped (so ``?page=-1``, ``?page=x`` and ``?page=99999999999999999999`` never fail)."""
    if not has_request_context():
        return 1
    value = request.args.get("page", "1").strip()
    if not (value.isascii() and value.isdigit()):
        return 1
    return MAX_PAGE if len(value) > len(str(MAX_PAGE)) else max(1, min(int(value), MAX_PAGE))


class RowPagination(SelectPagination):
    """Pagination over a select of several columns: its items are whole rows, not first columns."""

    def _query_items(self) -> list[Any]:
        select = self._query_args["select"]
        session = self._query_args["session"]
        return list(session.execute(select.limit(self.per_page).offset(self._query_offset)).all())


def paginate(select: Select, *, rows: bool = False, page: int | None = None) -> Pagination:
    """One page of ``select`` (the request's page unless given; past the end, the last page): ``.items``,
    ``.total``, ``.pages``… With ``rows`` the items are tuples of every selected column."""
    number = page_number() if page is None else max(1, min(page, MAX_PAGE))
    found = _paginate(select, rows, number)
    if found.total and number > (found.pages or 1):
        found = _paginate(select, rows, found.pages or 1)  # past the end: the last page
    return found


def _paginate(select: Select, rows: bool, number: int) -> Pagination:
    if rows:
        return RowPagination(
            select=select, session=db.session(), page=number, per_page=PER_PAGE, error_out=False, count=True
        )
    return db.paginate(select, page=number, per_page=PER_PAGE, error_out=False, count=True)
