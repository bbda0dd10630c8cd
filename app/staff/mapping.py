"""The density map: folium circles at district centroids sized by report counts, never single reports.

Like the finder's map, the document and its script are served from our own routes (no inline script).
"""

from __future__ import annotations

import math

import folium
from flask import Response

from app import maps

MAP_NAME = "density"
CENTRE_MAP_NAME = "centre"


def density_script(districts: list[tuple[str, int, float, float]], label: str, few: str) -> Response:
    """``label`` is a message with %(district)s and %(count)s; ``few`` one with %(district)s for 1–4."""
    m = maps.new_map(MAP_NAME)
    for district, count, latitude, longitude in districts:
        small = count < 5
        text = few % {"district": district} if small else label % {"district": district, "count": count}
        folium.CircleMarker(
            [latitude, longitude],
            radius=6 if small else 6 + 4 * math.sqrt(count),
            weight=2,
            color="#1d70b8",
            fill=True,
            fill_opacity=0.4,
            tooltip=text,
        ).add_to(m)
    if districts:
        m.fit_bounds([[d[2], d[3]] for d in districts], padding=(24, 24), max_zoom=12)
    return maps.script_of(m)


def centre_script(name: str, point: tuple[float, float]) -> Response:
    """One marker where a centre is placed, so an editor can see the postcode put it in the right place."""
    m = maps.new_map(CENTRE_MAP_NAME, point, zoom=15)
    folium.Marker(list(point), title=name, alt=name).add_to(m)
    return maps.script_of(m)
