"""Area routing on real coordinates, the reviewer's area wall, triage (status, notes, assignment), export."""

from __future__ import annotations

import csv
import io
import warnings
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select, text
from sqlalchemy.exc import SAWarning

from app import crypto
from app.extensions import db
from app.staff import bidi
from app.staff.models import ReportNote
from app.staff.queries import routing, stats, triage
from tests.fixtures import staff as f
from tests.pages import PageClient

staff_db, staff_client = f.staff_db, f.staff_client  # fixtures


def test_a_point_goes_to_every_area_that_covers_it(staff_db) -> None:
    f.load_areas()
    assert routing.areas_for_point(*f.CHESTER) == [f.WEST]
    assert routing.areas_for_point(*f.MACCLESFIELD) == [f.EAST]
    assert routing.areas_for_point(*f.CREWE) == [f.EAST, f.WEST]  # overlapping outlines
    assert routing.areas_for_point(*f.WIRRAL) == []  # outside every area
    assert routing.areas_for_point(None, None) == [f.DEFAULT]
    online = f.make_report(None)
    crewe = f.make_report(f.CREWE)
    assert routing.report_area_names(online.id) == [f.DEFAULT]
    assert routing.report_area_names(crewe.id) == [f.EAST, f.WEST]


def test_import_areas_command_loads_geojson(app, staff_db, tmp_path) -> None:
    result = app.test_cli_runner().invoke(
        args=["import-areas", str(f.AREAS_FILE), "--default", "Online reports (imported)"]
    )
    assert result.exit_code == 0, result.output
    assert "3 area(s) loaded" in result.output
    assert routing.areas_for_point(*f.WARRINGTON_CENTRE) == [f.WARRINGTON]
    assert routing.areas_for_point(None, None) == ["Online reports (imported)"]
    bad = tmp_path / "bad.geojson"
    bad.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
        '"geometry": {"type": "Point", "coordinates": [-2.9, 53.2]}}]}'
    )
    result = app.test_cli_runner().invoke(args=["import-areas", str(bad)])
    assert result.exit_code != 0 and "no 'name' property" in result.output


def test_a_reviewer_of_one_area_cannot_list_read_export_or_guess_another_areas_report(staff_client) -> None:
    areas = f.load_areas()
    west = f.make_report(f.CHESTER)
    east = f.make_report(f.MACCLESFIELD)
    both = f.make_report(f.CREWE)
    reviewer = f.make_user("reviewer", [areas[f.EAST]])
    f.sign_in(staff_client, reviewer)
    pages = PageClient(staff_client)
    listed = pages.get("/staff/reports").text
    assert east.reference in listed and both.reference in listed and west.reference not in listed
    # The area filter cannot widen what they see either.
    assert west.reference not in pages.get(f"/staff/reports?area={areas[f.WEST].id}").text
    assert staff_client.get(f"/staff/reports/{west.id}").status_code == 404
    assert staff_client.get(f"/staff/reports/{east.id}").status_code == 200
    assert staff_client.get("/staff/reports/999999").status_code == 404  # the same answer as "not yours"
    exported = staff_client.get("/staff/reports/export.csv").get_data(as_text=True)
    assert east.reference in exported and west.reference not in exported
    token = pages.get(f"/staff/reports/{east.id}").csrf_token()
    for action in ("status", "notes", "assign"):
        response = staff_client.post(
            f"/staff/reports/{west.id}/{action}", data={"csrf_token": token, "status": "closed", "note": "x"}
        )
        assert response.status_code == 404
    assert not db.session.scalars(select(ReportNote).where(ReportNote.report_id == west.id)).all()
    # Statistics count only their own area's reports.
    counts = stats.statistics(reviewer, stats.StatsFilter(), f.now().date())
    assert sum(counts.by_month.values()) == 2


def test_an_editor_sees_no_reports_even_through_the_query_layer(staff_db) -> None:
    f.load_areas()
    f.make_report(f.CHESTER)
    editor = f.make_user("editor")
    admin = f.make_user("admin")
    assert triage.list_reports(editor, triage.ReportFilter()).total == 0
    assert triage.list_reports(admin, triage.ReportFilter()).total >= 1


