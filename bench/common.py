"""Shared by the benchmarks (and the reliability tests): throwaway databases, gunicorn, machine facts.

Every benchmark writes its figures to ``bench/out/<name>.json`` as well as printing them, so
``python -m bench.report`` can put them in one table in ``bench/README.md``.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


def generated(path: Path, lines: int, write: Callable[[], None], what: str) -> float:
    """The file at ``path``, written by ``write`` unless it is there with ``lines`` lines already (a
    generated file is kept between runs); its size in MB."""
    if not path.exists() or sum(1 for _ in path.open()) != lines:
        started = time.perf_counter()
        write()
        say(f"generated {what} in {time.perf_counter() - started:.1f} s")
    return path.stat().st_size / 1e6


def flask_command(database_url: str, *args: str) -> tuple[float, str]:
    """Run ``flask ARGS`` on the database in a fresh process, as an operator would; (seconds it took,
    the command's last line saying what it loaded)."""
    env = {**os.environ, "DATABASE_URL": database_url, "FLASK_APP": "wsgi", "DEMO_DATA": "0"}
    started = time.perf_counter()
    out = subprocess.run(
        # Not .venv/bin/flask: run this checkout's code with this interpreter.
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    return seconds, [line for line in out.stdout.splitlines() if "loaded" in line][-1].strip()


def save(name: str, figures: dict[str, Any]) -> Path:
    """Keep one benchmark's figures for the README table."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps({"measured_at": datetime.now(UTC).isoformat(), **figures}, indent=2) + "\n")
    return path


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_kb = 0
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    postgres = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=False).stdout
    return {
        "nproc": os.cpu_count() or 1,
        "ram_gib": round(memory_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "postgresql": postgres.split(")", 1)[-1].split()[0] if ")" in postgres else "?",
        "commit": commit or "?",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def migrated_database(prefix: str, demo: bool = True) -> str:
    """A throwaway database with the real migrations applied (and the demo data); returns its URL."""
    import random

    import flask_migrate

    from app import create_app
    from app import demo as demo_data
    from app.extensions import db
    from tools import provision

    url = provision.create_throwaway_database(f"{prefix}_{random.randrange(10**8)}")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "POSTCODE_API_URL": "", "TESTING": True})
    with app.app_context():
        flask_migrate.upgrade()
        if demo:
            for _line in demo_data.seed_all():
                pass
        db.session.remove()
        db.engine.dispose()
    return url


def wait_for(url: str, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own 127.0.0.1 URL)
                if response.status < 500:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")
        time.sleep(0.2)


@dataclass
class Server:
    """A gunicorn master started with our gunicorn.conf.py; ``pids()`` lists its workers."""

    process: subprocess.Popen
    base: str
    log: Path
    env: dict[str, str] = field(default_factory=dict)

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            return [int(pid) for pid in children.read_text().split()]
        return []


def rss_kib(pid: int) -> int:
    """Resident memory of one process, from /proc (0 if it is gone)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


@contextlib.contextmanager
def gunicorn(app: str, database_url: str | None, workers: int | None = None, **env: str) -> Iterator[Server]:
    """Run ``app`` (e.g. ``wsgi:app``) under gunicorn on 127.0.0.1 with our config; stop it afterwards.

    Rate limits are off (RATELIMIT_ENABLED=0) so load tests measure the app, not the limiter.
    """
    port = free_port()
    OUT.mkdir(parents=True, exist_ok=True)
    log = OUT / f"gunicorn-{port}.log"
    settings = dict(os.environ)
    settings.update({"RATELIMIT_ENABLED": "0", "POSTCODE_API_URL": "", "DEMO_DATA": "0", **env})
    if database_url:
        settings["DATABASE_URL"] = database_url
    if workers:
        settings["WEB_CONCURRENCY"] = str(workers)
    command = [str(GUNICORN), "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}", app]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=settings, stdout=out, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}", log, settings)
    try:
        # Workers import the whole app: on a busy 2-core machine five of them can take a while.
        wait_for(server.base + "/healthz" if app == "wsgi:app" else server.base + "/", 120)
        expected = workers or int(settings.get("WEB_CONCURRENCY", 0)) or (os.cpu_count() or 1) * 2 + 1
        deadline = time.monotonic() + 20
        while len(server.workers()) < expected and time.monotonic() < deadline:
            time.sleep(0.1)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def quiet() -> None:
    """No access log lines from an app run in-process by a benchmark (after create_app)."""
    import logging

    logging.getLogger("stand_together.access").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
