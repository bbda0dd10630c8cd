"""Flask extensions, created unbound here and bound to the app in create_app()."""

from __future__ import annotations

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import CursorResult, Executable, MetaData

# Stable constraint names keep Alembic autogenerate and downgrades predictable.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

db = SQLAlchemy(metadata=metadata)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
compress = Compress()
htmx = Htmx()
#: The staff area registers the user loader and login view (app/staff/).
login_manager = LoginManager()
login_manager.session_protection = "strong"


@login_manager.request_loader
def _no_header_sign_in(request: object) -> None:
    """Staff sign in with the form only: no API keys or Authorization headers are accepted."""
    return None


def rows_affected(statement: Executable) -> int:
    """Run an INSERT, UPDATE or DELETE in the current session; the number of rows it changed."""
    result = db.session.execute(statement)
    # Session.execute is typed as returning any Result; a write gives the CursorResult that counts rows.
    assert isinstance(result, CursorResult)
    return result.rowcount
