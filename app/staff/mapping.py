"""The density map: folium circles at district centroids sized by report counts, never single reports.

Like the finder's map, the document and its script are served from our own routes (no inline script).
"""

from __future__ import annotations

import math

import folium
from flask import current_app

from app.assets import asset_url

MAP_NAME = "density"
MAP_ELEMENT_ID = f"map_{MAP_NAME}"


def density_script(districts: list[tuple[str, int, float, float]], label: str, few: str) -> str:
    """``label`` is a message with %(district)s and %(count)s; ``few`` one with %(district)s for 1–4."""
    config = current_app.config
    m = folium.Map(
        location=list(config.get("MAP_CENTRE", (53.19, -2.89))),
        zoom_start=config.get("MAP_ZOOM", 10),
        tiles=None,
        control_scale=True,
    )
    m._id = MAP_NAME
    m.default_js = [("leaflet", asset_url("vendor/leaflet/leaflet.js"))]
    m.default_css = [("leaflet_css", asset_url("vendor/leaflet/leaflet.css"))]
    folium.TileLayer(tiles=config["MAP_TILE_URL"], attr=config["MAP_TILE_ATTRIBUTION"], max_zoom=19).add_to(m)
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
    root = m.get_root()
    root.render()
    return root.script.render()
