"""Support-organisation directory on the Open Referral UK model."""

from flask import Blueprint

# cli_group=None: this feature's commands are top-level (``flask import-openreferral``).
bp = Blueprint("directory", __name__, cli_group=None)

from app.directory import api, commands, routes  # noqa: E402,F401
