"""Centres and directory services as editors keep them, and browser imports with a preview."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from flask_sqlalchemy.pagination import Pagination
from geoalchemy2 import Geometry
from sqlalchemy import (
    ColumnElement,
    cast,
    delete,
    func,
    or_,
    select,
)

from app import hours as centre_hours
from app.centres import queries as centre_queries
from app.centres.models import Centre
from app.directory import queries as directory_queries
from app.directory.models import Service
from app.extensions import db
from app.staff import paging
from app.staff.models import (
    PendingImport,
    StaffUser,
)
from app.staff.queries import audit

if TYPE_CHECKING:
    from app.directory.queries import FeedCheck

#: Directory services not confirmed for this long are listed for review (centres follow
#: app/centres/queries.py's calendar-month rule).
STALE_AFTER = timedelta(days=365)

# --- centres -------------------------------------------------------------------------------------------


def _stale(column: Any, today: date) -> ColumnElement[bool]:
    return or_(column.is_(None), column < today - STALE_AFTER)


def list_centres(today: date, *, stale_only: bool = False, search: str = "") -> Pagination:
    """The request's page of centres (searched by name or town), active ones first; ``stale_only``
    keeps the active ones not confirmed for CHECK_AFTER_MONTHS."""
    query = select(Centre)
    if stale_only:
        query = query.where(Centre.active.is_(True), centre_queries.needs_checking_clause(today))
    if search:
        query = query.where(Centre.name.ilike(f"%{search}%") | Centre.town.ilike(f"%{search}%"))
    return paging.paginate(query.order_by(Centre.active.desc(), Centre.name))


def get_centre(centre_id: int) -> Centre | None:
    return db.session.get(Centre, centre_id)


def save_centre(
    actor: StaffUser, centre: Centre | None, values: dict[str, Any], latitude: float, longitude: float
) -> Centre:
    """Create (``centre`` None) or update a centre from the edit form; returns it."""
    if centre is None:
        slug = centre_queries.centre_slug(values["name"], values.get("town") or values.get("postcode") or "")
        taken = centre_queries.slugs_in_use([slug])
        if taken:
            slug = f"{slug[:110]}-{secrets.token_hex(3)}"
        centre = Centre(slug=slug, active=True, is_example=False)
        db.session.add(centre)
    for name, value in values.items():
        setattr(centre, name, value)
    action = "centre_created" if centre.id is None else "centre_updated"
    centre.location = func.ST_SetSRID(func.ST_MakePoint(longitude, latitude), 4326)
    db.session.flush()
    audit.record(actor, action, "centre", centre.id)
    return centre


def confirm_centre(actor: StaffUser, centre: Centre, today: date) -> None:
    centre.last_checked = today
    db.session.flush()
    audit.record(actor, "centre_confirmed", "centre", centre.id)


def toggle_centre(actor: StaffUser, centre: Centre) -> None:
    """Show a hidden centre in the finder again, or hide a shown one."""
    centre.active = not centre.active
    db.session.flush()
    audit.record(actor, "centre_active" if centre.active else "centre_deactivated", "centre", centre.id)


def centre_point(centre_id: int) -> tuple[float, float] | None:
    row = db.session.execute(
        select(func.ST_Y(cast(Centre.location, Geometry)), func.ST_X(cast(Centre.location, Geometry))).where(
            Centre.id == centre_id
        )
    ).first()
    return (row[0], row[1]) if row else None


def hours_problem(expression: str) -> str | None:
    return centre_hours.problem(expression)


# --- directory services --------------------------------------------------------------------------------


def list_services(today: date, *, stale_only: bool = False) -> Pagination:
    query = select(Service)
    if stale_only:
        query = query.where(Service.status == "active", _stale(Service.last_checked, today))
    return paging.paginate(query.order_by(Service.name))


def get_service(service_id: uuid.UUID) -> Service | None:
    return db.session.get(Service, service_id)


def update_service(actor: StaffUser, service: Service, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(service, name, value)
    db.session.flush()
    audit.record(actor, "service_updated", "service", service.id)


def confirm_service(actor: StaffUser, service: Service, today: date) -> None:
    service.last_checked = today
    db.session.flush()
    audit.record(actor, "service_confirmed", "service", service.id)


# --- browser imports with a preview --------------------------------------------------------------------

IMPORT_TTL = timedelta(hours=2)


def save_pending_import(
    user: StaffUser, kind: str, filename: str, content: bytes, preview: Preview | FeedCheck
) -> str:
    """Keep an uploaded file for its confirmation step; returns the token that names it."""
    db.session.execute(delete(PendingImport).where(PendingImport.created_at < func.now() - IMPORT_TTL))
    token = secrets.token_urlsafe(24)
    db.session.add(
        PendingImport(token=token, kind=kind, user_id=user.id, filename=filename[:200], content=content)
    )
    db.session.flush()
    audit.record(
        user,
        "import_previewed",
        kind,
        None,
        add=len(preview.add),
        change=len(preview.change),
        errors=len(preview.errors),
    )
    return token


def pending_import(user: StaffUser, kind: str, token: str) -> PendingImport | None:
    return db.session.scalar(
        select(PendingImport).where(
            PendingImport.token == token,
            PendingImport.kind == kind,
            PendingImport.user_id == user.id,
            PendingImport.created_at > func.now() - IMPORT_TTL,
        )
    )


def finish_import(user: StaffUser, pending: PendingImport, preview: Preview | FeedCheck) -> int:
    """Write a checked import in this request's transaction and drop its pending file."""
    # Only the centres check gives a Preview (services give the feed's own check), so the type says
    # which importer writes it, as ``pending.kind`` does.
    if isinstance(preview, Preview):
        clean = [{key: value for key, value in row.items() if key != "_line"} for row in preview.rows]
        count = centre_queries.upsert_centres(clean)
    else:
        count = directory_queries.write_feed(preview)
    audit.record(
        user, "import_confirmed", pending.kind, None, add=len(preview.add), change=len(preview.change)
    )
    db.session.delete(pending)
    db.session.flush()
    return count


@dataclass
class Preview:
    """What an import would do: rows to add and to change (by name), and problems by line."""

    add: list[str] = field(default_factory=list)
    change: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[Any] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def preview_centres(content: bytes) -> Preview:
    """Check a centres CSV with the importer's own checks; nothing is written."""
    preview = Preview()
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        preview.errors.append("line 1: the file is not UTF-8 text (save it as CSV UTF-8)")
        return preview
    report = centre_queries.check_centres(text)
    preview.errors = report.errors
    preview.rows = report.rows
    existing = centre_queries.slugs_in_use(row["slug"] for row in report.rows)
    for row in report.rows:
        (preview.change if row["slug"] in existing else preview.add).append(row["name"])
    return preview


def preview_services(content: bytes, name: str) -> FeedCheck:
    """Check an Open Referral file with the directory importer's own checks, as the feed named after the
    file (re-uploading it updates the same services); nothing is written."""
    return directory_queries.check_feed(content, "the file", name)
