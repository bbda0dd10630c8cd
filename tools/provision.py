"""Find or make the PostgreSQL + PostGIS database the app uses; set-up tooling, not runtime code.

Order: ``DATABASE_URL`` → the server on 127.0.0.1:5432 → a private cluster under ``instance/``
(installing PostgreSQL/PostGIS with apt, or printing the command, when they are missing).
Two roles with generated passwords kept in ``instance/``: the owner (databases, tables, migrations;
``instance/migration_database_url``) and the app's runtime login (``instance/database_url``), which
cannot edit the audit trail. Run as ``python -m tools.provision``; it prints the app's URL (password
masked). The running app only reads the URL this settled on (``app.config.configured_url``).
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from app.config import (
    INSTANCE,
    OWNER_URL_FILE,
    URL_FILE,
    configured_url,
    libpq_url,
    owner_url_for,
    sqlalchemy_url,
)

PRIVATE_DIR = INSTANCE / "pgdata"
PRIVATE_PORT = 54329
APP_ROLE = "standtogether"  # owns the databases and tables; migrations run as it
#: The app's own login: uses the tables the owner grants it, the audit trail only to add to and read.
RUNTIME_ROLE = "standtogether_app"
APP_DB = "standtogether"
TEMPLATE_DB = "standtogether_template"
EXTENSIONS = ("postgis", "pg_trgm")


class ProvisionError(RuntimeError):
    """Set-up cannot go on; the message says what the person should do."""


def say(message: str) -> None:
    sys.stderr.write(f"[db] {message}\n")


def masked(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def can_connect(url: str) -> bool:
    try:
        with psycopg.connect(libpq_url(url), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def port_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def apt_install(*packages: str) -> None:
    """Install Debian packages when we are root, else stop with the exact command."""
    command = "apt-get update && apt-get install -y " + " ".join(packages)
    if not is_root() or not shutil.which("apt-get"):
        raise ProvisionError(f"PostgreSQL/PostGIS packages are missing. Run:\n  sudo sh -c '{command}'")
    say(f"installing {' '.join(packages)} with apt-get")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env)


def pg_bin_dir() -> Path | None:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return versions[-1].parent if versions else None


# ---------------------------------------------------------------- admin access


@dataclass
class Admin:
    """A way to run SQL as a superuser: a TCP connection, or psql over the socket as ``postgres``."""

    host: str
    port: int
    user: str = "postgres"
    password: str | None = None
    via_runuser: bool = False

    def run(self, statement: str | sql.Composed, dbname: str = "postgres") -> list[tuple]:
        if self.via_runuser:
            text = statement if isinstance(statement, str) else statement.as_string(None)
            out = subprocess.run(
                ["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1"]
                + ["-p", str(self.port), "-d", dbname, "-c", text],
                capture_output=True,
                text=True,
                check=False,
            )
            if out.returncode != 0:
                raise ProvisionError(out.stderr.strip())
            return [tuple(line.split("|")) for line in out.stdout.splitlines() if line]
        with psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=dbname,
            autocommit=True,
            connect_timeout=5,
        ) as conn:
            cur = conn.execute(statement)
            return cur.fetchall() if cur.description else []


def admin_for_local_server(port: int) -> Admin:
    """Superuser access to the server on 127.0.0.1:port: trust over TCP, else peer over the socket."""
    admin = Admin("127.0.0.1", port)
    try:
        admin.run("SELECT 1")
        return admin
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[0]
    if is_root() and shutil.which("runuser") and shutil.which("psql"):
        admin = Admin("127.0.0.1", port, via_runuser=True)
        admin.run("SELECT 1")
        return admin
    raise ProvisionError(
        f"The PostgreSQL server on 127.0.0.1:{port} refused a superuser connection ({reason}).\n"
        "Either set DATABASE_URL to a database you can use, or run this once as root:\n"
        f"  sudo -u postgres psql -c \"CREATE ROLE {APP_ROLE} LOGIN CREATEDB PASSWORD 'choose-one'\"\n"
        "and then set DATABASE_URL=postgresql://standtogether:choose-one@127.0.0.1:5432/standtogether"
    )


def start_private_cluster() -> Admin:
    """Create (once) and start a cluster of our own under instance/pgdata on another port."""
    bindir = pg_bin_dir()
    if bindir is None:
        apt_install("postgresql", "postgresql-contrib")
        bindir = pg_bin_dir()
        if bindir is None:
            raise ProvisionError(
                "PostgreSQL was installed but initdb was not found under /usr/lib/postgresql"
            )
        if port_answers("127.0.0.1", 5432):
            # Debian's package starts its own cluster; prefer it, as the design says.
            return admin_for_local_server(5432)
    ensure_postgis_package(bindir.parts[-2])
    INSTANCE.mkdir(exist_ok=True)
    password_file = INSTANCE / "pg-admin-password"
    if not password_file.exists():
        password_file.write_text(secrets.token_urlsafe(24))
        password_file.chmod(0o600)
    password = password_file.read_text().strip()
    as_postgres = ["runuser", "-u", "postgres", "--"] if is_root() else []
    if not (PRIVATE_DIR / "PG_VERSION").exists():
        say(f"creating a private PostgreSQL cluster in {PRIVATE_DIR}")
        PRIVATE_DIR.mkdir(exist_ok=True)
        pwfile = INSTANCE / "pg-initdb-pw"
        pwfile.write_text(password)
        if is_root():
            shutil.chown(PRIVATE_DIR, "postgres")
            shutil.chown(pwfile, "postgres")
        subprocess.run(
            [*as_postgres, str(bindir / "initdb"), "-D", str(PRIVATE_DIR), "-U", "postgres"]
            + ["--pwfile", str(pwfile), "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        pwfile.unlink()
    if not port_answers("127.0.0.1", PRIVATE_PORT):
        say(f"starting the private cluster on 127.0.0.1:{PRIVATE_PORT}")
        subprocess.run(
            [*as_postgres, str(bindir / "pg_ctl"), "-D", str(PRIVATE_DIR), "-l", str(PRIVATE_DIR / "log")]
            + ["-w", "-o", f"-p {PRIVATE_PORT} -c listen_addresses=127.0.0.1 -k {PRIVATE_DIR}", "start"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return Admin("127.0.0.1", PRIVATE_PORT, password=password)


def ensure_postgis_package(major: str) -> None:
    if not Path(f"/usr/share/postgresql/{major}/extension/postgis.control").exists():
        apt_install(f"postgresql-{major}-postgis-3")


def ensure_extensions(admin: Admin, dbname: str) -> None:
    for name in EXTENSIONS:
        try:
            admin.run(sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(name)), dbname)
        except (psycopg.Error, ProvisionError) as error:
            if "postgis" in name and "control file" in str(error):
                major = admin.run("SHOW server_version_num")[0][0]
                ensure_postgis_package(str(int(major) // 10000))
                admin.run(sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(name)), dbname)
            else:
                raise


def instance_password(filename: str) -> str:
    INSTANCE.mkdir(exist_ok=True)
    password_file = INSTANCE / filename
    if not password_file.exists():
        password_file.write_text(secrets.token_urlsafe(24))
        password_file.chmod(0o600)
    return password_file.read_text().strip()


def ensure_role(admin: Admin, role: str, options: str, password: str) -> None:
    exists = admin.run(sql.SQL("SELECT 1 FROM pg_roles WHERE rolname = {}").format(sql.Literal(role)))
    verb = "ALTER" if exists else "CREATE"
    admin.run(
        sql.SQL(verb + " ROLE {} " + options + " PASSWORD {}").format(
            sql.Identifier(role), sql.Literal(password)
        )
    )


def ensure_role_and_databases(admin: Admin) -> tuple[str, str]:
    """Create the owner and runtime roles (generated passwords kept in instance/) and the owner's two
    databases; return the URLs of the app's database as (owner, runtime)."""
    password = instance_password("db-password")
    ensure_role(admin, APP_ROLE, "LOGIN CREATEDB", password)
    runtime_password = instance_password("db-runtime-password")
    # Not the owner nor a member of it, so it cannot alter, disable or drop what the owner made.
    ensure_role(admin, RUNTIME_ROLE, "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT", runtime_password)
    if admin.run(
        sql.SQL(
            "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid WHERE r.rolname = {}"
            " AND m.member = (SELECT oid FROM pg_roles WHERE rolname = {})"
        ).format(sql.Literal(APP_ROLE), sql.Literal(RUNTIME_ROLE))
    ):
        admin.run(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(APP_ROLE), sql.Identifier(RUNTIME_ROLE)))
    for name in (APP_DB, TEMPLATE_DB):
        found = admin.run(sql.SQL("SELECT 1 FROM pg_database WHERE datname = {}").format(sql.Literal(name)))
        if not found:
            say(f"creating database {name}")
            admin.run(
                sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
                    sql.Identifier(name), sql.Identifier(APP_ROLE)
                )
            )
        ensure_extensions(admin, name)
    server = f"127.0.0.1:{admin.port}/{APP_DB}"
    return (
        f"postgresql+psycopg://{APP_ROLE}:{quote(password)}@{server}",
        f"postgresql+psycopg://{RUNTIME_ROLE}:{quote(runtime_password)}@{server}",
    )


