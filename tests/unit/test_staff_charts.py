"""SVG bar charts: accessible name, escaped labels, bars in proportion, no style attributes."""

from __future__ import annotations

from xml.etree import ElementTree

from app.staff.charts import bar_chart
from app.staff.queries.stats import month_starts

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_are_in_proportion_and_labels_escaped() -> None:
    svg = ElementTree.fromstring(  # noqa: S314 (our own output)
        str(bar_chart("Reports <by> reason", [("Race & <b>", 10), ("Disability", 5)], "c"))
    )
    assert svg.get("role") == "img" and svg.get("aria-label") == "Reports <by> reason"
    assert svg.find(f"{SVG}title").text == "Reports <by> reason"
    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1]
    assert next(t.text for t in svg.iter(f"{SVG}text")) == "Race & <b>"
    assert all(el.get("style") is None for el in svg.iter())


def test_an_empty_chart_is_still_valid_svg() -> None:
    svg = ElementTree.fromstring(str(bar_chart("Nothing", [], "e")))  # noqa: S314 (our own output)
    assert not list(svg.iter(f"{SVG}rect"))


def test_month_starts_cross_the_year() -> None:
    from datetime import date

    months = month_starts(3, date(2026, 2, 14))
    assert months == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
