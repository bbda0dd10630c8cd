"""Flask commands that load shared geography (postcodes, places, districts), one transaction each."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext

from app.extensions import db
from app.geo.importers import (
    ImportCount,
    ImportFormatError,
    import_outcodes,
    import_places,
    import_postcodes,
)

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _load(path: Path, loader: Callable[..., ImportCount], what: str) -> None:
    try:
        with click.progressbar(length=path.stat().st_size, label=f"Loading {path.name}") as bar:
            count = loader(path, bar.update)
    except ImportFormatError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{count.loaded:,} {what} loaded ({count.read:,} rows read, {count.skipped:,} skipped).")


@click.command("import-postcodes")
@click.argument("file", type=FILE)
@with_appcontext
def import_postcodes_command(file: Path) -> None:
    """Load FILE: ONS Postcode Directory CSV (pcds, lat, long, doterm) or any CSV with postcode,
    latitude, longitude. Gzipped files work too. Re-running updates rows instead of duplicating."""
    _load(file, import_postcodes, "postcodes")


@click.command("import-places")
@click.argument("file", type=FILE)
@with_appcontext
def import_places_command(file: Path) -> None:
    """Load town and city names from FILE: OS Open Names CSV (as published, no header), a GeoNames
    dump (GB.txt) or a CSV with name, latitude, longitude. Re-running updates rows."""
    _load(file, import_places, "places")


#: The district centres shipped with the app (loaded by the migration too).
SHIPPED_OUTCODES = Path(__file__).resolve().parent / "data" / "outcodes.csv"


@click.command("import-outcodes")
@click.argument("file", type=FILE, required=False)
@with_appcontext
def import_outcodes_command(file: Path | None) -> None:
    """Load postcode-district centres from FILE (default: the file shipped with the app): columns
    outward, latitude, longitude, town, admin_district, country, or the published gibbs/uk-postcodes
    CSV. Re-running updates rows."""
    _load(file or SHIPPED_OUTCODES, import_outcodes, "postcode districts")


COMMANDS = (import_postcodes_command, import_places_command, import_outcodes_command)


def register(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