def test_triage_without_javascript_status_note_and_assignment(staff_client) -> None:
    areas = f.load_areas()
    report = f.make_report(f.CHESTER, name="Alex Example")
    reviewer = f.make_user("reviewer", [areas[f.WEST]])
    colleague = f.make_user("reviewer", [areas[f.WEST]])
    f.make_user("reviewer", [areas[f.EAST]])  # cannot be assigned: wrong area
    f.sign_in(staff_client, reviewer)
    pages = PageClient(staff_client)
    page = pages.get(f"/staff/reports/{report.id}")
    assert "Alex Example" in page.text and "Shouted at me near the shop" in page.text
    assert colleague.email in page.html and "@example.org" in page.html
    token = page.csrf_token()
    response = staff_client.post(
        f"/staff/reports/{report.id}/status",
        data={"csrf_token": token, "status": "referred_police", "force": "Cheshire Constabulary"},
    )
    assert response.status_code == 302
    page = pages.get(response.location)
    assert "Status changed to Referred to police" in page.text
    staff_client.post(
        f"/staff/reports/{report.id}/notes", data={"csrf_token": token, "note": "Called back, no answer"}
    )
    staff_client.post(
        f"/staff/reports/{report.id}/assign", data={"csrf_token": token, "assignee": str(colleague.id)}
    )
    page = pages.get(f"/staff/reports/{report.id}")
    assert "Called back, no answer" in page.text
    # Notes are stored encrypted.
    stored = db.session.execute(
        text("SELECT body FROM report_note WHERE report_id = :id"), {"id": report.id}
    ).scalar()
    assert "Called back" not in stored
    listed = pages.get("/staff/reports?status=referred_police").text
    assert report.reference in listed and colleague.email in listed
    empty_note = pages.post(f"/staff/reports/{report.id}/notes", {"csrf_token": token, "note": ""})
    assert "Enter a note" in empty_note.text and empty_note.title.startswith("Error:")


