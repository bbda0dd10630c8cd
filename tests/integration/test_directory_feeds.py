"""A council's Open Referral feed with every fault real feeds have: what imports, what is tidied, what is
refused (with number, name and reason), and --replace that asks first and keeps to its own feed."""

from __future__ import annotations

import io
import json
import runpy
import shutil
from pathlib import Path

import pytest
from click.testing import Result

from app.directory import queries
from app.directory.commands import export_data
from app.directory.models import Service
from app.directory.openreferral import schema
from app.extensions import db
from app.geo.importers import import_postcodes
from tests.fixtures import staff as f
from tests.pages import PageClient

FEED = "openreferral/ours/council_feed.json"
CODEPOINT = "geo/codepoint_open_2014_CH_CW_WA_SK_sample.csv"


@pytest.fixture
def postcodes(db_session, test_data: Path) -> None:
    import_postcodes(test_data / CODEPOINT)


@pytest.fixture
def run(app, db_session):
    def invoke(*args: str) -> Result:
        return app.test_cli_runner().invoke(args=["import-openreferral", *args])

    return invoke


def service_named(name: str) -> Service:
    return db.session.query(Service).filter_by(name=name).one()


def test_one_bad_service_stops_the_import_without_skip_bad(run, postcodes, test_data: Path) -> None:
    result = run(str(test_data / FEED))
    assert result.exit_code == 1
    assert "Nothing was imported: 12 of 50 service(s)" in result.stderr
    assert "add --skip-bad" in result.stderr
    assert queries.count_services() == 0


