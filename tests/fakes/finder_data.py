"""Builders for finder tests from the real public data in tests/data."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from sqlalchemy import text

from app.centres import importer
from app.centres.importer import import_centres
from app.extensions import db
from app.geo.importers import import_places, import_postcodes

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def libraries(test_data: Path) -> list[dict]:
    """Libraries with coordinates, as rows of the shared CSV."""
    with (test_data / "centres" / "libraries_cheshire_core.csv").open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["latitude"] and row["longitude"]]


def library_hours(row: dict) -> str:
    parts = [f"{day} {row[f'{column}_staffed_hours']}" for day, column in zip(DAYS, WEEKDAYS, strict=True)]
    return "; ".join(part for part in parts if not part.endswith(" ")) or ""


def write_centres_csv(path: Path, rows: list[dict]) -> Path:
    """Libraries in the import-centres format (the importer's own columns; hours as opening_hours)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=importer.COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    "name": row["name"],
                    "address": row["address_1"],
                    "town": row["address_2"],
                    "postcode": row["postcode"],
                    "latitude": row["latitude"],
                    "longitude": row["longitude"],
                    "phone": "",
                    "email": row["email"],
                    "website": row["url"],
                    "opening_hours": library_hours(row),
                    "accessibility": "step-free",
                    "languages": "",
                    "services": "report-in-person",
                    "last_checked": "2026-10-01",
                }
            )
    return path


def load_libraries(test_data: Path, tmp_path: Path) -> list[dict]:
    """Import the libraries as the only active centres (inside the test's transaction)."""
    db.session.execute(text("UPDATE centre SET active = false"))
    rows = libraries(test_data)
    report = import_centres(write_centres_csv(tmp_path / "libraries.csv", rows))
    assert report.errors == []
    db.session.flush()
    return rows


def load_geography(test_data: Path) -> None:
    """Code-Point Open sample postcodes and GeoNames places around Cheshire."""
    import_postcodes(test_data / "geo" / "codepoint_open_2014_CH_CW_WA_SK_sample.csv")
    import_places(test_data / "geo" / "geonames_cheshire_and_neighbours_pop500.csv")
    db.session.flush()


@contextmanager
def committed(
    app: Flask, test_data: Path, tmp_dir: Path, *, libraries: bool = False, examples: bool = False
) -> Iterator[None]:
    """Load finder data once for a test module, really committed (tests still run in rolled-back
    transactions on top), and delete it afterwards so other modules see the database as it was."""
    with app.app_context():
        load_geography(test_data)
        if libraries:
            load_libraries(test_data, tmp_dir)
        if examples:
            from app.centres import demo

            demo.seed()
        db.session.commit()
    try:
        yield
    finally:
        with app.app_context():
            db.session.execute(text("DELETE FROM centre"))
            db.session.execute(text("DELETE FROM postcode WHERE source IN ('csv', 'demo')"))
            db.session.execute(text("DELETE FROM place WHERE source_key LIKE 'geonames:%'"))
            db.session.commit()
            db.session.remove()
