"""Signals that let features react to shared events without importing each other."""

from __future__ import annotations

from typing import cast

from blinker import Namespace
from flask import Flask, current_app
from werkzeug.local import LocalProxy

_signals = Namespace()

#: Sent by /exit before the session is cleared; features delete what they keep for that session
#: (the report draft). Receivers get ``session`` (the Flask session, still intact).
session_exited = _signals.signal("session-exited")

#: Sent by the report feature when a report arrives, inside the transaction that writes it, with
#: ``report_id`` and the exact incident point (``latitude``, ``longitude``; None when online or no
#: postcode). Only this moment knows the exact point: the stored, queryable location is coarse (about
#: 1 km), so a receiver that must be exact — routing to the right area — decides here and keeps its
#: decision.
report_arrived = _signals.signal("report-arrived")


def sender() -> Flask:
    """The application behind ``current_app``, to send a signal from: receivers connected for one
    app are matched by identity, which the proxy itself never has."""
    # Flask annotates ``current_app`` as the app it stands for, hiding the proxy's own methods.
    return cast("LocalProxy[Flask]", current_app)._get_current_object()