def write_url(path: Path, url: str) -> None:
    path.write_text(url + "\n")
    path.chmod(0o600)


def ensure() -> str:
    """Return the app's working database URL, creating roles, databases and extensions when needed.

    Without ``DATABASE_URL`` the app runs as the runtime role and migrations as the owner
    (``instance/migration_database_url``), both on the same server."""
    url = os.environ.get("DATABASE_URL")
    if url:
        url = sqlalchemy_url(url)
        if not can_connect(url):
            raise ProvisionError(f"DATABASE_URL is set but the database does not answer: {masked(url)}")
        check_extensions(url)
        return url
    saved = configured_url()
    owner = owner_url_for(saved)
    # A set-up from before the runtime role (one URL, the owner's) is provisioned again.
    if saved and owner and can_connect(saved) and can_connect(owner) and template_ready(owner):
        return saved
    if port_answers("127.0.0.1", 5432):
        admin = admin_for_local_server(5432)
    else:
        admin = start_private_cluster()
    owner, url = ensure_role_and_databases(admin)
    write_url(OWNER_URL_FILE, owner)
    write_url(URL_FILE, url)
    say(f"database ready: {masked(url)} (migrations as {APP_ROLE})")
    return url


def ensure_owner() -> str:
    """The URL of the app's database as the role that owns it (creates and drops test databases)."""
    url = ensure()
    return owner_url_for(url) or url


