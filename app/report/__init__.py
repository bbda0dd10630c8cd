"""Report online, one question per page: the journey, drafts, submission and its commands."""

from flask import Blueprint

# cli_group=None: this feature's commands are top-level (``flask purge-drafts``).
bp = Blueprint("report", __name__, cli_group=None)
from app.report import assisted, commands, progress, routes  # noqa: E402,F401
