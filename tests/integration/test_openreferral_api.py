"""The Open Referral API as the ORUK validator checks it: the root, the OpenAPI document describing the API
as built, every HSDS 3.0 list, its filters, proximity with distances, and conditional requests."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from app.directory import demo, vocab
from app.directory.openreferral import schema
from app.extensions import db
from app.geo.importers import import_postcodes

API = "/api/openreferral"
LISTS = {
    "/services": "service",
    "/organizations": "organization",
    "/taxonomies": "taxonomy",
    "/taxonomy_terms": "taxonomy_term",
    "/service_at_locations": "service_at_location",
}


@pytest.fixture(autouse=True)
def directory(db_session, test_data: Path):
    import_postcodes(test_data / "geo/codepoint_open_2014_CH_CW_WA_SK_sample.csv")
    demo.seed()
    return db_session


def test_the_root_points_to_an_openapi_document_of_exactly_what_is_served(client) -> None:
    root = client.get(f"{API}/").json
    assert root["version"] == "3.0" and root["profile"].startswith("https://")
    document = client.get(root["openapi_url"].removeprefix("http://localhost")).json
    assert document["openapi"].startswith("3.1")
    assert document["servers"][0]["url"].endswith(API)
    listed = {path for path in document["paths"] if "{" not in path and path != "/"}
    assert listed == set(LISTS)
    for path in listed:
        names = [p["$ref"].split("/")[-1] for p in document["paths"][path]["get"]["parameters"]]
        assert all(name in document["components"]["parameters"] for name in names), path
        assert client.get(f"{API}{path}").status_code == 200, path
        for name in names:  # every parameter the document names is accepted, not refused as unknown
            answer = client.get(f"{API}{path}?{name}=").json
            assert "unsupported" not in str(answer.get("error", "")), (path, name)


@pytest.mark.parametrize("path", sorted(LISTS))
def test_every_list_is_a_page_of_valid_hsds_objects_and_each_has_its_own_url(client, path) -> None:
    page = client.get(f"{API}{path}?per_page=100").json
    assert page["total_items"] == len(page["contents"]) > 0
    for item in page["contents"]:
        assert schema.problems(item, LISTS[path]) == [], item
    one = page["contents"][0]
    assert client.get(f"{API}{path}/{one['id']}").json["id"] == one["id"]
    assert client.get(f"{API}{path}/00000000-0000-0000-0000-000000000000").status_code == 404


def test_a_parameter_the_api_does_not_support_is_refused_by_name(client) -> None:
    response = client.get(f"{API}/services?updated_since=2026-01-01&format=csv")
    assert response.status_code == 400
    assert "unsupported parameter(s): format, updated_since" in response.json["error"]
    assert client.get(f"{API}/taxonomies?postcode=CH1").status_code == 400


def test_modified_after_organization_and_taxonomy_filters(client) -> None:
    db.session.execute(text("UPDATE directory_service SET updated_at = '2026-01-01T00:00:00Z'"))
    db.session.execute(
        text("UPDATE directory_service SET updated_at = '2026-11-01T00:00:00Z' WHERE name = 'Samaritans'")
    )
    changed = client.get(f"{API}/services?modified_after=2026-10-01T00:00:00Z").json
    assert [s["name"] for s in changed["contents"]] == ["Samaritans"]
    assert client.get(f"{API}/services?modified_after=yesterday").status_code == 400

    samaritans = changed["contents"][0]
    mine = client.get(f"{API}/services?organization_id={samaritans['organization_id']}").json
    assert [s["name"] for s in mine["contents"]] == ["Samaritans"]

    strands = vocab.taxonomy_id(vocab.STRAND)
    with_strand = client.get(f"{API}/services?taxonomy_id={strands}&per_page=100").json
    assert 0 < with_strand["total_items"] < client.get(f"{API}/services").json["total_items"]
    terms = client.get(f"{API}/taxonomy_terms?taxonomy_id={strands}&per_page=100").json["contents"]
    assert terms and {t["taxonomy_id"] for t in terms} == {str(strands)}


def test_proximity_searches_give_the_distance_nearest_first(client) -> None:
    found = client.get(f"{API}/services?postcode=CH1+3BA&proximity=50000").json["contents"]
    distances = [service["distance"] for service in found]
    assert distances and distances == sorted(distances)
    assert found[0]["name"] == "Example: Chester hate crime support hub" and distances[0] < 2000
    links = client.get(f"{API}/service_at_locations?postcode=CH1+3BA&proximity=50000").json["contents"]
    assert [link["distance"] for link in links] == sorted(link["distance"] for link in links)


def test_answers_carry_etag_and_last_modified_and_say_304_when_unchanged(client) -> None:
    first = client.get(f"{API}/services")
    assert first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get(f"{API}/services", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    since = client.get(f"{API}/services", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    other = client.get(f"{API}/services?per_page=2", headers={"If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200, "another page is another answer"
