"""HTTP throughput and latency with wrk against gunicorn (our gunicorn.conf.py, workers = 2 × cores + 1)
on 127.0.0.1: the home page, a finder search by postcode, a directory filter and one report step (a POST
that saves the draft) sent by one browser and by 50 taking turns, each compared with a bare Flask
"hello" app measured in the same run.

Rate limits are switched off (RATELIMIT_ENABLED=0) so the limiter does not answer 429 to the load.
Run: .venv/bin/python -m bench.http [--seconds 15] [--connections 10] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
from urllib.parse import urlencode

import requests

from bench import common
from bench.journey import action, token

LUA = common.ROOT / "bench" / "wrk_report.lua"
#: (name, method, path, browsers): a POST is sent by that many browsers, each with its own draft,
#: taking turns; with one, every connection sends for one browser and waits on one draft's row lock.
TARGETS = [
    ("home page", "GET", "/", 0),
    ("finder: search by postcode", "GET", "/centres?q=CH1+3BA", 0),
    ("directory: filter", "GET", "/support?type=emotional-support&strand=race", 0),
    ("report step (POST, draft saved)", "POST", "/report/reporting-as", 1),
    ("report step (POST), 50 people", "POST", "/report/reporting-as", 50),
]


def wrk(url: str, seconds: int, connections: int, env: dict[str, str] | None = None) -> dict:
    threads = min(connections, max(1, (os.cpu_count() or 1)))
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "-s", str(LUA), url],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "WRK_THREADS": str(threads), **(env or {})},
    ).stdout
    found = re.search(r"^WRK_JSON (.*)$", out, re.MULTILINE)
    if not found:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    return json.loads(found.group(1))


def report_step_request(base: str) -> dict[str, str]:
    """A browser that has started a report: its cookie and token, and the body of the first step."""
    http = requests.Session()
    page = http.get(base + "/report/reporting-as", timeout=30)
    body = {"csrf_token": token(page.text), "role": "witness"}
    first = http.post(base + action(page.text), data=body, allow_redirects=False, timeout=30)
    if first.status_code != 303:
        raise RuntimeError(f"the report step answered {first.status_code}")
    cookie = "; ".join(f"{name}={value}" for name, value in http.cookies.items())
    return {"WRK_METHOD": "POST", "WRK_BODY": urlencode(body), "WRK_COOKIE": cookie}


def report_step_people(base: str, people: int) -> dict[str, str]:
    """``people`` browsers that have each started a report, for wrk to take turns with (a file of
    cookie and body lines beside the other figures)."""
    browsers = [report_step_request(base) for _ in range(people)]
    path = common.OUT / "wrk_browsers.tsv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{b['WRK_COOKIE']}\t{b['WRK_BODY']}\n" for b in browsers))
    return {"WRK_METHOD": "POST", "WRK_BROWSERS": str(path)}


def target_env(base: str, browsers: int) -> dict[str, str]:
    if browsers == 0:
        return {}
    return report_step_request(base) if browsers == 1 else report_step_people(base, browsers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (scripts/bench installs it)")
    from tools import provision

    url = common.migrated_database("st_bench_http")
    rows = []
    try:
        with common.gunicorn("bench.hello:app", None, args.workers) as hello:
            workers = len(hello.workers())
            wrk(hello.base + "/", 3, args.connections)  # warm up
            baseline = wrk(hello.base + "/", args.seconds, args.connections)
        common.say(
            f"hello (bare Flask): {baseline['rps']:.0f} req/s, p50 {baseline['p50_ms']:.1f} ms, "
            f"p95 {baseline['p95_ms']:.1f} ms, p99 {baseline['p99_ms']:.1f} ms, errors {baseline['errors']}"
        )
        with common.gunicorn("wsgi:app", url, args.workers) as server:
            for name, method, path, browsers in TARGETS:
                env = target_env(server.base, browsers)
                wrk(server.base + path, 3, args.connections, env)  # warm up
                result = wrk(server.base + path, args.seconds, args.connections, env)
                result.update(name=name, method=method, path=path)
                result["ratio_rps"] = round(result["rps"] / baseline["rps"], 3)
                result["ratio_p50"] = round(result["p50_ms"] / baseline["p50_ms"], 1)
                rows.append(result)
                common.say(
                    f"{name:34} {result['rps']:7.0f} req/s ({result['ratio_rps']:.2f} × hello)  "
                    f"p50 {result['p50_ms']:6.1f} ms  p95 {result['p95_ms']:6.1f} ms  "
                    f"p99 {result['p99_ms']:6.1f} ms  errors {result['errors']}"
                )
        errors = baseline["errors"] + sum(row["errors"] for row in rows)
        common.say(f"total errors: {errors} (rate limits off: RATELIMIT_ENABLED=0)")
        common.save(
            "http",
            {
                "workers": workers,
                "connections": args.connections,
                "seconds": args.seconds,
                "hello": baseline,
                "targets": rows,
                "errors": errors,
            },
        )
        if errors:
            raise SystemExit(1)
    finally:
        provision.drop_database(url)


if __name__ == "__main__":
    main()
