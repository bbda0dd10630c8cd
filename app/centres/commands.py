"""``flask import-postcodes``, ``flask import-places`` and ``flask import-centres``: each one transaction."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from app.centres import bp
from app.centres.importer import import_centres
from app.extensions import db
from app.geo.importers import ImportCount, ImportFormatError, import_places, import_postcodes

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


@bp.cli.command("import-postcodes")
@click.argument("file", type=FILE)
def import_postcodes_command(file: Path) -> None:
    """Load FILE: ONS Postcode Directory CSV (pcds, lat, long, doterm) or any CSV with postcode,
    latitude, longitude. Gzipped files work too. Re-running updates rows instead of duplicating."""
    _load(file, import_postcodes, "postcodes")


@bp.cli.command("import-places")
@click.argument("file", type=FILE)
def import_places_command(file: Path) -> None:
    """Load town and city names from FILE: OS Open Names CSV (as published, no header), a GeoNames
    dump (GB.txt) or a CSV with name, latitude, longitude. Re-running updates rows."""
    _load(file, import_places, "places")


@bp.cli.command("import-centres")
@click.argument("file", type=FILE)
@click.option("--skip-bad", is_flag=True, help="Import the good rows even if some rows have errors.")
def import_centres_command(file: Path, skip_bad: bool) -> None:
    """Load reporting centres from FILE.csv. Any bad row stops the whole import unless --skip-bad."""
    report = import_centres(file, skip_bad=skip_bad)
    for error in report.errors:
        click.echo(error, err=True)
    if report.errors and not skip_bad:
        db.session.rollback()
        raise click.ClickException(
            f"{len(report.errors)} problem(s) found, so nothing was imported. "
            "Fix the lines above, or use --skip-bad to import the other rows."
        )
    db.session.commit()
    skipped = f", {len(report.errors)} problem(s) skipped" if report.errors else ""
    click.echo(f"{len(report.rows):,} centres imported{skipped}.")
