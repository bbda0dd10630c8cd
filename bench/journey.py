"""50 people report at once: each a thread with its own cookie jar, following the real forms (CSRF
token from each page, POST → redirect → GET) against gunicorn; then the database must hold exactly one
report with a distinct reference for each of them.

Run: .venv/bin/python -m bench.journey [--users 50]
"""

from __future__ import annotations

import argparse
import re
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests

from bench import common

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
FORM = re.compile(r"<form\b[^>]*>")
ACTION = re.compile(r'\baction="([^"]*)"')
REFERENCE = re.compile(r"HC-[234679ACDEFGHJKMNPQRTVWXY]{4}-[234679ACDEFGHJKMNPQRTVWXY]{4}")
#: What each person types, step by step (an anonymous victim: the commonest path).
ANSWERS: dict[str, dict[str, object]] = {
    "reporting-as": {"role": "victim"},
    "why": {"strands": ["religion"]},
    "what-happened": {"incident_types": ["threats", "damage"]},
    "when": {
        "incident_date-day": "3",
        "incident_date-month": "3",
        "incident_date-year": "2025",
        "time_of_day": "evening",
        "still_happening": "no",
    },
    "where": {"place_kind": "street"},
    "location": {"postcode": "CH1 3BA", "place_description": "Outside the bakery on Watergate Street"},
    "website": {"website": "A chat app"},
    "describe": {"description": "A man shouted abuse at me and kicked the door of my flat."},
    "injuries": {"injuries": "damage", "injuries_detail": "Door panel cracked"},
    "people-responsible": {"offenders_known": "no", "offenders_count": "1"},
    "witnesses": {"witnesses": "no"},
    "contact": {"contact": "anonymous"},
    "consent": {"police_action": "information"},
}


class JourneyError(AssertionError):
    """The site did not do what a person would expect at some step."""


def token(html: str) -> str:
    match = CSRF.search(html)
    if not match:
        raise JourneyError("no CSRF token on the page")
    return match.group(1) or match.group(2)


def action(html: str) -> str:
    """Where the page's POST form sends its answers (the first form with method="post")."""
    for tag in FORM.findall(html):
        found = ACTION.search(tag)
        if 'method="post"' in tag and found:
            return found.group(1).replace("&amp;", "&")
    raise JourneyError("no POST form on the page")


@dataclass
class Person:
    """One browser: its own cookies; records each request's time."""

    base: str
    answers: dict[str, dict[str, object]] = field(default_factory=lambda: dict(ANSWERS))
    timings: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.http = requests.Session()

    def request(self, method: str, path: str, **kwargs: object) -> requests.Response:
        started = time.perf_counter()
        response = self.http.request(method, self.base + path, timeout=60, **kwargs)  # type: ignore[arg-type]
        self.timings.append(time.perf_counter() - started)
        if response.status_code >= 400:
            self.errors.append(f"{method} {path}: {response.status_code}")
            raise JourneyError(f"{method} {path} answered {response.status_code}")
        return response

    def to_check_answers(self) -> requests.Response:
        """Answer every question the site asks until it shows check answers."""
        page = self.request("GET", "/report/reporting-as")
        for _ in range(25):
            path = urlsplit(page.url).path
            if path == "/report/check-answers":
                return page
            step = path.rsplit("/", 1)[-1]
            if step not in self.answers:
                raise JourneyError(f"unexpected page {path}")
            form = {"csrf_token": token(page.text), **self.answers[step]}
            page = self.request("POST", action(page.text), data=form)
        raise JourneyError("never reached check answers")

    def submit(self, check: requests.Response) -> str:
        done = self.request("POST", action(check.text), data={"csrf_token": token(check.text)})
        if urlsplit(done.url).path != "/report/confirmation":
            raise JourneyError(f"submit ended at {done.url}")
        found = REFERENCE.search(done.text)
        if not found:
            raise JourneyError("no reference on the confirmation page")
        return found.group(0)

    def report(self) -> str:
        return self.submit(self.to_check_answers())


def run_together(count: int, work: Callable[[int], object]) -> list[object]:
    """Start ``count`` threads at the same moment (a barrier); results or exceptions, in order."""
    results: list[object] = [None] * count
    barrier = threading.Barrier(count)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = work(index)
        except Exception as error:  # collected and reported by the caller
            results[index] = error

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def reports_in(database_url: str) -> list[tuple[str, str]]:
    import psycopg

    from app.config import libpq_url

    with psycopg.connect(libpq_url(database_url)) as conn:
        return [tuple(row) for row in conn.execute("SELECT reference, submission_key FROM report")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args()
    from tools import provision

    url = common.migrated_database("st_bench_journey")
    try:
        before = {reference for reference, _key in reports_in(url)}  # the demo's example reports
        with common.gunicorn("wsgi:app", url) as server:
            people = [Person(server.base) for _ in range(args.users)]
            started = time.perf_counter()
            results = run_together(args.users, lambda i: people[i].report())
            elapsed = time.perf_counter() - started
            workers = len(server.workers())
        failures = [r for r in results if isinstance(r, Exception)]
        references = [r for r in results if isinstance(r, str)]
        rows = [(ref, key) for ref, key in reports_in(url) if ref not in before]
        in_db = {ref for ref, _key in rows}
        timings = sorted(t for person in people for t in person.timings)
        ok = not failures and len(rows) == args.users and in_db == set(references) == set(in_db)
        ok = ok and len(set(references)) == args.users and len({key for _r, key in rows}) == args.users
        figures = {
            "users": args.users,
            "completed": len(references),
            "failures": [str(f) for f in failures][:5],
            "reports_in_database": len(rows),
            "distinct_references": len(set(references)),
            "every_person_exactly_one_report": ok,
            "seconds": round(elapsed, 2),
            "requests": len(timings),
            "request_p50_ms": round(statistics.median(timings) * 1000, 1) if timings else None,
            "request_p95_ms": round(timings[int(len(timings) * 0.95) - 1] * 1000, 1) if timings else None,
            "workers": workers,
        }
        common.say(
            f"{args.users} people reporting at once: {len(references)} confirmations, "
            f"{len(rows)} new reports in the database, {len(set(references))} distinct references, "
            f"{len(failures)} failures, in {elapsed:.1f} s ({len(timings)} requests, "
            f"p50 {figures['request_p50_ms']} ms, p95 {figures['request_p95_ms']} ms)"
        )
        common.say(f"every person exactly one report and reference: {ok}")
        common.save("journey", figures)
        if not ok:
            raise SystemExit(1)
    finally:
        provision.drop_database(url)


if __name__ == "__main__":
    main()