def runtime_url(url: str) -> str:
    """``url``'s database as the app's runtime role, when set-up provisioned one; else ``url``."""
    app = configured_url()
    owner = owner_url_for(app)
    if not (app and owner):
        return url
    given, owner_parts = make_url(url), make_url(owner)
    if (given.host, given.port, given.username) != (owner_parts.host, owner_parts.port, owner_parts.username):
        return url
    runtime = make_url(app)
    return given.set(username=runtime.username, password=runtime.password).render_as_string(
        hide_password=False
    )


def check_extensions(url: str) -> None:
    """With DATABASE_URL we only create extensions if our role may; else say what is missing."""
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        for name in EXTENSIONS:
            try:
                conn.execute(sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(sql.Identifier(name)))
            except psycopg.Error as error:
                raise ProvisionError(
                    f"Extension {name} is missing in {masked(url)} and this role cannot create it "
                    f"({error}).\n"
                    f"Ask an administrator to run: CREATE EXTENSION {name};"
                ) from error


def template_ready(url: str) -> bool:
    try:
        with psycopg.connect(libpq_url(url), connect_timeout=3) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_database WHERE datname = %s", (TEMPLATE_DB,)
            ).fetchone()
            return bool(row and row[0])
    except psycopg.Error:
        return False


# ---------------------------------------------------------------- throwaway databases for tests


def create_throwaway_database(name: str) -> str:
    """A fresh database with PostGIS for one test run; returns its URL as the owner (``runtime_url``
    gives the app's lesser login to it)."""
    base = ensure_owner()
    with psycopg.connect(libpq_url(base), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if os.environ.get("DATABASE_URL"):
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        else:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(TEMPLATE_DB)
                )
            )
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    if os.environ.get("DATABASE_URL"):
        check_extensions(url)
    return url


def drop_database(url: str) -> None:
    """Drop a throwaway database; raises if it is still there after three tries (a leak must show:
    e.g. a pool still open as the runtime role, whose connections the owner may not end)."""
    name = urlsplit(libpq_url(url)).path.lstrip("/")
    base = ensure_owner()
    for attempt in range(3):
        try:
            with psycopg.connect(libpq_url(base), autocommit=True) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            return
        except psycopg.Error:
            if attempt == 2:
                raise
            time.sleep(0.5)


def main() -> int:
    try:
        url = ensure()
    except ProvisionError as error:
        say(str(error))
        return 1
    sys.stdout.write(masked(url) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
