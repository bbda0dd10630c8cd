"""A reviewer sees only their areas' reports once reports are routed on arrival (the real send records
report_routing). Regression: the routing check inside the user's-areas EXISTS was not correlated to the
report, so one report routed to West let a West reviewer see every routed report, East's included."""

from __future__ import annotations

from tests.fixtures import staff as f
from tests.fixtures.sent import sent
from tests.pages import PageClient

staff_db, staff_client = f.staff_db, f.staff_client  # fixtures


def test_a_reviewer_never_sees_a_routed_report_of_another_area(staff_client) -> None:
    areas = f.load_areas()
    west = sent(f.CHESTER)
    east = sent(f.MACCLESFIELD)
    f.sign_in(staff_client, f.make_user("reviewer", [areas[f.WEST]]))
    listed = PageClient(staff_client).get("/staff/reports").text
    assert west.reference in listed
    assert east.reference not in listed
    assert staff_client.get(f"/staff/reports/{east.id}").status_code == 404
    assert staff_client.get(f"/staff/reports/{west.id}").status_code == 200
