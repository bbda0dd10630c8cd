"""Settings from the environment, so any police force, council or charity can run its own instance."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import URL, make_url

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"
#: Where the set-up command (``python -m tools.provision``) records the database URL it settled on.
URL_FILE = INSTANCE / "database_url"
#: ... and the same database as the tables' owner, for migrations (the app runs as a lesser role).
OWNER_URL_FILE = INSTANCE / "migration_database_url"


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    return default if not value else value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def sqlalchemy_url(url: str) -> str:
    """Make any postgres URL use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def libpq_url(url: str) -> str:
    """The same URL in the form psycopg/libpq and the PostgreSQL client tools accept."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def configured_url() -> str | None:
    """The database URL to use: ``DATABASE_URL``, else the one set-up recorded; creates nothing."""
    if env("DATABASE_URL"):
        return sqlalchemy_url(env("DATABASE_URL"))
    if URL_FILE.exists():
        return URL_FILE.read_text().strip() or None
    return None


def owner_url_for(app_url: str | URL | None) -> str | None:
    """The owner's URL for the database ``app_url`` names, when set-up provisioned an owner and a lesser
    runtime role and the app runs as the latter on that server; else None (one role does both).

    Derived per database, so a throwaway test or benchmark database is migrated as its own owner, never
    through the development database's URL."""
    if not app_url or env("DATABASE_URL") or not OWNER_URL_FILE.exists():
        return None
    owner = make_url(OWNER_URL_FILE.read_text().strip())
    app = make_url(sqlalchemy_url(str(app_url)) if isinstance(app_url, str) else app_url)
    if (app.host, app.port) != (owner.host, owner.port) or app.username == owner.username:
        return None
    return app.set(username=owner.username, password=owner.password).render_as_string(hide_password=False)


