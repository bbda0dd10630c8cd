"""``flask import-centres FILE.csv``: read, check every row (errors carry line numbers), then write all.

Columns: name, address, town, postcode, latitude, longitude, phone, email, website, opening_hours,
accessibility, languages, services, last_checked. Lists (accessibility, languages, services) are
separated by ``;``. Address lines are separated by ``;`` or new lines. Hours are an OpenStreetMap
``opening_hours`` expression, e.g. ``Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from app import hours
from app.centres import queries
from app.centres.models import ACCESSIBILITY, SERVICES
from app.centres.vocab import is_language_code
from app.geo import queries as geo_queries
from app.geo.formats import open_text
from app.geo.geocode import haversine_metres, parse_coordinates
from app.geo.postcodes import parse_postcode
from app.validation import normalise_email, parse_phone, phone_for_display

REQUIRED = ("name", "postcode")
COLUMNS = (
    "name",
    "address",
    "town",
    "postcode",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "opening_hours",
    "accessibility",
    "languages",
    "services",
    "last_checked",
)


#: Coordinates further than this from the row's own postcode are a mistake (a pasted row, swapped figures).
FAR_FROM_POSTCODE_METRES = 5_000
#: When only the postcode's district is known, only a gross mistake can be told apart from its size.
FAR_FROM_DISTRICT_METRES = 40_000


@dataclass
class ImportReport:
    rows: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    deactivated: int = 0


def slugify(*parts: str) -> str:
    text = unicodedata.normalize("NFKD", " ".join(p for p in parts if p))
    text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:120] or "centre"


def _split(value: str | None) -> list[str]:
    return [item.strip() for item in re.split(r"[;,]", value or "") if item.strip()]


def _check_row(
    number: int, record: dict[str, str], report: ImportReport, seen: dict[str, int]
) -> dict | None:
    """One CSV row → column values for the centre table, or None after adding its errors to the report."""
    value = {key: (record.get(key) or "").strip() for key in COLUMNS}
    problems: list[str] = [f"{key} is empty" for key in REQUIRED if not value[key]]
    postcode = parse_postcode(value["postcode"])
    if value["postcode"] and postcode is None:
        problems.append(f"postcode {value['postcode']!r} is not a valid UK postcode")
    point = None
    if value["latitude"] or value["longitude"]:
        point = parse_coordinates(value["latitude"], value["longitude"])
        if point is None:
            problems.append("latitude/longitude are not a position in the UK")
    if value["opening_hours"] and (error := hours.problem(value["opening_hours"])):
        problems.append(f"opening_hours: {error}")
    accessibility = [item.lower() for item in _split(value["accessibility"])]
    problems += [
        f"accessibility {item!r} is not one of {', '.join(ACCESSIBILITY)}"
        for item in accessibility
        if item not in ACCESSIBILITY
    ]
    services = [item.lower() for item in _split(value["services"])]
    problems += [
        f"services {item!r} is not one of {', '.join(SERVICES)}" for item in services if item not in SERVICES
    ]
    languages = [item.lower() for item in _split(value["languages"])]
    problems += [
        f"languages {item!r} is not an ISO 639-1 code" for item in languages if not is_language_code(item)
    ]
    # Councils' published files often give the link rather than the address ("mailto:library@…").
    email = normalise_email(re.sub(r"^mailto:", "", value["email"], flags=re.IGNORECASE))
    if value["email"] and email is None:
        problems.append(f"email {value['email']!r} is not an email address")
    if value["phone"] and parse_phone(value["phone"]) is None:
        problems.append(f"phone {value['phone']!r} is not a phone number")
    if value["website"] and not value["website"].startswith(("https://", "http://")):
        problems.append("website must start with https://")
    checked = None
    if value["last_checked"]:
        try:
            checked = date.fromisoformat(value["last_checked"])
        except ValueError:
            problems.append(f"last_checked {value['last_checked']!r} is not a date like 2026-11-27")
        else:
            if checked > hours.now().date():
                problems.append(f"last_checked {checked.isoformat()} is in the future")
    slug = slugify(value["name"], value["town"] or (postcode.outward if postcode else ""))
    if slug in seen:
        problems.append(f"the same centre as line {seen[slug]} (same name and town)")
    if problems:
        report.errors += [f"line {number}: {problem}" for problem in problems]
        return None
    seen[slug] = number
    return {
        "slug": slug,
        "name": value["name"][:200],
        "address": "\n".join(line.strip() for line in re.split(r"[;\n]", value["address"]) if line.strip()),
        "town": value["town"][:100],
        "postcode": postcode.normalised if postcode else None,
        "latitude": point[0] if point else None,
        "longitude": point[1] if point else None,
        "phone": phone_for_display(value["phone"])[:40] or None,
        "email": email,
        "website": value["website"] or None,
        "opening_hours": value["opening_hours"] or None,
        "accessibility": [item for item in ACCESSIBILITY if item in accessibility],
        "languages": sorted(set(languages)),
        "services": [item for item in SERVICES if item in services],
        "last_checked": checked,
        "active": True,
        "is_example": False,
        "_line": number,
    }


def read_centres(handle: IO[str]) -> ImportReport:
    """Check the whole file. Rows without coordinates are placed at their postcode if it is stored."""
    reader = csv.DictReader(handle)
    header = {name.strip().lower() for name in reader.fieldnames or []}
    missing = [column for column in ("name", "postcode") if column not in header]
    report = ImportReport()
    if missing:
        report.errors.append(f"line 1: the header has no column {', '.join(missing)}")
        return report
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames or []]
    seen: dict[str, int] = {}
    for record in reader:
        row = _check_row(reader.line_num, record, report, seen)
        if row is not None:
            report.rows.append(row)
    points = queries.postcode_points(row["postcode"] for row in report.rows)
    placed = []
    for row in report.rows:
        if row["latitude"] is None:
            if row["postcode"] not in points:
                report.errors.append(
                    f"line {row['_line']}: no latitude/longitude, and postcode {row['postcode']} "
                    "is not in the postcode table (run flask import-postcodes first)"
                )
                continue
            row["latitude"], row["longitude"] = points[row["postcode"]]
        elif problem := _far_from_postcode(row, points):
            report.errors.append(f"line {row['_line']}: {problem}")
            continue
        placed.append(row)
    report.rows = placed
    _keep_slugs_of_renamed_centres(report.rows)
    report.errors.sort(key=lambda message: int(message.split(":")[0].split()[1]))
    return report


def _far_from_postcode(row: dict, points: dict[str, tuple[float, float]]) -> str | None:
    """Why the row's coordinates cannot be where its postcode is, or None."""
    if row["postcode"] in points:
        limit, (latitude, longitude), where = FAR_FROM_POSTCODE_METRES, points[row["postcode"]], "postcode"
    else:
        district = geo_queries.outcode(row["postcode"].split()[0])
        if district is None:
            return None
        limit, latitude, longitude = FAR_FROM_DISTRICT_METRES, district.latitude, district.longitude
        where = "postcode district"
    metres = haversine_metres(row["latitude"], row["longitude"], latitude, longitude)
    if metres <= limit:
        return None
    return (
        f"latitude/longitude are {metres / 1000:.0f} km from the {where} of {row['postcode']}"
        f" (more than {limit // 1000} km): check both"
    )


def _keep_slugs_of_renamed_centres(rows: list[dict]) -> None:
    """A centre already imported under the same name and postcode keeps its address (slug), so a
    corrected town name updates it instead of adding a second active copy."""
    existing = queries.slugs_by_name_and_postcode([(row["name"], row["postcode"]) for row in rows])
    for row in rows:
        row["slug"] = existing.get((row["name"].casefold(), row["postcode"]), row["slug"])


def import_centres(path: Path, *, skip_bad: bool = False, sync: bool = False) -> ImportReport:
    """All or nothing unless ``skip_bad``: with any error and no ``skip_bad``, nothing is written.

    ``sync``: the file is the whole list, so imported centres missing from it are made inactive
    (examples are left alone). It needs a file without problems: a bad row must not hide a centre."""
    with open_text(path) as handle:
        report = read_centres(handle)
    if report.errors and (sync or not skip_bad):
        return report
    rows = [{key: value for key, value in row.items() if key != "_line"} for row in report.rows]
    queries.upsert_centres(rows)
    if sync:
        report.deactivated = queries.deactivate_centres_except({row["slug"] for row in rows})
    return report
