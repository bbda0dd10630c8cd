"""Flask commands that load shared geography (postcodes, places, districts), one transaction each."""

from __future__ import annotations

import sys
import time
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


class Meter:
    """Shows how a load goes: a bar with rows/s and time left on a terminal, else a line every few
    seconds (for logs). Fed bytes read (which give the fraction done) and rows parsed."""

    EVERY_SECONDS = 5.0

    def __init__(self, size: int, label: str, terminal: bool | None = None) -> None:
        self.size, self.label = max(size, 1), label
        self.terminal = sys.stdout.isatty() if terminal is None else terminal
        self.done_bytes = self.done_rows = 0
        self.started = self.last_line = time.monotonic()
        self.bar = (
            click.progressbar(length=self.size, label=label, show_eta=True, item_show_func=self._rate)
            if self.terminal
            else None
        )

    def __enter__(self) -> Meter:
        if self.bar:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.__exit__(None, None, None)

    def _rate(self, _item: object = None) -> str:
        return f"{self.done_rows:,} rows, {self.rows_per_second():,.0f} rows/s"

    def rows_per_second(self) -> float:
        return self.done_rows / max(time.monotonic() - self.started, 1e-6)

    def seconds_left(self) -> float:
        elapsed = time.monotonic() - self.started
        return elapsed * (self.size - self.done_bytes) / max(self.done_bytes, 1)

    def read(self, size: int) -> None:
        self.done_bytes = min(self.done_bytes + size, self.size)
        if self.bar:
            self.bar.update(size)

    def rows(self, count: int) -> None:
        self.done_rows += count
        now = time.monotonic()
        if not self.bar and now - self.last_line >= self.EVERY_SECONDS:
            self.last_line = now
            click.echo(
                f"{self.label}: {100 * self.done_bytes / self.size:.0f}%, {self._rate()},"
                f" about {self.seconds_left():.0f} s left"
            )


def _load(path: Path, loader: Callable[..., ImportCount], what: str) -> None:
    started = time.monotonic()
    try:
        with Meter(path.stat().st_size, f"Loading {path.name}") as meter:
            count = loader(path, meter)
    except ImportFormatError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    seconds = time.monotonic() - started
    click.echo(
        f"{count.loaded:,} {what} loaded ({count.read:,} rows read, {count.skipped:,} skipped)"
        f" in {seconds:.1f} s: {count.read / max(seconds, 1e-6):,.0f} rows/s."
    )


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