def test_the_council_feed_imports_its_sound_services_and_names_the_bad_ones(
    run, postcodes, test_data: Path
) -> None:
    result = run(str(test_data / FEED), "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert "Imported 38 of 50 service(s)" in result.stdout
    refused = result.stderr.split("Refused 12 service(s):")[1].strip().splitlines()
    assert len(refused) == 12, result.stderr
    text = result.stderr
    # Each refused service: its number in the file, its name and the reason.
    assert "is already used by service" in text  # a duplicate id
    assert "(AAAAAAAA" in text and "name: is 400 characters long; the most the directory keeps is 300" in text
    assert "(Sandbach community support group 23): status: 'open' is not one of" in text
    assert "phones[0] number: 'call us' is not a phone number" in text
    assert "email: 'hello at example.org' is not a valid email" in text
    assert "latitude: 100 is not a latitude" in text
    assert "(Neston community support group 28): phones[0] attributes[0] value:" in text
    assert "id: 'not-a-uuid' is not a valid uuid" in text
    assert "'ABC 1234' is not a UK postcode" in text
    assert "url: 'not a web address' is not a web address" in text
    assert "(Chester community support group 32): id " in text and "already used by service" in text


def test_what_can_be_safely_normalised_is_and_is_reported(run, postcodes, test_data: Path) -> None:
    result = run(str(test_data / FEED), "--skip-bad")
    out = result.stdout
    assert "the UTF-8 byte order mark at the start was skipped" in out
    assert (
        "5 service(s) taken from its services list" in out or "service(s) taken from its services list" in out
    )
    assert "'www.example.org/no-scheme' read as 'https://www.example.org/no-scheme'" in out
    assert "'http:www.example.org/broken-scheme' read as 'http://www.example.org/broken-scheme'" in out
    assert "'pol' read as 'pl'" in out
    assert "HTML reduced to plain text" in out
    assert "placed at the centre of postcode" in out
    assert "postcode CH1 9ZZ is not in the postcode table" in result.stderr

    no_scheme = service_named("Chester community support group 1")
    assert [c.value for c in no_scheme.channels if c.kind == "website"] == [
        "https://www.example.org/no-scheme"
    ]
    assert no_scheme.organisation.name == "Example Cheshire Council partner 1", (
        "nested services keep their org"
    )
    assert service_named("Winsford community support group 3").languages == ["pl", "ur", "cy"]
    assert service_named("Neston community support group 4").languages == ["bfi"]
    html = service_named("Warrington community support group 5").description
    assert html == "We listen.\n- Drop-in on Mondays\n- Phone & email"
    assert "<" not in html and "alert" not in html
    placed = service_named("Warrington community support group 6").service_locations[0].location
    assert placed.point is not None and placed.postcode == "WA5 1NS"
    assert queries.location_points([placed.id])[placed.id] == pytest.approx((53.39, -2.62), abs=0.05)


def test_replace_lists_what_it_would_do_and_needs_yes(run, postcodes, test_data: Path, tmp_path) -> None:
    assert run(str(test_data / FEED), "--skip-bad", "--feed", "cheshire").exit_code == 0
    other = tmp_path / "other.json"
    organisation = json.loads((test_data / FEED).read_bytes().decode("utf-8-sig"))[2]
    one = {**organisation.pop("services")[0], "organization": organisation}
    one["id"], one["name"] = "7f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b", "Another feed's service"
    one["phones"][0]["id"] = "8f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
    one["service_at_locations"][0]["id"] = "9f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b"
    other.write_text(json.dumps([one]))
    assert run(str(other), "--feed", "wrexham").exit_code == 0
    assert queries.count_services() == 39

    smaller = tmp_path / "smaller.json"
    feed = json.loads((test_data / FEED).read_bytes().decode("utf-8-sig"))
    feed[0]["services"] = []
    smaller.write_text(json.dumps(feed))
    dry = run(str(smaller), "--skip-bad", "--feed", "cheshire", "--replace")
    assert dry.exit_code == 0, dry.stderr
    assert (
        "this would add 1, update 30 and remove 8 service(s)" in dry.stdout
        and "Run again with --yes" in dry.stdout
    )
    assert "To remove:" in dry.stdout
    assert queries.count_services() == 39, "nothing changes without --yes"
    done = run(str(smaller), "--skip-bad", "--feed", "cheshire", "--replace", "--yes")
    assert done.exit_code == 0, done.stderr
    assert queries.count_services() == 39 + 1 - 8
    assert service_named("Another feed's service").feed == "wrexham", "another feed's services stay"


def test_the_imported_feed_round_trips_exactly_and_is_valid_hsds(run, postcodes, test_data, tmp_path) -> None:
    run(str(test_data / FEED), "--skip-bad")
    before = export_data()
    path = tmp_path / "export.json"
    path.write_text(json.dumps(before))
    queries.remove_services_except(set())
    result = run(str(path))
    assert result.exit_code == 0, result.stderr
    after = export_data()
    for page in (before, after):
        for item in page["contents"]:
            item.pop("last_modified", None)
    assert after == before
    assert [schema.problems(item) for item in after["contents"] if schema.problems(item)] == []


def test_a_copy_of_the_fixture_is_what_the_generator_writes(test_data: Path, tmp_path: Path) -> None:
    source = test_data / "openreferral" / "ours"
    shutil.copy(source / "make_council_feed.py", tmp_path / "make_council_feed.py")
    runpy.run_path(str(tmp_path / "make_council_feed.py"), run_name="__main__")
    assert (tmp_path / "council_feed.json").read_bytes() == (source / "council_feed.json").read_bytes()


def test_the_staff_import_preview_lists_refused_entries_and_imports_the_rest(
    client, postcodes, test_data: Path
) -> None:
    f.sign_in(client, f.make_user("editor"))
    pages = PageClient(client)
    token = pages.get("/staff/import/services").csrf_token()
    page = pages.post(
        "/staff/import/services",
        {"csrf_token": token, "file": (io.BytesIO((test_data / FEED).read_bytes()), "council_feed.json")},
        content_type="multipart/form-data",
    )
    text = page.text
    assert "38 entries to add" in text
    assert "12 entries will not be imported" in text
    assert "Entry 16 (AAAA" in text and "name: is 400 characters long" in text
    assert "is already used by service 5 in this file" in text
    assert "HTML reduced to plain text" in text
    assert queries.count_services() == 0, "the preview writes nothing"
    pending = page.html.split('name="token" value="')[1].split('"')[0]
    client.post("/staff/import/services/confirm", data={"csrf_token": token, "token": pending})
    assert queries.count_services() == 38
    assert service_named("Chester community support group 1").feed == "council_feed.json"
