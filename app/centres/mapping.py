"""The results map: numbered markers for the centres found, and where the search started (app/maps.py)."""

from __future__ import annotations

import folium
from flask import Response, url_for
from folium.elements import MacroElement
from folium.template import Template
from markupsafe import escape

from app import maps
from app.centres.queries import NearbyCentre

MAP_NAME = "results"


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
) -> Response:
    m = maps.new_map(MAP_NAME, origin)
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
    return maps.script_of(m)
