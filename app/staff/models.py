"""Staff tables: users, areas, sign-in throttling, triage of reports, notes, imports and the audit log."""

from __future__ import annotations

from datetime import date, datetime

from geoalchemy2 import Geography
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, INET, JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.centres.models import Centre
from app.extensions import db

#: ``centre``: a worker at one reporting centre (assisted reports, their own listing), nothing else.
ROLES = ("admin", "reviewer", "editor", "centre")
#: Triage statuses in the order a report moves through them. A report without a triage row is "new".
STATUSES = ("new", "in_review", "referred_police", "referred_support", "closed")

staff_user_area = Table(
    "staff_user_area",
    db.metadata,
    Column("user_id", Integer, ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", Integer, ForeignKey("staff_area.id", ondelete="CASCADE"), primary_key=True),
)


class StaffUser(db.Model):
    __tablename__ = "staff_user"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'reviewer', 'editor', 'centre')", name="role_known"),
        CheckConstraint("(role = 'centre') = (centre_id IS NOT NULL)", name="centre_worker_has_centre"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    #: The one reporting centre a ``centre`` worker works at (None for every other role).
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centre.id", ondelete="RESTRICT"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    #: The password was set by someone else (create-staff, an admin, the demo): change it at sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    #: TOTP secret, encrypted with REPORT_KEYS; ``totp_enabled`` once a first code proved the set-up.
    totp_secret: Mapped[str | None] = mapped_column(Text)
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    #: The last TOTP time step accepted, so one code cannot be used twice.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    #: Keyed hashes of the unused one-time recovery codes (each removed when used).
    recovery_codes: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list, server_default="{}")
    #: Raised by a password change or sign-out everywhere: a half-finished sign-in (password given, code
    #: not yet) from before it cannot be completed.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    areas: Mapped[list[Area]] = relationship(secondary=staff_user_area, order_by="Area.name")
    centre: Mapped[Centre | None] = relationship(lazy="joined")

    # Flask-Login's user protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def assisting_centre(self) -> tuple[int, str] | None:
        """(centre id, centre name) while this user may send assisted reports for a centre: a centre
        worker who has finished setting up sign-in. The report journey reads only this."""
        if self.role != "centre" or self.centre is None or self.must_change_password or not self.totp_enabled:
            return None
        return self.centre.id, self.centre.name


class StaffSession(db.Model):
    """A signed-in staff session, kept server-side: the cookie holds a random token, this table only its
    SHA-256. Deleting the row ends the session for every copy of the cookie."""

    __tablename__ = "staff_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Area(db.Model):
    """A police force, council or district. Reports inside its boundary are its reports."""

    __tablename__ = "staff_area"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    boundary = mapped_column(
        Geography(geometry_type="MULTIPOLYGON", srid=4326, spatial_index=True), nullable=True
    )
    #: Reports without a location (online, unknown place) go to the default area. One at most.
    is_default: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    is_example: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")


class ReportRouting(db.Model):
    """The areas a report was routed to when it arrived, decided on its exact point.

    The exact point is kept only inside the encrypted report; the queryable location is about 1 km
    coarse, which near a boundary can fall in the neighbouring area. So the decision is made once, on
    arrival, and kept. A report without a row (made before routing was recorded) is routed by its
    stored location instead.
    """

    __tablename__ = "report_routing"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    #: Empty when the exact point lay outside every area (the "unrouted" queue).
    area_ids: Mapped[list[int]] = mapped_column(ARRAY(Integer), default=list, server_default="{}")


class SignInThrottle(db.Model):
    """Failed sign-ins per account name (a keyed hash, so unknown names are throttled the same way)."""

    __tablename__ = "staff_sign_in_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_failure_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ReportTriage(db.Model):
    """Where a report is in triage. No row means "new" and unassigned."""

    __tablename__ = "report_triage"
    __table_args__ = (
        CheckConstraint(
            "status IN ('new', 'in_review', 'referred_police', 'referred_support', 'closed')",
            name="status_known",
        ),
    )

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    assigned_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL"), index=True
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    #: Set by ``flask apply-retention``: free text and personal details have been erased.
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ReportReferral(db.Model):
    """A report passed to the police: which force, when, their crime or URN number, and, when the
    reporter asked for information only, why it was referred all the same (encrypted like notes)."""

    __tablename__ = "report_referral"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    force: Mapped[str] = mapped_column(String(200))
    referred_on: Mapped[date] = mapped_column(Date)
    crime_reference: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text)
    referred_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ReportLink(db.Model):
    """Two reports staff judged to be about the same incident; stored both ways round."""

    __tablename__ = "report_link"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)


class ReportNote(db.Model):
    """An internal note on a report; the text is encrypted like the report's own details."""

    __tablename__ = "report_note"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class PendingImport(db.Model):
    """An uploaded file waiting for the editor to confirm its preview (kept in the database, not on
    one server's disk, so any app server can finish the import)."""

    __tablename__ = "staff_pending_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class AuditEvent(db.Model):
    """Append-only (a trigger refuses UPDATE and DELETE). Never holds personal data: ids and codes only."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"), index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict] = mapped_column(JSONB, default=dict, server_default="{}")
    #: Where the request came from (the proxy-corrected client address) and its browser.
    source_address: Mapped[str | None] = mapped_column(INET)
    user_agent: Mapped[str | None] = mapped_column(String(300))
