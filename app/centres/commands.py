"""``flask import-centres``: check a whole file, then write it in one transaction."""

from __future__ import annotations

from pathlib import Path

import click

from app.centres import bp
from app.centres.importer import import_centres
from app.extensions import db

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


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
