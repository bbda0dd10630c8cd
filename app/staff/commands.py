"""``flask create-staff``, ``flask import-areas`` and ``flask apply-retention``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
import sqlalchemy
from flask import current_app

from app.config import owner_url_for
from app.extensions import db
from app.staff import auth, bp
from app.staff.models import ROLES
from app.staff.queries import accounts, audit, retention, routing
from app.staff.queries import centre as centre_queries

DEFAULT_RETENTION_DAYS = 2555  # 7 years


@bp.cli.command("create-staff")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True, help="admin, reviewer, editor or centre.")
@click.option("--area", "area_names", multiple=True, help="Name of an area (repeat for several).")
@click.option("--centre", "centre_slug", help="A centre worker's reporting centre, by its slug.")
def create_staff(email: str, role: str, area_names: tuple[str, ...], centre_slug: str | None) -> None:
    """Create a staff account and print a one-time password (changed at first sign-in)."""
    if accounts.user_by_email(email):
        raise click.ClickException(f"There is already an account for {email}.")
    areas = []
    for name in area_names:
        area = routing.area_by_name(name)
        if area is None:
            raise click.ClickException(
                f"No area is called {name!r}. Load areas with flask import-areas first."
            )
        areas.append(area)
    if role == "reviewer" and not areas:
        raise click.ClickException("A reviewer needs at least one --area.")
    centre = centre_queries.centre_by_slug(centre_slug) if centre_slug else None
    if role == "centre" and centre is None:
        raise click.ClickException(
            f"No centre has the slug {centre_slug!r}."
            if centre_slug
            else "A centre worker needs --centre SLUG."
        )
    if role != "centre" and centre_slug:
        raise click.ClickException("Only a centre worker (--role centre) has a --centre.")
    password = auth.new_one_time_password()
    user = accounts.create_user(
        None,
        email,
        role,
        auth.hash_password(password),
        areas,
        by="command",
        centre_id=centre.id if centre is not None else None,
    )
    db.session.commit()
    at = f" at {centre.name}" if centre is not None else ""
    click.echo(f"Created {role} {user.email}{at}. One-time password: {password}")
    click.echo(
        "It must be changed at first sign-in"
        + (", and two-step sign-in set up." if role in auth.TWO_STEP_ROLES else ".")
    )


@bp.cli.command("import-areas")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name-property", default="name", show_default=True, help="Feature property holding the name.")
@click.option("--default", "default_name", help="Name of the area that receives reports without a location.")
def import_areas(file: Path, name_property: str, default_name: str | None) -> None:
    """Load areas (polygons or multipolygons, WGS84) from a GeoJSON file; re-running replaces them by name."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{file} is not GeoJSON: {error}") from error
    if isinstance(data, dict) and isinstance(data.get("features"), list):
        for feature in data["features"]:
            props = feature.get("properties") or {}
            if name_property in props:
                props["name"] = props[name_property]
    errors, loaded = [], 0
    for number, (name, geometry) in enumerate(routing.iter_geojson_features(data), start=1):
        if not name:
            errors.append(f"feature {number}: no {name_property!r} property")
        elif geometry is None:
            errors.append(f"feature {number} ({name}): not a Polygon or MultiPolygon")
        elif problem := routing.geometry_problem(geometry):
            errors.append(f"feature {number} ({name}): {problem}")
        else:
            routing.upsert_area(name, geometry)
            loaded += 1
    if errors or not loaded:
        db.session.rollback()
        for line in errors:
            click.echo(line, err=True)
        raise click.ClickException("Nothing was imported." if errors else "No features found.")
    if default_name:
        area = routing.area_by_name(default_name) or routing.upsert_area(default_name, None)
        routing.set_default_area(None, area, by="command")
    audit.record(None, "areas_imported", "staff_area", None, count=loaded, by="command")
    db.session.commit()
    click.echo(f"{loaded} area(s) loaded.")


@bp.cli.command("apply-retention")
def apply_retention() -> None:
    """Anonymise reports older than REPORT_RETENTION_DAYS and delete expired drafts (run daily)."""
    days = int(current_app.config.get("REPORT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    ttl = current_app.config.get("DRAFT_TTL", timedelta(hours=24))
    anonymised = retention.apply_retention(timedelta(days=days), datetime.now(UTC))
    drafts = retention.purge_drafts(ttl)
    audit.record(None, "retention_applied", "report", None, anonymised=anonymised, drafts=drafts, days=days)
    db.session.commit()
    click.echo(
        f"Anonymised {anonymised} report(s) older than {days} days; deleted {drafts} expired draft(s)."
    )


@bp.cli.command("grant-runtime-role")
@click.argument("role")
def grant_runtime_role(role: str) -> None:
    """Give the app's own database login ROLE what it needs, run as the tables' owner (after
    ``flask db upgrade``): all tables, but the audit trail only to add to and read."""
    # Grants need the tables' owner: the app's own login (set up by tools/provision.py) owns nothing.
    owner_url = (
        current_app.config.get("MIGRATION_DATABASE_URL") or owner_url_for(db.engine.url) or db.engine.url
    )
    engine = sqlalchemy.create_engine(owner_url, poolclass=sqlalchemy.pool.NullPool)
    with engine.begin() as connection:
        audit.grant_runtime_role(connection, role)
    click.echo(f"{role} may now use the tables; the audit trail only to add to and read.")
