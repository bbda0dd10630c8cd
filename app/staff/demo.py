"""Demo staff data: example areas (simple outlines from real postcode positions), example reports, and
a demo administrator with a fresh one-time password each time (never a fixed default)."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta

from geoalchemy2 import WKTElement
from sqlalchemy import select

from app import crypto
from app.centres.models import Centre
from app.extensions import db
from app.report.models import Report
from app.staff import auth
from app.staff.queries import accounts, routing

DEMO_ADMIN = "demo-admin@example.org"
#: A demo centre worker, tied to the first example centre (by name).
DEMO_CENTRE_WORKER = "demo-centre@example.org"
DEFAULT_AREA = "Example: online and unlocated reports"
#: Boxes around the 2014 Code-Point Open centroids of each council's postcodes (south, west, north,
#: east). Rough outlines for a demonstration, not real boundaries; the two Cheshire boxes overlap.
AREAS = {
    "Example: Cheshire West and Chester": (53.08, -3.09, 53.33, -2.37),
    "Example: Cheshire East": (52.96, -2.66, 53.37, -2.01),
    "Example: Warrington": (53.34, -2.68, 53.48, -2.44),
}
#: Real postcode centroids (Code-Point Open) with their outward code, for example reports.
PLACES = [
    ("CH1", 53.194354, -2.882315),
    ("CH1", 53.190809, -2.900831),
    ("CH65", 53.275552, -2.906421),
    ("CW1", 53.099223, -2.435485),
    ("CW1", 53.116509, -2.464211),
    ("SK11", 53.247281, -2.118501),
    ("WA1", 53.389634, -2.606686),
    ("WA1", 53.396275, -2.521586),
]
STRANDS = ["race", "religion", "disability", "sexual_orientation", "transgender"]
TYPES = ["physical", "threats", "harassment", "damage", "online"]
EXAMPLE_REPORTS = 60


def box(south: float, west: float, north: float, east: float) -> str:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


def seed_areas() -> None:
    for name, bounds in AREAS.items():
        routing.upsert_area(name, box(*bounds), is_example=True)
    default = routing.area_by_name(DEFAULT_AREA) or routing.upsert_area(DEFAULT_AREA, None, is_example=True)
    default.is_example = True
    routing.set_default_area(None, default, by="seed-demo")


def seed_reports(today: date) -> int:
    """Example reports (reference EX-…, text says it is an example), spread over the last 12 months."""
    existing = db.session.scalar(select(Report.id).where(Report.reference.like("EX-%")).limit(1))
    if existing is not None:
        return 0
    rng = random.Random(6)  # the same examples every time
    details = crypto.encrypt_json({"description": "Example report for the demonstration. Not a real report."})
    for number in range(1, EXAMPLE_REPORTS + 1):
        online = number % 7 == 0
        outward, lat, lon = PLACES[number % len(PLACES)]
        submitted = datetime.combine(today - timedelta(days=rng.randint(0, 360)), datetime.min.time(), UTC)
        db.session.add(
            Report(
                reference=f"EX-{number:04d}",
                submission_key=f"example-{number:04d}",
                submitted_at=submitted + timedelta(hours=rng.randint(8, 20)),
                language="en",
                reporter_role=rng.choice(["victim", "witness"]),
                strands=rng.sample(STRANDS, rng.choice([1, 1, 2])),
                incident_types=["online"] if online else rng.sample(TYPES[:4], rng.choice([1, 2])),
                incident_date=submitted.date() - timedelta(days=rng.randint(0, 5)),
                still_happening="no",
                place_kind="online" if online else "street",
                outward_code=None if online else outward,
                district=None,
                location=None if online else WKTElement(f"POINT({lon} {lat})", srid=4326),
                injuries="none",
                anonymous=True,
                police_action="information",
                support_contact=False,
                details=details,
            )
        )
    db.session.flush()
    return EXAMPLE_REPORTS


def seed_user(email: str, role: str, centre: Centre | None = None) -> str:
    """Create or reset a demo account with a fresh one-time password; returns the password."""
    password = auth.new_one_time_password()
    user = accounts.user_by_email(email)
    if user is None:
        user = accounts.create_user(
            None,
            email,
            role,
            auth.hash_password(password),
            by="seed-demo",
            centre_id=centre.id if centre is not None else None,
        )
    accounts.reset_password(None, user, auth.hash_password(password), by="seed-demo")
    with db.session.no_autoflush:
        user.role, user.active = role, True
        user.centre_id = centre.id if centre is not None else None
    db.session.flush()
    return password


def demo_centre() -> Centre | None:
    """The first example reporting centre (seeded by the centres feature before this one)."""
    return db.session.scalar(
        select(Centre).where(Centre.is_example.is_(True), Centre.active.is_(True)).order_by(Centre.name)
    )


def seed() -> str:
    seed_areas()
    made = seed_reports(date.today())
    password = seed_user(DEMO_ADMIN, "admin")
    reports = f", {made} example reports" if made else ""
    lines = [
        f"staff: {len(AREAS) + 1} example areas{reports}; demo admin {DEMO_ADMIN} with one-time password "
        f"{password} (sign in at /staff/sign-in, then change it and set up two-step sign-in)"
    ]
    centre = demo_centre()
    if centre is not None:
        worker_password = seed_user(DEMO_CENTRE_WORKER, "centre", centre)
        lines.append(
            f"staff: demo centre worker {DEMO_CENTRE_WORKER} at {centre.name} with one-time password "
            f"{worker_password} (sign in at /staff/sign-in, then change it and set up two-step sign-in)"
        )
    return "\n".join(lines)
