"""Folium maps served without inline script: a small document plus its script from our own routes.

Leaflet comes from static/ (no CDN, no jQuery, bootstrap or font-awesome), so a map document keeps the
site's strict CSP; only img-src widens, for the configured tile server. The finder and the staff
density map both build on this.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import folium
from branca.element import Figure
from flask import Response, current_app, render_template

from app.assets import asset_url
from app.security import content_security_policy


def new_map(name: str, centre: tuple[float, float] | None = None, zoom: int | None = None) -> folium.Map:
    """A map with our Leaflet and the configured tiles; ``name`` fixes its element id (``map_<name>``)."""
    config = current_app.config
    m = folium.Map(
        location=list(centre or config.get("MAP_CENTRE", (53.19, -2.89))),
        zoom_start=zoom or config.get("MAP_ZOOM", 10),
        tiles=None,
        control_scale=True,
    )
    m._id = name  # fixed, so the document and its separately served script agree
    m.default_js = [("leaflet", asset_url("vendor/leaflet/leaflet.js"))]
    m.default_css = [("leaflet_css", asset_url("vendor/leaflet/leaflet.css"))]
    folium.TileLayer(tiles=config["MAP_TILE_URL"], attr=config["MAP_TILE_ATTRIBUTION"], max_zoom=19).add_to(m)
    return m


def element_id(name: str) -> str:
    return f"map_{name}"


def script_of(m: folium.Map) -> Response:
    """The map's JavaScript, served from its own URL instead of inline."""
    root = m.get_root()
    assert isinstance(root, Figure)  # a Map's root is always its Figure, which holds the script
    root.render()
    response = current_app.response_class(root.script.render(), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-store"
    return response


def tile_sources() -> str:
    """The img-src entry for the configured tile server ("{s}" subdomains become a wildcard)."""
    parts = urlsplit(current_app.config["MAP_TILE_URL"])
    if parts.scheme not in {"https", "http"} or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


def document(name: str, title: str, script_url: str, noscript: str) -> Response:
    """The small HTML document an iframe shows; its CSP lets images come from the tile server."""
    response = current_app.make_response(
        render_template(
            "components/map_document.html",
            element_id=element_id(name),
            title=title,
            script_url=script_url,
            noscript=noscript,
        )
    )
    response.headers["Content-Security-Policy"] = content_security_policy(
        img_src=f"'self' data: {tile_sources()}".strip()
    )
    # OpenStreetMap's tile usage policy requires a referrer; cross-origin only our origin is sent, never
    # the document's address (which holds the search).
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response