def test_triage_with_htmx_returns_only_the_panel(staff_client) -> None:
    areas = f.load_areas()
    report = f.make_report(f.CHESTER)
    f.sign_in(staff_client, f.make_user("reviewer", [areas[f.WEST]]))
    token = PageClient(staff_client).get(f"/staff/reports/{report.id}").csrf_token()
    response = staff_client.post(
        f"/staff/reports/{report.id}/status",
        data={"csrf_token": token, "status": "closed"},
        headers={"HX-Request": "true"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and 'id="st-triage"' in html
    assert "Status changed to Closed" in html


def test_export_has_personal_fields_only_for_admins_who_ask(staff_client) -> None:
    areas = f.load_areas()
    f.make_report(f.CHESTER, name='=HYPERLINK("http://evil")')
    admin = f.make_user("admin")
    f.sign_in(staff_client, admin)
    plain = list(
        csv.reader(io.StringIO(staff_client.get("/staff/reports/export.csv").get_data(as_text=True)))
    )
    assert "name" not in plain[0] and len(plain) >= 2
    asked = staff_client.get("/staff/reports/export.csv?personal=y")
    assert asked.status_code == 302 and asked.location.startswith("/staff/reports/export-personal")
    token = f.csrf(staff_client, "/staff/reports/export-personal")
    # A session on its own (stolen, or a computer left signed in) cannot take personal details away.
    refused = staff_client.post(
        "/staff/reports/export-personal", data={"csrf_token": token, "password": "not my password"}
    )
    assert refused.mimetype == "text/html" and "Your password is not right" in refused.get_data(as_text=True)
    full = staff_client.post(
        "/staff/reports/export-personal", data={"csrf_token": token, "password": f.PASSWORD}
    ).get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(full)))
    assert "name" in rows[0] and "description" in rows[0]
    names = [row[rows[0].index("name")] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in names  # neutralised for spreadsheets
    reviewer_client = staff_client.application.test_client()
    f.sign_in(reviewer_client, f.make_user("reviewer", [areas[f.WEST]]))
    assert reviewer_client.get("/staff/reports/export.csv?personal=y").status_code == 403
    assert reviewer_client.get("/staff/reports/export-personal").status_code == 403


def test_a_bad_date_in_the_filters_is_shown_and_the_other_filters_still_apply(staff_client) -> None:
    areas = f.load_areas()
    f.make_report(f.CHESTER, strands=["race"])
    f.make_report(f.CHESTER, strands=["religion"])
    admin = f.make_user("admin")
    f.sign_in(staff_client, admin)
    pages = PageClient(staff_client)
    page = pages.get("/staff/reports?strand=religion&received_from=2026-02-31")
    assert (
        "Received from must be a real date, like 2026-01-31" in page.text
    )  # beside the field and in the summary
    assert "1 report" in page.text  # the reason filter still applies
    assert page.select("input", name="received_from")[0].get("value") == "2026-02-31"  # kept as typed
    del areas
    # Two pages of the list keep their date filters in the links.
    for _ in range(25):
        f.make_report(f.CHESTER, strands=["religion"])
    listed = pages.get("/staff/reports?strand=religion&received_from=2000-01-01")
    assert any("received_from=2000-01-01" in href and "page=2" in href for href in listed.links().values())


def test_bidi_controls_show_as_typed_tags_in_pages_and_exports(staff_client) -> None:
    f.load_areas()
    report = f.make_report(f.CHESTER, name="Invoice \u202egpj.exe")
    admin = f.make_user("admin")
    f.sign_in(staff_client, admin)
    pages = PageClient(staff_client)
    page = pages.get(f"/staff/reports/{report.id}")
    assert "Invoice [RLO]gpj.exe" in page.text and "\u202e" not in page.html
    token = page.csrf_token()
    staff_client.post(
        f"/staff/reports/{report.id}/notes", data={"csrf_token": token, "note": "See \u2067file\u2069"}
    )
    assert "See [RLI]file[PDI]" in pages.get(f"/staff/reports/{report.id}").text
    exported = staff_client.post(
        "/staff/reports/export-personal", data={"csrf_token": token, "password": f.PASSWORD}
    ).get_data(as_text=True)
    assert "Invoice [RLO]gpj.exe" in exported and "\u202e" not in exported
    # Right-to-left text itself is untouched.
    assert bidi.neutralise("رپورٹ \u200f") == "رپورٹ \u200f"


def test_reports_outside_every_area_are_counted_for_admins_and_listed(staff_client) -> None:
    areas = f.load_areas()
    lost = f.make_report(f.WIRRAL)  # in none of the areas: no reviewer receives it
    f.make_report(f.CHESTER)
    admin = f.make_user("admin")
    f.sign_in(staff_client, admin)
    pages = PageClient(staff_client)
    home = pages.get("/staff/")
    assert "1 report is outside every area, so no reviewer sees it." in home.text
    listed = pages.get(home.links()["Reports outside every area"])
    assert "1 report" in listed.text and lost.reference in listed.text
    reviewer = staff_client.application.test_client()
    f.sign_in(reviewer, f.make_user("reviewer", [areas[f.WEST]]))
    assert "outside every area" not in PageClient(reviewer).get("/staff/").text


def test_a_reviewer_sees_only_their_own_areas_in_the_statistics(staff_client) -> None:
    areas = f.load_areas()
    f.make_report(f.CREWE)  # inside both Cheshire outlines
    west = f.make_user("reviewer", [areas[f.WEST]])
    counts = stats.statistics(west, stats.StatsFilter(), f.now().date())
    assert counts.by_area == {f.WEST: 1}  # never the East count
    f.sign_in(staff_client, west)
    assert f.EAST not in PageClient(staff_client).get("/staff/statistics").text


def test_triage_list_finds_by_reference_shows_age_overdue_priority_and_sorts(staff_client) -> None:
    areas = f.load_areas()
    # Thursday 3 December 2026 09:00 (London): two working days later is Monday the 7th.
    received = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    urgent = f.make_report(f.CHESTER, submitted_at=received)
    urgent.still_happening, urgent.injuries = "yes", "injured"
    urgent.reference = "HC-9RTB-W4ZN"
    newer = f.make_report(f.CHESTER, submitted_at=received + timedelta(days=1))
    db.session.flush()
    reviewer = f.make_user("reviewer", [areas[f.WEST]])
    with time_machine.travel(datetime(2026, 12, 7, 12, 0, tzinfo=UTC), tick=False):
        f.sign_in(staff_client, reviewer)
        pages = PageClient(staff_client)
        on_time = pages.get("/staff/reports")
        assert "3 Dec 2026, 09:00" in on_time.text and "2 working days" in on_time.text
        assert "Overdue" not in on_time.text
    with time_machine.travel(datetime(2026, 12, 8, 12, 0, tzinfo=UTC), tick=False):
        f.sign_in(staff_client, reviewer)
        found = pages.get("/staff/reports?reference=hc 9rtb w4zn")  # as read out on the phone
        assert "1 report" in found.text and "HC-9RTB-W4ZN" in found.text and newer.reference not in found.text
        assert "3 working days" in found.text and "Overdue" in found.text
        assert "Still happening" in found.text and "Someone hurt" in found.text
        oldest = pages.get("/staff/reports?sort=oldest").text
        assert oldest.index("HC-9RTB-W4ZN") < oldest.index(newer.reference)
        newest = pages.get("/staff/reports").text
        assert newest.index(newer.reference) < newest.index("HC-9RTB-W4ZN")


def test_working_days_skip_weekends_and_english_bank_holidays() -> None:
    from app.staff import deadlines

    christmas_eve = datetime(2026, 12, 24, 10, 0, tzinfo=UTC)  # Thursday
    # Fri 25 (Christmas), Sat, Sun, Mon 28 (Boxing Day substitute) are not working days.
    assert deadlines.working_days_since(christmas_eve, datetime(2026, 12, 28, 17, 0, tzinfo=UTC)) == 0
    assert deadlines.working_days_since(christmas_eve, datetime(2026, 12, 30, 9, 0, tzinfo=UTC)) == 2
    assert not deadlines.is_overdue(christmas_eve, "new", datetime(2026, 12, 30, 9, 0, tzinfo=UTC))
    assert deadlines.is_overdue(christmas_eve, "new", datetime(2026, 12, 31, 9, 0, tzinfo=UTC))
    assert not deadlines.is_overdue(christmas_eve, "closed", datetime(2027, 1, 31, 9, 0, tzinfo=UTC))


def test_exports_open_in_excel_and_hold_every_personal_detail(staff_client) -> None:
    f.load_areas()
    report = f.make_report(f.CHESTER, name="Siân Wójcik ثانیہ")
    details = crypto.decrypt_json(report.details)
    details.update(
        {
            "phone": "07700 900123",
            "voicemail_ok": "no",
            "language": "cy",
            "interpreter": "yes",
            "witnesses": "yes",
            "witnesses_detail": "The shopkeeper",
            "offenders_description": "Two men",
            "website": "https://example.social/post/1",
        }
    )
    report.details = crypto.encrypt_json(details)
    db.session.flush()
    f.sign_in(staff_client, f.make_user("admin"))
    token = f.csrf(staff_client, "/staff/reports/export-personal")
    body = staff_client.post(
        "/staff/reports/export-personal", data={"csrf_token": token, "password": f.PASSWORD}
    ).get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark: Excel then reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    row = next(r for r in rows if r["reference"] == report.reference)
    assert row["name"] == "Siân Wójcik ثانیہ"
    for column, value in {
        "phone": "07700 900123",
        "voicemail_ok": "no",
        "language": "cy",
        "interpreter": "yes",
        "witnesses_detail": "The shopkeeper",
        "offenders_description": "Two men",
        "website": "https://example.social/post/1",
    }.items():
        assert row[column] == value, column
    counts = staff_client.get("/staff/statistics/open-data.csv").get_data()
    assert counts.startswith(b"\xef\xbb\xbf")


def test_referring_to_police_records_the_force_and_needs_a_reason_against_the_reporters_wish(
    staff_client,
) -> None:
    areas = f.load_areas()
    wants_police = f.make_report(f.CHESTER)
    info_only = f.make_report(f.CHESTER)
    info_only.police_action = "information"
    db.session.flush()
    f.sign_in(staff_client, f.make_user("reviewer", [areas[f.WEST]]))
    pages = PageClient(staff_client)
    token = pages.get(f"/staff/reports/{info_only.id}").csrf_token()
    refer = {"csrf_token": token, "status": "referred_police", "force": "Cheshire Constabulary"}
    refused = pages.post(f"/staff/reports/{info_only.id}/status", refer)
    assert "The reporter asked for information only. Give the reason" in refused.text
    assert "Referred to the police" not in refused.text
    no_force = pages.post(f"/staff/reports/{wants_police.id}/status", {**refer, "force": ""})
    assert "Enter the police force" in no_force.text
    done = staff_client.post(
        f"/staff/reports/{info_only.id}/status",
        data={**refer, "crime_reference": "CC-26-1234", "reason": "A child is at risk"},
    )
    assert done.status_code == 302
    page = pages.get(f"/staff/reports/{info_only.id}")
    assert "Referred to police" in page.text and "Cheshire Constabulary" in page.text
    assert "crime or URN number CC-26-1234" in page.text and "Reason: A child is at risk" in page.text
    stored = db.session.execute(text("SELECT reason FROM report_referral")).scalar_one()
    assert "child" not in stored  # encrypted like notes


def test_the_home_page_counts_reports_by_status_and_area_and_overdue(staff_client) -> None:
    areas = f.load_areas()
    received = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # Thursday
    f.make_report(f.CHESTER, submitted_at=received)
    f.make_report(f.CREWE, submitted_at=received + timedelta(days=4))  # Monday
    f.make_report(f.MACCLESFIELD, submitted_at=received)  # East only: not this reviewer's
    with time_machine.travel(datetime(2026, 12, 8, 12, 0, tzinfo=UTC), tick=False):
        f.sign_in(staff_client, f.make_user("reviewer", [areas[f.WEST]]))
        home = PageClient(staff_client).get("/staff/")
    assert "1 report is overdue" in home.text  # Thursday's, 3 working days; Monday's is on time
    rows = {" ".join(" ".join(tr.itertext()).split()) for tr in home.doc.iter("tr")}
    assert "New 2" in rows and "Closed 0" in rows
    assert f"{f.WEST} 2" in rows and not any(f.EAST in row for row in rows)


def test_likely_duplicates_are_suggested_linked_and_shown_on_each_other(staff_client) -> None:
    areas = f.load_areas()
    when = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    first = f.make_report(f.CHESTER, strands=["race"], submitted_at=when)
    same = f.make_report(f.CHESTER, strands=["race", "religion"], submitted_at=when + timedelta(days=1))
    f.make_report(f.CHESTER, strands=["race"], submitted_at=when + timedelta(days=9))  # too far apart
    f.make_report(f.CHESTER, strands=["disability"], submitted_at=when)  # another reason
    f.make_report(f.MACCLESFIELD, strands=["race"], submitted_at=when)  # another area
    hidden = f.make_report(f.CREWE, strands=["race"], submitted_at=when)  # East and West
    f.sign_in(staff_client, f.make_user("reviewer", [areas[f.WEST]]))
    pages = PageClient(staff_client)
    page = pages.get(f"/staff/reports/{first.id}")
    suggested = [" ".join(li.itertext()) for li in page.doc.findall('.//ul[@id="suggested-reports"]/li')]
    assert len(suggested) == 2  # the other reasons, areas and weeks are not suggested
    assert hidden.reference in suggested[0] and same.reference in suggested[1]  # closest in time first
    linked = staff_client.post(
        f"/staff/reports/{first.id}/links/{same.id}", data={"csrf_token": page.csrf_token()}
    )
    assert linked.status_code == 302
    assert same.reference in " ".join(
        pages.get(f"/staff/reports/{first.id}").doc.find('.//ul[@id="linked-reports"]').itertext()
    )
    other_side = pages.get(f"/staff/reports/{same.id}")
    assert first.reference in " ".join(other_side.doc.find('.//ul[@id="linked-reports"]').itertext())
    # A report in an area this reviewer does not cover cannot be linked (or probed).
    outside = f.make_report(f.MACCLESFIELD)
    refused = staff_client.post(
        f"/staff/reports/{first.id}/links/{outside.id}", data={"csrf_token": page.csrf_token()}
    )
    assert refused.status_code == 404


def test_suggestions_join_the_reports_area_instead_of_a_cartesian_product(staff_client) -> None:
    areas = f.load_areas()
    when = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    first = f.make_report(f.CHESTER, strands=["race"], submitted_at=when)
    near = f.make_report(f.CREWE, strands=["race"], submitted_at=when + timedelta(hours=2))  # West too
    f.make_report(f.MACCLESFIELD, strands=["race"], submitted_at=when)  # East only: no shared area
    f.sign_in(staff_client, f.make_user("admin", [areas[f.WEST]]))
    with warnings.catch_warnings():
        # SQLAlchemy's FROM linter warns of a cartesian product when the area is not joined to the report.
        warnings.simplefilter("error", SAWarning)
        page = PageClient(staff_client).get(f"/staff/reports/{first.id}")
    suggested = [" ".join(li.itertext()) for li in page.doc.findall('.//ul[@id="suggested-reports"]/li')]
    assert len(suggested) == 1 and near.reference in suggested[0]
