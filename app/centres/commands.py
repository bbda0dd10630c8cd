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
@click.option(
    "--sync", is_flag=True, help="The file is the whole list: centres missing from it become inactive."
)
def import_centres_command(file: Path, skip_bad: bool, sync: bool) -> None:
    """Load reporting centres from FILE.csv. Any bad row stops the whole import unless --skip-bad."""
    report = import_centres(file, skip_bad=skip_bad, sync=sync)
    for error in report.errors:
        click.echo(error, err=True)
    if report.errors and (sync or not skip_bad):
        db.session.rollback()
        advice = (
            "--sync needs a file without problems (a bad row must not hide a centre). Fix the lines above."
            if sync
            else "Fix the lines above, or use --skip-bad to import the other rows."
        )
        raise click.ClickException(
            f"{len(report.errors)} problem(s) found, so nothing was imported. {advice}"
        )
    db.session.commit()
    skipped = f", {len(report.errors)} problem(s) skipped" if report.errors else ""
    click.echo(f"{len(report.rows):,} centres imported{skipped}.")
    if sync:
        click.echo(f"{report.deactivated:,} centres not in the file were made inactive.")
