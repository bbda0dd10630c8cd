"""Tables of the report feature: server-side drafts and submitted reports (free text encrypted)."""

from __future__ import annotations

from datetime import date, datetime

from geoalchemy2 import Geography
from sqlalchemy import (
    ARRAY,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class ReportDraft(db.Model):
    """Answers so far, encrypted as one JSON document, keyed by the hash of a token in the session."""

    __tablename__ = "report_draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: SHA-256 of the random token kept in the session cookie (the token itself is never stored).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: HMAC of a "save and come back later" code, if one was given out.
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    answers: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )


class Report(db.Model):
    """A submitted report. Categories, dates and area stay queryable; what people wrote is encrypted."""

    __tablename__ = "report"
    __table_args__ = (
        CheckConstraint("channel IN ('online', 'assisted')", name="channel_known"),
        CheckConstraint(
            "progress IN ('received', 'in_review', 'with_police', 'closed')", name="progress_known"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    #: Hash of the draft token: a repeated submit finds this row instead of writing a second report.
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    submitted_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )
    language: Mapped[str] = mapped_column(String(8))

    reporter_role: Mapped[str] = mapped_column(String(20))
    strands: Mapped[list[str]] = mapped_column(ARRAY(String(30)))
    incident_types: Mapped[list[str]] = mapped_column(ARRAY(String(30)))
    incident_date: Mapped[date | None] = mapped_column(Date, index=True)
    approximate_period: Mapped[str | None] = mapped_column(String(20))
    time_of_day: Mapped[str | None] = mapped_column(String(20))
    still_happening: Mapped[str] = mapped_column(String(10))
    place_kind: Mapped[str] = mapped_column(String(20))
    outward_code: Mapped[str | None] = mapped_column(String(4), index=True)
    district: Mapped[str | None] = mapped_column(String(100))
    #: Where it happened, snapped to a ~1 km grid (the exact point is only in ``details``).
    location = mapped_column(Geography(geometry_type="POINT", srid=4326, spatial_index=True), nullable=True)
    injuries: Mapped[str] = mapped_column(String(20))
    anonymous: Mapped[bool] = mapped_column(Boolean)
    victim_agrees: Mapped[str | None] = mapped_column(String(10))
    police_action: Mapped[str] = mapped_column(String(20))
    support_contact: Mapped[bool] = mapped_column(Boolean)
    #: "online", or "assisted" when a reporting centre's worker sent it with the victim.
    channel: Mapped[str] = mapped_column(String(10), default="online", server_default="online")
    #: The centre and worker of an assisted report, recorded from the signed-in worker (never asked).
    centre_id: Mapped[int | None] = mapped_column(ForeignKey("centre.id", ondelete="SET NULL"), index=True)
    assisted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    #: What a person checking progress is told (see ``PROGRESS`` in vocab), kept by staff status changes.
    progress: Mapped[str] = mapped_column(String(20), default="received", server_default="received")
    #: HMAC of the short secret that, with the reference, lets someone check progress.
    progress_secret_hash: Mapped[str | None] = mapped_column(String(64))
    #: Everything else (free text and personal details) as encrypted JSON: see ``Answers.sensitive()``.
    details: Mapped[str] = mapped_column(Text)


class ReportDraftMoved(db.Model):
    """A browser whose draft was opened elsewhere with a resume code (hash of its old token only), so
    that browser can be told the truth ("opened on another device") instead of "deleted"."""

    __tablename__ = "report_draft_moved"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    moved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
