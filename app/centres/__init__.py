"""Find the nearest reporting centre."""

from flask import Blueprint

# cli_group=None: this feature's commands are top-level (``flask import-centres``).
bp = Blueprint("centres", __name__, cli_group=None)

from app.centres import commands, routes  # noqa: E402,F401
