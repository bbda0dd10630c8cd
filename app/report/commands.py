"""The report feature's flask commands: expire old drafts, re-encrypt under a new key."""

from __future__ import annotations

import click

from app.extensions import db
from app.report import bp, drafts, queries


@bp.cli.command("purge-drafts")
def purge_drafts() -> None:
    """Delete report drafts that have not been touched for DRAFT_TTL (run it hourly from cron)."""
    count = queries.purge_expired_drafts(drafts.ttl())
    db.session.commit()
    click.echo(f"Deleted {count} expired report draft(s).")


@bp.cli.command("rotate-report-keys")
def rotate_report_keys() -> None:
    """Re-encrypt every draft and report under the first key in REPORT_KEYS (after adding a new key)."""
    counted = queries.rotate_keys()
    db.session.commit()
    click.echo(f"Re-encrypted {counted[0]} draft(s) and {counted[1]} report(s) with the newest key.")
