"""flask import-centres: good files load (again and again without duplicates); bad rows are named by line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import time_machine
from flask import Flask
from sqlalchemy import func, select

from app.centres.importer import import_centres
from app.centres.models import Centre
from app.extensions import db
from app.hours import LONDON
from tests.fakes.finder_data import libraries, load_geography, write_centres_csv

HEADER = (
    "name,address,town,postcode,latitude,longitude,phone,email,website,opening_hours,accessibility,"
    "languages,services,last_checked\n"
)


def _centres() -> int:
    return db.session.scalar(select(func.count()).select_from(Centre).where(Centre.is_example.is_(False)))


def test_a_real_file_loads_and_reloading_updates_instead_of_duplicating(
    db_session, test_data, tmp_path
) -> None:
    path = write_centres_csv(tmp_path / "libraries.csv", libraries(test_data))
    before = _centres()
    first = import_centres(path)
    assert first.errors == [] and len(first.rows) == 127
    assert _centres() == before + 127
    assert import_centres(path).errors == []
    assert _centres() == before + 127
    hoole = db.session.scalars(select(Centre).where(Centre.name == "Hoole Library")).one()
    assert hoole.opening_hours.startswith("Mo ")
    assert hoole.accessibility == ["step-free"] and hoole.services == ["report-in-person"]


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(db_session, tmp_path: Path) -> None:
    path = tmp_path / "centres.csv"
    path.write_text(
        HEADER
        + "Good Centre,1 High St,Chester,CH1 3BA,53.19,-2.88,01244 000000,a@example.org,https://example.org,"
        "Mo-Fr 09:00-17:00,step-free;bsl,pl;cy,report-in-person,2026-10-01\n"
        + "Bad Hours,1 High St,Chester,CH1 3BA,53.19,-2.88,,,,Mo-Fr 9-5,,,,\n"
        + "Bad Postcode,1 High St,Chester,XX1 1XX,53.19,-2.88,,,,,,,,\n"
        + "Far Away,1 Rue,Paris,CH1 3BA,48.85,2.35,,,,,lift,xx,teleport,yesterday\n"
        + ",no name,Chester,CH1 3BA,53.19,-2.88,,,,,,,,\n"
        + "Good Centre,again,Chester,CH1 3BA,53.19,-2.88,,,,,,,,\n"
    )
    before = _centres()
    report = import_centres(path)
    lines = {error.split(":")[0] for error in report.errors}
    assert lines == {"line 3", "line 4", "line 5", "line 6", "line 7"}
    text = "\n".join(report.errors)
    assert "opening_hours" in text and "XX1 1XX" in text and "'lift'" in text and "'xx'" in text
    assert (
        "'teleport'" in text
        and "yesterday" in text
        and "name is empty" in text
        and "same centre as line 2" in text
    )
    assert _centres() == before


def test_skip_bad_imports_the_good_rows_only(db_session, tmp_path: Path) -> None:
    path = tmp_path / "centres.csv"
    path.write_text(
        HEADER + "Good Centre,,Chester,CH1 3BA,53.19,-2.88,,,,24/7,,,,\n" + "Bad,,Chester,nope,,,,,,,,,,\n"
    )
    report = import_centres(path, skip_bad=True)
    assert [row["name"] for row in report.rows] == ["Good Centre"] and len(report.errors) == 1
    assert (
        db.session.scalars(select(Centre.opening_hours).where(Centre.name == "Good Centre")).one() == "24/7"
    )


def test_a_row_without_coordinates_is_placed_at_its_stored_postcode(db_session, test_data, tmp_path) -> None:
    load_geography(test_data)
    path = tmp_path / "centres.csv"
    path.write_text(HEADER + "Placed,,Chester,ch1 3ba,,,,,,,,,,\n" + "Unplaced,,Nowhere,ZE1 0AA,,,,,,,,,,\n")
    report = import_centres(path)
    assert report.errors == [
        "line 3: no latitude/longitude, and postcode ZE1 0AA is not in the postcode table "
        "(run flask import-postcodes first)"
    ]
    report = import_centres(path, skip_bad=True)
    placed = db.session.execute(
        select(func.ST_Y(func.geometry(Centre.location)), Centre.postcode).where(Centre.name == "Placed")
    ).one()
    assert (round(placed[0], 6), placed[1]) == (53.194354, "CH1 3BA")


def test_the_command_line_says_what_happened(app: Flask, db_session, tmp_path: Path) -> None:
    path = tmp_path / "centres.csv"
    path.write_text(HEADER + "Bad,,Chester,nope,,,,,,,,,,\n")
    result = app.test_cli_runner().invoke(args=["import-centres", str(path)])
    assert result.exit_code != 0
    assert "line 2: postcode 'nope' is not a valid UK postcode" in result.output
    assert "nothing was imported" in result.output


def test_emails_and_phones_are_checked_by_the_shared_rules_and_stored_tidy(
    db_session, tmp_path: Path
) -> None:
    path = tmp_path / "centres.csv"
    path.write_text(
        HEADER
        + "Tidy,,Chester,CH1 3BA,53.19,-2.88,+44 1244 972 520,mailto:Desk@EXAMPLE.ORG,,,,,,\n"
        + "Two Dots,,Chester,CH1 3BA,53.19,-2.88,,person@example..org,,,,,,\n"
        + "Letters,,Chester,CH1 3BA,53.19,-2.88,01234567890123456789,,,,,,,\n"
    )
    report = import_centres(path, skip_bad=True)
    assert report.errors == [
        "line 3: email 'person@example..org' is not an email address",
        "line 4: phone '01234567890123456789' is not a phone number",
    ]
    phone, email = db.session.execute(select(Centre.phone, Centre.email).where(Centre.name == "Tidy")).one()
    assert (phone, email) == ("01244 972520", "Desk@example.org")


def test_geo_and_centre_commands_are_all_top_level(app: Flask) -> None:
    for command in ("import-postcodes", "import-places", "import-centres"):
        result = app.test_cli_runner().invoke(args=[command, "--help"])
        assert result.exit_code == 0 and "FILE" in result.output


@time_machine.travel(datetime(2026, 11, 30, 12, 0, tzinfo=LONDON), tick=False)
def test_a_tired_editors_mistakes_are_refused_by_line(db_session, test_data, tmp_path) -> None:
    load_geography(test_data)  # Code-Point Open postcodes around Cheshire: CH1 3BA is in Chester
    path = tmp_path / "centres.csv"
    path.write_text(
        HEADER
        + "Right Place,,Chester,CH1 3BA,53.1944,-2.8823,,,,,,,,2026-11-30\n"
        + "Swapped Rows,,Chester,CH1 3BA,53.4080,-2.1610,,,,,,,,\n"  # Stockport's coordinates
        + "Far District,,Chester,CH2 9ZZ,51.5010,-0.1416,,,,,,,,\n"  # not held: its district, CH2
        + "Next Year,,Chester,CH1 3BA,53.1944,-2.8823,,,,,,,,2027-01-04\n"
    )
    report = import_centres(path)
    assert [error.split(" are ")[0] if " are " in error else error for error in report.errors] == [
        "line 3: latitude/longitude",
        "line 4: latitude/longitude",
        "line 5: last_checked 2027-01-04 is in the future",
    ]
    assert report.errors[0].endswith("km from the postcode of CH1 3BA (more than 5 km): check both")
    assert report.errors[1].endswith("km from the postcode district of CH2 9ZZ (more than 40 km): check both")
    assert [row["name"] for row in report.rows] == ["Right Place"]


def test_sync_makes_centres_missing_from_the_file_inactive_and_says_how_many(
    app: Flask, db_session, tmp_path
) -> None:
    path = tmp_path / "centres.csv"
    path.write_text(
        HEADER + "Kept,,Chester,CH1 3BA,53.19,-2.88,,,,,,,,\n" + "Gone,,Chester,CH1 3BA,53.19,-2.88,,,,,,,,\n"
    )
    assert import_centres(path).errors == []
    examples = db.session.scalar(
        select(func.count()).select_from(Centre).where(Centre.is_example.is_(True), Centre.active.is_(True))
    )
    path.write_text(HEADER + "Kept,,Chester,CH1 3BA,53.19,-2.88,,,,,,,,\n")
    result = app.test_cli_runner().invoke(args=["import-centres", "--sync", str(path)])
    assert result.exit_code == 0, result.output
    assert (
        "1 centres imported." in result.output
        and "centres not in the file were made inactive." in result.output
    )
    active = dict(
        db.session.execute(select(Centre.name, Centre.active).where(Centre.name.in_(["Kept", "Gone"]))).all()
    )
    assert active == {"Kept": True, "Gone": False}
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(Centre)
            .where(Centre.is_example.is_(True), Centre.active.is_(True))
        )
        == examples
    )


def test_sync_refuses_a_file_with_problems(app: Flask, db_session, tmp_path) -> None:
    path = tmp_path / "centres.csv"
    path.write_text(HEADER + "Kept,,Chester,CH1 3BA,53.19,-2.88,,,,,,,,\n" + "Bad,,Chester,nope,,,,,,,,,,\n")
    result = app.test_cli_runner().invoke(args=["import-centres", "--sync", "--skip-bad", str(path)])
    assert result.exit_code != 0 and "--sync needs a file without problems" in result.output
    assert _centres_named("Kept") == 0


def _centres_named(name: str) -> int:
    return db.session.scalar(select(func.count()).select_from(Centre).where(Centre.name == name))


def test_correcting_a_town_updates_the_centre_instead_of_adding_a_second(db_session, tmp_path) -> None:
    path = tmp_path / "centres.csv"
    path.write_text(HEADER + "Hoole Hub,1 Hoole Rd,Chestr,CH1 3BA,53.19,-2.88,,,,,,,,\n")
    assert import_centres(path).errors == []
    path.write_text(HEADER + "Hoole Hub,1 Hoole Rd,Chester,CH1 3BA,53.19,-2.88,,,,,,,,\n")
    assert import_centres(path).errors == []
    rows = db.session.execute(select(Centre.town, Centre.active).where(Centre.name == "Hoole Hub")).all()
    assert rows == [("Chester", True)]
