"""Load soak: mixed traffic against gunicorn for a while (default 2 minutes): 0 errors and flat memory.

Threads browse like people do (home and information pages, finder searches, directory filters, a
service page, the open API, whole reports sent through the real forms) while the workers' resident
memory (RSS, from /proc) is sampled every second. Memory is "flat" when the workers' total RSS in the
last third of the run is within 15 % (+ 8 MiB a worker) of the first third after a warm-up.
Rate limits are off (RATELIMIT_ENABLED=0): this measures the app, not the limiter.

Run: .venv/bin/python -m bench.soak [--seconds 120] [--threads 8]
The test suite runs a 20-second version (tests/reliability/test_soak.py; SOAK_SECONDS to lengthen).
"""

from __future__ import annotations

import argparse
import random
import statistics
import threading
import time
from dataclasses import dataclass, field

import requests

from bench import common
from bench.journey import Person

PAGES = [
    (20, "/"),
    (6, "/hate-crime"),
    (4, "/ways-to-report"),
    (3, "/privacy"),
    (15, "/centres?q=CH1+3BA"),
    (8, "/centres?q=Chester"),
    (4, "/centres?q=WA1"),
    (10, "/support"),
    (8, "/support?type=emotional-support"),
    (5, "/support?where=CH1+3BA&strand=race"),
    (4, "/api/openreferral/services?per_page=5"),
    (4, "/report"),
    (3, "/report/reporting-as"),
    (2, "/healthz"),
    (2, "/no-such-page"),  # a 404 is a right answer, not an error
]
EXPECTED = {"/no-such-page": 404}
#: One loop in this many sends a whole report instead of fetching a page.
REPORT_EVERY = 25


@dataclass
class Tally:
    requests: int = 0
    reports: int = 0
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, n: int = 1, error: str | None = None) -> None:
        with self.lock:
            self.requests += n
            if error:
                self.errors.append(error)


def browse(base: str, stop: float, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    weights = [weight for weight, _path in PAGES]
    paths = [path for _weight, path in PAGES]
    http = requests.Session()
    while time.monotonic() < stop:
        if rng.randrange(REPORT_EVERY) == 0:
            person = Person(base)
            try:
                person.report()
                with tally.lock:
                    tally.reports += 1
                tally.count(len(person.timings))
            except Exception as error:
                tally.count(len(person.timings), f"report journey: {error}")
            continue
        path = rng.choices(paths, weights)[0]
        try:
            response = http.get(base + path, timeout=30, headers={"Accept-Encoding": "br, gzip"})
            wanted = EXPECTED.get(path, 200)
            tally.count(
                error=None if response.status_code == wanted else f"GET {path}: {response.status_code}"
            )
        except requests.RequestException as error:
            tally.count(error=f"GET {path}: {type(error).__name__}")


def soak(server: common.Server, seconds: float, threads: int = 8, warmup: float = 5.0) -> dict:
    """Run mixed traffic against ``server``; returns requests, errors and the memory samples (KiB)."""
    tally = Tally()
    started = time.monotonic()
    stop = started + warmup + seconds
    workers = [
        threading.Thread(target=browse, args=(server.base, stop, tally, n), daemon=True)
        for n in range(threads)
    ]
    for worker in workers:
        worker.start()
    samples: list[tuple[float, int, int]] = []  # (seconds since warm-up, total RSS KiB, workers)
    while time.monotonic() < stop:
        time.sleep(1.0)
        now = time.monotonic() - started - warmup
        if now >= 0:
            pids = server.workers()
            samples.append((round(now, 1), sum(common.rss_kib(pid) for pid in pids), len(pids)))
    for worker in workers:
        worker.join(timeout=60)
    third = max(1, len(samples) // 3)
    first = statistics.median(total for _t, total, _n in samples[:third])
    last = max(total for _t, total, _n in samples[-third:])
    count = max(n for _t, _total, n in samples)
    allowed = first * 1.15 + 8 * 1024 * count
    return {
        "seconds": seconds,
        "threads": threads,
        "workers": count,
        "requests": tally.requests,
        "reports_sent": tally.reports,
        "requests_per_second": round(tally.requests / (seconds + warmup), 1),
        "errors": len(tally.errors),
        "error_examples": tally.errors[:5],
        "rss_first_third_mib": round(first / 1024, 1),
        "rss_last_third_max_mib": round(last / 1024, 1),
        "rss_growth_percent": round((last - first) / first * 100, 1) if first else None,
        "memory_flat": last <= allowed,
        "samples": samples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    from tools import provision

    url = common.migrated_database("st_bench_soak")
    try:
        with common.gunicorn("wsgi:app", url) as server:
            result = soak(server, args.seconds, args.threads)
        common.say(
            f"soak {args.seconds:.0f} s, {result['threads']} threads, {result['workers']} workers: "
            f"{result['requests']} requests ({result['requests_per_second']} req/s), "
            f"{result['reports_sent']} reports sent, {result['errors']} errors; workers' RSS "
            f"{result['rss_first_third_mib']} MiB → {result['rss_last_third_max_mib']} MiB "
            f"({result['rss_growth_percent']:+} %), flat: {result['memory_flat']}"
        )
        for example in result["error_examples"]:
            common.say(f"    error: {example}")
        common.save("soak", result)
        if result["errors"] or not result["memory_flat"]:
            raise SystemExit(1)
    finally:
        provision.drop_database(url)


if __name__ == "__main__":
    main()
