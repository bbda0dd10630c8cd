"""Statistics: counts per month, reason, type of incident and area as SVG charts with tables, an
open-data export with small numbers suppressed, and a density map by district."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from flask import current_app, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from app import maps
from app.links import url_with_query
from app.report.vocab import CHANNELS, INCIDENT_TYPES, STRANDS
from app.staff import auth, bp, charts, mapping
from app.staff.forms import DateRangeForm
from app.staff.queries import routing, stats, triage

STATS = ("admin", "reviewer")


def _filters() -> tuple[DateRangeForm, stats.StatsFilter]:
    form = DateRangeForm(request.args, meta={"csrf": False})
    areas = routing.list_areas() if current_user.is_admin else list(current_user.areas)
    form.area.choices = [("", _("All my areas") if not current_user.is_admin else _("All areas"))] + [
        (str(area.id), area.name) for area in areas
    ]
    filters = stats.StatsFilter()
    if form.validate():
        filters = stats.StatsFilter(
            area_id=int(form.area.data) if form.area.data else None, months=int(form.months.data or 12)
        )
    return form, filters


def _args(filters: stats.StatsFilter) -> dict[str, str]:
    args = {"months": str(filters.months)}
    if filters.area_id:
        args["area"] = str(filters.area_id)
    return args


@bp.get("/statistics")
@auth.roles(*STATS)
def statistics() -> str:
    form, filters = _filters()
    counts = stats.statistics(current_user, filters, date.today())
    strands, types = dict(STRANDS), dict(INCIDENT_TYPES)
    sections = [
        (
            "month",
            _("Reports per month"),
            [(format_date(month, "MMM yyyy"), counts.by_month.get(month, 0)) for month in counts.months],
        ),
        (
            "strand",
            _("Reports by reason"),
            [(str(strands.get(k, k)), v) for k, v in sorted(counts.by_strand.items())],
        ),
        (
            "type",
            _("Reports by what happened"),
            [(str(types.get(k, k)), v) for k, v in sorted(counts.by_type.items())],
        ),
        ("area", _("Reports by area"), sorted(counts.by_area.items())),
    ]
    charts_ = [
        (key, title, rows, charts.bar_chart(title, rows, f"chart-{key}")) for key, title, rows in sections
    ]
    crossed = [
        (
            _("Reports per month by reason"),
            [str(strands.get(k, k)) for k in sorted(counts.by_strand)],
            [
                (
                    format_date(m, "MMM yyyy"),
                    [counts.month_strand.get((m, k), 0) for k in sorted(counts.by_strand)],
                )
                for m in counts.months
            ],
        ),
        (
            _("Reports per month by what happened"),
            [str(types.get(k, k)) for k in sorted(counts.by_type)],
            [
                (
                    format_date(m, "MMM yyyy"),
                    [counts.month_type.get((m, k), 0) for k in sorted(counts.by_type)],
                )
                for m in counts.months
            ],
        ),
    ]
    show_map = request.args.get("map") == "1"
    return render_template(
        "staff/statistics.html",
        form=form,
        charts=charts_,
        crossed=crossed,
        suppressed=_suppressed_tables(counts),
        fewer_than=stats.SMALL_NUMBER + 1,
        args=_args(filters),
        show_map=show_map,
    )


def _suppressed_tables(counts: stats.Counts) -> list[tuple[str, str, str, list[tuple[str, int | None]]]]:
    """(key, title, first column's heading, rows) of the tables that name how and where people reported:
    small numbers are suppressed as in the open data, since a centre's few reports could point to people."""
    channels = [(str(label), stats.suppress(counts.by_channel.get(key, 0))) for key, label in CHANNELS]
    named = sorted((name, count) for name, count in counts.by_centre.items() if name is not None)
    centres: list[tuple[str, int | None]] = [(name, stats.suppress(count)) for name, count in named]
    if counts.by_centre.get(None):
        centres.append((_("Other reporting centres"), stats.suppress(counts.by_centre[None])))
    return [
        ("channel", _("Reports by how they were sent"), _("How they were sent"), channels),
        ("centre", _("Assisted reports by reporting centre"), _("Reporting centre"), centres),
    ]


def _open_data(filters: stats.StatsFilter) -> list[dict]:
    return stats.export_open_data(current_user, filters, date.today(), _args(filters))


@bp.get("/statistics/open-data.csv")
@auth.roles(*STATS)
def open_data_csv() -> BaseResponse:
    _form, filters = _filters()
    out = io.StringIO()
    out.write(triage.BOM)
    writer = csv.writer(out)
    writer.writerow(["month", "dimension", "category", "count", "suppressed"])
    for row in _open_data(filters):
        suppressed = row["count"] is None
        writer.writerow(
            [
                row["month"],
                row["dimension"],
                row["category"],
                "" if suppressed else row["count"],
                "yes" if suppressed else "no",
            ]
        )
    response = current_app.response_class(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="report-counts.csv"'
    return response


@bp.get("/statistics/open-data.json")
@auth.roles(*STATS)
def open_data_json() -> BaseResponse:
    _form, filters = _filters()
    body = {
        "description": "Reports of hate incidents per month, by reason, what happened and how they were sent "
        "(channel: online or assisted at a reporting centre); counts from 1 to 4 are suppressed (null).",
        "suppressed_range": [1, stats.SMALL_NUMBER],
        "rows": _open_data(filters),
    }
    return current_app.response_class(json.dumps(body, ensure_ascii=False), mimetype="application/json")


@bp.get("/statistics/map")
@auth.roles(*STATS)
def density_map() -> BaseResponse:
    _form, filters = _filters()
    return maps.document(
        mapping.MAP_NAME,
        title=_("Map of reports by postcode district"),
        script_url=url_with_query("staff.density_script", _args(filters)),
        noscript=_("The map needs JavaScript. The same counts are in the tables on the statistics page."),
    )


@bp.get("/statistics/map.js")
@auth.roles(*STATS)
def density_script() -> BaseResponse:
    _form, filters = _filters()
    districts = stats.district_counts(current_user, filters, date.today())
    return mapping.density_script(
        districts, _("%(district)s: %(count)s reports"), _("%(district)s: fewer than 5 reports")
    )
