"""The results map: folium builds it; we split it into markup and a script served from our own routes.

No CDN assets (Leaflet comes from static/), no jQuery, bootstrap or font-awesome, and no inline script
or style, so the map document keeps the site's strict CSP; only img-src widens, for the tile server.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import folium
from flask import current_app, url_for
from folium.elements import MacroElement
from folium.template import Template
from markupsafe import escape

from app.assets import asset_url
from app.centres.queries import NearbyCentre

MAP_NAME = "results"  # a fixed id, so the document and its separately served script agree
MAP_ELEMENT_ID = f"map_{MAP_NAME}"


class PlainPopup(MacroElement):
    """``marker.bindPopup(html)``: folium's own Popup needs jQuery and writes a style attribute."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindPopup({{ this.html|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "PlainPopup"
        self.html = html


def map_script(
    centres: list[NearbyCentre], origin: tuple[float, float] | None, labels: dict[str, str]
) -> str:
    config = current_app.config
    centre = origin or tuple(config.get("MAP_CENTRE", (53.19, -2.89)))
    m = folium.Map(
        location=list(centre), zoom_start=config.get("MAP_ZOOM", 10), tiles=None, control_scale=True
    )
    m._id = MAP_NAME
    m.default_js = [("leaflet", asset_url("vendor/leaflet/leaflet.js"))]
    m.default_css = [("leaflet_css", asset_url("vendor/leaflet/leaflet.css"))]
    folium.TileLayer(tiles=config["MAP_TILE_URL"], attr=config["MAP_TILE_ATTRIBUTION"], max_zoom=19).add_to(m)
    if origin:
        folium.CircleMarker(list(origin), radius=6, weight=2, fill=True, tooltip=labels["origin"]).add_to(m)
    for number, item in enumerate(centres, start=1):
        name = f"{number}. {item.centre.name}"
        href = url_for("centres.detail", slug=item.centre.slug)
        popup = f'<a href="{escape(href)}" target="_top">{escape(name)}</a>'
        if item.centre.is_example:
            popup += f"<br>{escape(labels['example'])}"
        marker = folium.Marker([item.latitude, item.longitude], title=name, alt=name)
        marker.add_child(PlainPopup(popup))
        marker.add_to(m)
    if centres:
        points = [[c.latitude, c.longitude] for c in centres] + ([list(origin)] if origin else [])
        m.fit_bounds(points, padding=(24, 24), max_zoom=15)
    root = m.get_root()
    root.render()
    return root.script.render()


def tile_sources() -> str:
    """The img-src entry for the configured tile server ("{s}" subdomains become a wildcard)."""
    parts = urlsplit(current_app.config["MAP_TILE_URL"])
    if parts.scheme not in {"https", "http"} or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"