def instance_secret(filename: str, maker=lambda: secrets.token_urlsafe(48)) -> str:
    """A development secret generated once and kept in instance/ (never used in production)."""
    path = INSTANCE / filename
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(maker())
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    """Read once at app creation. Every variable is listed in README.md's configuration table."""

    def __init__(self) -> None:
        self.APP_ENV = env("APP_ENV", "development")
        production = self.APP_ENV == "production"
        self.SECRET_KEY = env("SECRET_KEY")
        if not self.SECRET_KEY:
            if production:
                raise RuntimeError("SECRET_KEY must be set when APP_ENV=production.")
            self.SECRET_KEY = instance_secret("secret_key")
        elif production and len(self.SECRET_KEY) < 32:
            raise RuntimeError("SECRET_KEY is too short for production: use at least 32 random characters.")

        self.SQLALCHEMY_DATABASE_URI = configured_url()
        # Migrations as the owner of the tables; the app itself may then run as a role that can only
        # add to and read the audit trail. Unset: the owner set-up provisioned (``owner_url_for``, read
        # by migrations/env.py, which also grants the runtime role its rights after every run), else
        # the app's own login does both.
        owner_url = env("MIGRATION_DATABASE_URL")
        self.MIGRATION_DATABASE_URL = sqlalchemy_url(owner_url) if owner_url else None
        self.SQLALCHEMY_ENGINE_OPTIONS = {
            "pool_pre_ping": True,
            "connect_args": {"connect_timeout": 5},
            # SQLAlchemy would otherwise quote statement parameters (what someone typed) in its errors.
            "hide_parameters": True,
        }

        # Service identity: nothing area-specific is hard-coded.
        self.SERVICE_NAME = env("SERVICE_NAME", "Stand Together")
        self.ORGANISATION_NAME = env("ORGANISATION_NAME", "Stand Together (demonstration)")
        self.EMERGENCY_NUMBER = env("EMERGENCY_NUMBER", "999")
        self.NON_EMERGENCY_NUMBER = env("NON_EMERGENCY_NUMBER", "101")
        self.TEXTPHONE_NUMBER = env("TEXTPHONE_NUMBER", "18000")
        self.CONTACT_EMAIL = env("CONTACT_EMAIL", "")
        # National support lines printed on an assisted report's receipt: "Name=number" pairs, ";"
        # between them. The defaults are free and open day and night (checked 2026-11-27 for the demo
        # directory).
        self.SUPPORT_LINES = [
            tuple(part.strip() for part in pair.split("=", 1))
            for pair in env(
                "SUPPORT_LINES",
                "Victim Support=08 08 16 89 111;Stop Hate UK=0800 138 1625;Samaritans=116 123",
            ).split(";")
            if "=" in pair
        ]
        self.EXIT_URL = env("EXIT_URL", "https://www.bbc.co.uk/weather")
        self.MAP_CENTRE = tuple(float(v) for v in env_list("MAP_CENTRE", "53.19,-2.89"))
        self.MAP_ZOOM = int(env("MAP_ZOOM", "10"))
        self.MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
        self.MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors")
        self.POSTCODE_API_URL = env("POSTCODE_API_URL")
        # After the API fails, each worker leaves it alone this long (app/geo/geocode.py).
        self.POSTCODE_API_PAUSE_SECONDS = int(env("POSTCODE_API_PAUSE_SECONDS", "30"))
        self.JSON_LOGS = env_bool("JSON_LOGS", False)  # JSON lines even under test (always in production)
        self.DEMO_DATA = env_bool("DEMO_DATA", not production)

        # Languages: codes offered in the switcher; English is always the fallback.
        self.LANGUAGES = env_list("LANGUAGES", "en,cy,pl,ur")
        self.BABEL_DEFAULT_LOCALE = "en"
        self.BABEL_DEFAULT_TIMEZONE = "Europe/London"
        self.BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "app" / "translations")

        # Reports
        self.REPORT_KEYS = env("REPORT_KEYS") or (
            "" if production else instance_secret("report_key", _fernet_key)
        )
        if production and not self.REPORT_KEYS:
            raise RuntimeError("REPORT_KEYS must be set when APP_ENV=production.")
        self.DRAFT_TTL = timedelta(hours=float(env("DRAFT_TTL_HOURS", "24")))
        # About 7 years, a common retention period for crime records; set to your own policy.
        self.REPORT_RETENTION_DAYS = int(env("REPORT_RETENTION_DAYS", "2555"))
        # How long the sender's browser may open the printable copy of a sent report.
        self.REPORT_COPY_MINUTES = int(env("REPORT_COPY_MINUTES", "30"))

        # Staff
        self.STAFF_IDLE_MINUTES = float(env("STAFF_IDLE_MINUTES", "30"))
        self.STAFF_IDLE_WARNING_SECONDS = float(env("STAFF_IDLE_WARNING_SECONDS", "120"))
        # A staff session ends this long after sign-in, however active (kept server-side).
        self.STAFF_SESSION_HOURS = float(env("STAFF_SESSION_HOURS", "12"))
        # argon2id cost (argon2-cffi's defaults, RFC 9106's second recommendation); tests lower it.
        self.PASSWORD_HASH_TIME_COST = int(env("PASSWORD_HASH_TIME_COST", "3"))
        self.PASSWORD_HASH_MEMORY_KIB = int(env("PASSWORD_HASH_MEMORY_KIB", "65536"))

        # Security
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", production)
        # ``__Host-``: the browser only accepts it over HTTPS, for this host and path "/" (no subdomain).
        self.SESSION_COOKIE_NAME = "__Host-st_session" if self.SESSION_COOKIE_SECURE else "st_session"
        self.PERMANENT_SESSION_LIFETIME = timedelta(hours=float(env("SESSION_HOURS", "24")))
        self.PREFERRED_URL_SCHEME = "https" if production else "http"
        self.PROXY_FIX_HOPS = int(env("PROXY_FIX_HOPS", "1" if production else "0"))
        self.WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session, not one hour
        # Counters shared by every worker and server: the app's PostgreSQL (app/ratelimit.py), or redis://.
        self.RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", "database://")
        # The 429 page sets Retry-After itself, matching the wait it tells the person.
        self.RATELIMIT_HEADERS_ENABLED = False
        # Public forms are small (a 5,000-character description is at most 20 KB); staff file imports
        # (the endpoints in UPLOAD_ENDPOINTS) may send more.
        self.MAX_CONTENT_LENGTH = int(env("MAX_CONTENT_KB", "256")) * 1024
        self.UPLOAD_MAX_CONTENT_LENGTH = int(env("UPLOAD_MAX_MB", "200")) * 1024 * 1024
        self.UPLOAD_ENDPOINTS = frozenset({"staff.import_upload"})
        self.RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)

        # Low bandwidth: brotli first, gzip for older clients.
        self.COMPRESS_ALGORITHM = ["br", "gzip"]
        self.COMPRESS_BR_LEVEL = 5
        self.COMPRESS_LEVEL = 6
        self.COMPRESS_MIN_SIZE = 300
        self.COMPRESS_MIMETYPES = [
            "text/html",
            "text/css",
            "text/csv",
            "text/javascript",
            "application/javascript",
            "application/json",
            "image/svg+xml",
        ]
        self.SEND_FILE_MAX_AGE_DEFAULT = timedelta(hours=1)
        # Whole public pages kept in memory until the next minute or a content change (app/page_cache.py);
        # each worker reads the content version at most this often (and at once after its own commits).
        self.PAGE_CACHE = env_bool("PAGE_CACHE", True)
        self.PAGE_CACHE_POLL_SECONDS = float(env("PAGE_CACHE_POLL_SECONDS", "1"))


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()
