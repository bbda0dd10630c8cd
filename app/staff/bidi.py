"""Bidirectional-text controls made visible in everything the staff area sends (pages, fragments, CSV).

A right-to-left override typed into a report (``Invoice \u202egpj.exe`` shows as "Invoice exe.jpg") could
make a name, file name or web address read differently from what was typed. Staff see each control as a
visible tag such as ``[RLO]`` instead. Right-to-left scripts (Urdu, Arabic) need none of these characters,
and the plain marks (LRM, RLM) cannot reorder text, so they are kept.
"""

from __future__ import annotations

from typing import Any

CONTROLS = {
    "\u202a": "[LRE]",
    "\u202b": "[RLE]",
    "\u202c": "[PDF]",
    "\u202d": "[LRO]",
    "\u202e": "[RLO]",
    "\u2066": "[LRI]",
    "\u2067": "[RLI]",
    "\u2068": "[FSI]",
    "\u2069": "[PDI]",
}
_TABLE = str.maketrans(CONTROLS)
TEXT_TYPES = {"text/html", "text/csv", "application/json", "text/plain"}


def neutralise(text: str) -> str:
    """``text`` with every embedding, override and isolate control replaced by its visible tag."""
    return text.translate(_TABLE)


def neutralise_response(response: Any) -> Any:
    """After every staff request: rewrite a text body only when it holds a control (rarely)."""
    if response.mimetype in TEXT_TYPES and not response.direct_passthrough and not response.is_streamed:
        body = response.get_data(as_text=True)
        if any(control in body for control in CONTROLS):
            response.set_data(neutralise(body))
    return response
