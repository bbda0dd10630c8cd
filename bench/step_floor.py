"""How cheap can a report step be? A floor for issue 16's "report step POST ≥ 0.3 × hello".

``app`` below is the least a report step can do and still keep the safeguards the real one has: the
signed session cookie that holds the draft's token, Flask-WTF's CSRF check, a WTForms radio question
validated, the draft read and written as Fernet-encrypted JSON in the real ``report_draft`` table (found
by the token's SHA-256, ``hash_token`` as in the app), and a 303 to the next question. Everything else
the real app does is left out: no SQLAlchemy (one psycopg connection per worker, each statement its own
transaction), no Babel, no access log line, no security headers, no journey rules, no assisted reports.

``main`` measures it under the same gunicorn settings as ``bench.http``, beside the bare Flask
``hello`` and the real step, in one run (50 browsers taking turns, each with its own draft).
Run: .venv/bin/python -m bench.step_floor [--seconds 10]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets

import psycopg
from cryptography.fernet import Fernet
from flask import Flask, redirect, render_template_string, session
from flask_wtf import CSRFProtect, FlaskForm
from werkzeug.wrappers import Response
from wtforms import RadioField
from wtforms.validators import InputRequired

from app.config import libpq_url
from app.report.queries import hash_token

app = Flask(__name__)
app.config["SECRET_KEY"] = "step-floor-benchmark-only-" + "k" * 32  # a benchmark's own app
CSRFProtect(app)
#: One fixed key for every worker (a draft saved by one is read by another); a benchmark only.
FERNET = Fernet(base64.urlsafe_b64encode(b"step-floor-benchmark-key-32bytes"))
LOAD = "SELECT answers FROM report_draft WHERE token_hash = %s AND updated_at > now() - interval '24 hours'"
SAVE = (
    "INSERT INTO report_draft (token_hash, answers) VALUES (%s, %s)"
    " ON CONFLICT (token_hash) DO UPDATE SET answers = EXCLUDED.answers, updated_at = now()"
)
PAGE = """<!doctype html><title>Who is reporting?</title>
<form action="/report/reporting-as" method="post">{{ form.csrf_token }}
{% for choice in form.role %}{{ choice }} {{ choice.label }}{% endfor %}<button>Continue</button></form>"""
_connection: psycopg.Connection | None = None


def _database() -> psycopg.Connection:
    global _connection  # one connection per worker process
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(libpq_url(os.environ["DATABASE_URL"]), autocommit=True)
    return _connection


class RoleForm(FlaskForm):
    role = RadioField(
        "Who is reporting?",
        choices=[("victim", "I am"), ("witness", "I saw it"), ("someone-else", "For someone else")],
        validators=[InputRequired()],
    )


@app.get("/")
def ready() -> str:
    return "ready"  # what bench.common.gunicorn waits for


@app.route("/report/reporting-as", methods=["GET", "POST"])
def step() -> Response | str:
    token = session.get("draft")
    answers: dict[str, str] = {}
    if token:
        row = _database().execute(LOAD, (hash_token(token),)).fetchone()
        if row:
            answers = json.loads(FERNET.decrypt(row[0].encode("ascii")))
    form = RoleForm()
    if form.validate_on_submit():
        answers["role"] = form.role.data
        if not token:
            token = session["draft"] = secrets.token_urlsafe(32)
        encrypted = FERNET.encrypt(json.dumps(answers).encode()).decode("ascii")
        _database().execute(SAVE, (hash_token(token), encrypted))
        return redirect("/report/why", code=303)
    return render_template_string(PAGE, form=form)


def main() -> None:
    from bench import common, http
    from tools import provision

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=10)
    args = parser.parse_args()
    url = common.migrated_database("st_bench_floor")
    path = "/report/reporting-as"
    figures: dict = {"seconds": args.seconds, "connections": args.connections, "browsers": 50}
    try:
        with common.gunicorn("bench.hello:app", None) as hello:
            figures["workers"] = len(hello.workers())
            http.wrk(hello.base + "/", 3, args.connections)
            figures["hello"] = http.wrk(hello.base + "/", args.seconds, args.connections)
        common.say(f"{'bare Flask hello':26} {figures['hello']['rps']:7.0f} req/s")
        for key, target in [("floor", "bench.step_floor:app"), ("real", "wsgi:app")]:
            with common.gunicorn(target, url) as server:
                env = http.target_env(server.base, figures["browsers"])
                http.wrk(server.base + path, 3, args.connections, env)
                result = http.wrk(server.base + path, args.seconds, args.connections, env)
            result["ratio_rps"] = round(result["rps"] / figures["hello"]["rps"], 3)
            figures[key] = result
            common.say(
                f"{key + ' step':26} {result['rps']:7.0f} req/s ({result['ratio_rps']:.3f} × hello)"
                f"  p50 {result['p50_ms']:5.1f} ms  p99 {result['p99_ms']:5.1f} ms  errors {result['errors']}"
            )
        common.save("step_floor", figures)
        if figures["floor"]["errors"] or figures["real"]["errors"]:
            raise SystemExit(1)
    finally:
        provision.drop_database(url)


if __name__ == "__main__":
    main()
