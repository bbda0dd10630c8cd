"""Server-rendered SVG bar charts: no script, no style attributes (presentation attributes only)."""

from __future__ import annotations

from markupsafe import Markup, escape

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 190
BAR_AREA = 330
VALUE_WIDTH = 50
#: GOV.UK blue: 4.5:1 or better against white.
BAR_FILL = "#1d70b8"
TEXT_FILL = "#0b0c0c"


def bar_chart(title: str, items: list[tuple[str, int]], chart_id: str) -> Markup:
    """A horizontal bar chart. ``title`` names it for assistive technology (``<title>`` and aria-label);
    the accessible table beside it carries the same numbers."""
    largest = max((value for _label, value in items), default=0) or 1
    height = max(1, len(items)) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="st-chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
    ]
    for index, (label, value) in enumerate(items):
        y = GAP + index * (BAR_HEIGHT + GAP)
        bar = round(BAR_AREA * value / largest, 1)
        middle = y + BAR_HEIGHT / 2
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" dominant-baseline="middle" '
            f'font-size="14" fill="{TEXT_FILL}">{escape(_short(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar}" height="{BAR_HEIGHT}" fill="{BAR_FILL}"/>'
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{middle}" dominant-baseline="middle" font-size="14" '
            f'fill="{TEXT_FILL}">{value}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every label and title above is escaped)


def _short(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
