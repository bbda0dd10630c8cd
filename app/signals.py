"""Signals that let features react to shared events without importing each other."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent by /exit before the session is cleared; features delete what they keep for that session
#: (the report draft). Receivers get ``session`` (the Flask session, still intact).
session_exited = _signals.signal("session-exited")
