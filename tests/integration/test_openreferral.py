"""Open Referral (HSDS 3.0): importing real example files, invalid data, export round trip, the API."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from app.directory import demo, queries
from app.directory.commands import export_data, import_file
from app.directory.openreferral import ImportFailed
from app.geo.importers import import_postcodes


@pytest.fixture(scope="session")
def hsds(test_data: Path) -> Path:
    return test_data / "openreferral" / "hsds3"


@pytest.fixture(scope="session")
def service_schema(hsds: Path) -> Draft202012Validator:
    """HSDS's own JSON schema, its relative $refs ("phone.json") resolved from the local files."""
    schemas = {
        p.name: json.loads(p.read_text())
        for p in (hsds / "schema").glob("*.json")
        if p.name != "openapi.json"
    }
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in schemas.items()
    )
    return Draft202012Validator(schemas["service.json"], registry=registry, format_checker=FormatChecker())


@pytest.fixture(autouse=True)
def db_session(db_session):
    """The shared fixture's rollback does not undo commits here (see the report), so clear up after."""
    yield db_session
    db_session.rollback()
    queries.remove_services_except(set())
    db_session.commit()


@pytest.fixture
def seeded(db_session):
    demo.seed()
    db_session.commit()
    return db_session


def write(tmp_path: Path, data: object, name: str = "services.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def ukified(example: dict) -> dict:
    """The spec example with its placeholder values replaced by real UK ones."""
    data = copy.deepcopy(example)
    for link in data["service_at_locations"]:
        link["location"].update(latitude=53.1905, longitude=-2.8906)
        for address in link["location"]["addresses"]:
            address.update(postal_code="CH1 2HS", country="GB")
    for area in data["service_areas"]:
        area["extent"] = json.dumps(
            {
                "type": "Polygon",
                "coordinates": [[[-3, 53.1], [-2.8, 53.1], [-2.8, 53.3], [-3, 53.3], [-3, 53.1]]],
            }
        )
    return data


def without_last_modified(export: dict) -> dict:
    for service in export["contents"]:
        service.pop("last_modified", None)
    return export


def test_the_spec_example_is_refused_with_every_placeholder_named(hsds: Path, db_session) -> None:
    with pytest.raises(ImportFailed) as failure:
        import_file(hsds / "examples" / "service_full.json")
    text = "\n".join(failure.value.errors)
    assert "latitude: 100 is not a latitude" in text
    assert "'ABC 1234' is not a UK postcode" in text
    assert "'US' is not the UK" in text
    assert "extent: 'extent' is not GeoJSON" in text
    assert queries.count_services() == 0, "a refused file imports nothing"


def test_the_spec_example_with_uk_values_imports_and_updates_by_id(hsds: Path, db_session, tmp_path) -> None:
    data = ukified(json.loads((hsds / "examples" / "service_full.json").read_text()))
    count, _warnings = import_file(write(tmp_path, data))
    assert count == 1
    service = queries.get_service(data["id"])
    assert service.name == "Community Counselling"
    assert service.organisation.name == "Example Organization Inc."
    assert service.languages == ["ur"]
    phone = next(c for c in service.channels if c.kind == "phone")
    assert phone.value == "+44 1234 234567", "the literal quotes round the number are taken off"
    assert phone.opening_hours == "Th 10:00-18:00; Fr 10:00-18:00", "weekly schedule became hours"
    assert service.area is not None and not service.national
    assert service.service_locations[0].location.postcode == "CH1 2HS"
    assert all(c.label != "Ann Persona" for c in service.channels), "people's names are not kept"
    assert queries.service_covers(service.id, queries.Point(53.19, -2.89))
    assert not queries.service_covers(service.id, queries.Point(51.5, -0.12))

    data["name"] = "Community Counselling (renamed)"
    import_file(write(tmp_path, data))
    assert queries.count_services() == 1
    assert queries.get_service(data["id"]).name == "Community Counselling (renamed)"


def test_a_file_with_one_bad_service_imports_nothing(hsds: Path, db_session, tmp_path) -> None:
    good = ukified(json.loads((hsds / "examples" / "service_full.json").read_text()))
    bad = copy.deepcopy(good)
    bad.update(id="5a0b0c2e-7d1f-4a51-9d0e-9f5d7e0b8a11", status="open", name="")
    bad["phones"][0]["attributes"] = [
        {
            "id": "0c3f7a1e-5b0a-4a1c-8d9e-2f6b7c8d9e0f",
            "taxonomy_term": {"id": "d1c2c4a3-54c6-5f23-9a62-2f86c4a3f0c5"},
        }
    ]
    with pytest.raises(ImportFailed) as failure:
        import_file(write(tmp_path, [good, bad]))
    text = "\n".join(failure.value.errors)
    assert "service 2" in text and "status: 'open' is not one of" in text and "name: is missing" in text
    assert queries.count_services() == 0


def test_a_latitude_without_its_longitude_is_refused(hsds: Path, db_session, tmp_path) -> None:
    data = ukified(json.loads((hsds / "examples" / "service_full.json").read_text()))
    del data["service_at_locations"][0]["location"]["longitude"]
    with pytest.raises(ImportFailed) as failure:
        import_file(write(tmp_path, data))
    assert "location longitude: None is not a number" in "\n".join(failure.value.errors)
    assert queries.count_services() == 0


def test_not_json_is_reported_with_its_line(db_session, tmp_path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n{"id": 1,\n')
    with pytest.raises(ImportFailed) as failure:
        import_file(path)
    assert "not valid JSON (line 3" in failure.value.errors[0]


def test_export_then_import_gives_the_same_directory(seeded, tmp_path) -> None:
    before = export_data()
    assert before["total_items"] == 16
    path = write(tmp_path, before, "export.json")
    queries.remove_services_except(set())
    assert queries.count_services() == 0
    count, warnings = import_file(path)
    assert count == 16 and warnings == []
    after = export_data()
    assert without_last_modified(after) == without_last_modified(json.loads(path.read_text()))


def test_import_replace_removes_services_missing_from_the_file(seeded, tmp_path) -> None:
    export = export_data()
    export["contents"] = export["contents"][:2]
    import_file(write(tmp_path, export), replace=True)
    assert queries.count_services() == 2


def test_every_exported_service_is_valid_hsds(seeded, service_schema) -> None:
    for service in export_data()["contents"]:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in service_schema.iter_errors(service)]
        assert errors == [], f"{service['name']}: {errors}"


def test_api_root_says_version_and_profile(client) -> None:
    response = client.get("/api/openreferral/")
    assert response.json["version"] == "3.0"
    assert response.json["profile"].startswith("https://")
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_api_pages_through_services(client, seeded, service_schema) -> None:
    first = client.get("/api/openreferral/services?per_page=4").json
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"]) == (16, 4, 1, 4)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    last = client.get("/api/openreferral/services?per_page=5&page=4").json
    assert last["size"] == 1 and last["last_page"] and not last["first_page"]
    beyond = client.get("/api/openreferral/services?per_page=4&page=9").json
    assert beyond["empty"] and beyond["contents"] == []
    names = [
        s["name"]
        for p in (1, 2, 3, 4)
        for s in client.get(f"/api/openreferral/services?per_page=4&page={p}").json["contents"]
    ]
    assert len(set(names)) == 16
    for service in first["contents"]:
        assert not list(service_schema.iter_errors(service))


def test_api_filters_by_text_term_and_postcode(client, seeded, test_data: Path) -> None:
    found = client.get("/api/openreferral/services?text=samaritans").json
    assert [s["name"] for s in found["contents"]] == [
        "Samaritans",
        "Samaritans Welsh-language line (Llinell Gymraeg)",
    ]
    disability = demo.vocab.term_id(demo.vocab.STRAND, "disability")
    found = client.get(f"/api/openreferral/services?taxonomy_term_id={disability}").json
    assert {s["name"] for s in found["contents"]} == {
        "Example: Cheshire West disability hate crime advocacy",
        "Stop Hate UK hate crime reporting line",
        "Wales Hate Support Centre",
        "True Vision: report hate crime to the police online",
    }
    import_postcodes(test_data / "geo/codepoint_open_2014_CH_CW_WA_SK_sample.csv")
    near = {
        s["name"]
        for s in client.get("/api/openreferral/services?postcode=CH1+3BA&per_page=50").json["contents"]
    }
    assert {"Example: Chester hate crime support hub", "Samaritans", "Victim Support Supportline"} <= near
    assert "Wales Hate Support Centre" not in near, "Chester is in England"
    assert "Example: Welsh-language listening line, Wrexham" not in near
    close = client.get("/api/openreferral/services?postcode=CH1+3BA&proximity=2000").json
    assert [s["name"] for s in close["contents"]] == ["Example: Chester hate crime support hub"]


def test_api_refuses_bad_parameters_clearly(client, seeded) -> None:
    for url, words in [
        ("/api/openreferral/services?page=0", "page must be between"),
        ("/api/openreferral/services?per_page=x", "per_page must be a whole number"),
        ("/api/openreferral/services?taxonomy_term_id=abc", "taxonomy_term_id must be a UUID"),
        ("/api/openreferral/services?postcode=ABC+1234", "not a UK postcode"),
        ("/api/openreferral/services?proximity=100", "proximity needs a postcode"),
    ]:
        response = client.get(url)
        assert response.status_code == 400 and words in response.json["error"], url
    assert client.get("/api/openreferral/services/not-an-id").status_code == 404


def test_api_is_read_only_compressed_and_has_nothing_personal(client, seeded) -> None:
    assert client.post("/api/openreferral/services").status_code in (400, 405)
    response = client.get("/api/openreferral/services?per_page=100", headers={"Accept-Encoding": "br, gzip"})
    assert response.headers["Content-Encoding"] in {"br", "gzip"}
    data = client.get("/api/openreferral/services?per_page=100").json
    for service in data["contents"]:
        for contact in service["contacts"]:
            assert "name" not in contact, "contact records carry no person's name"
    one = data["contents"][0]
    assert client.get(f"/api/openreferral/services/{one['id']}").json["id"] == one["id"]
