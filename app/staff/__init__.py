"""Staff area: sign-in, report triage by area, managing centres and directory, statistics."""

from flask import Blueprint

# cli_group=None: this feature's commands are top-level (``flask create-staff``).
bp = Blueprint("staff", __name__, url_prefix="/staff", cli_group=None)
from app.staff import routes  # noqa: E402,F401
