"""Write bench/README.md from the figures the benchmarks saved in bench/out/*.json (run by scripts/bench)."""

from __future__ import annotations

import json
import os
from datetime import date

from bench import common


def load(name: str) -> dict | None:
    path = common.OUT / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def knn_section(data: dict) -> list[str]:
    lines = [
        "## 1. Nearest centre: k=5 KNN (GiST) vs full `ORDER BY ST_Distance` scan",
        "",
        "Synthetic centres round GB towns (generate_series in SQL). Round-trip times from Python (psycopg),",
        "200 KNN queries and 40 scans (20 at 1M) at random points per size.",
        "",
        "| centres | KNN median | KNN p95 | scan median | scan p95 | scan / KNN (median) | GiST index used |",
        "|--:|--:|--:|--:|--:|--:|:--|",
    ]
    for row in data["sizes"]:
        lines.append(
            f"| {row['centres']:,} | {row['knn_median_ms']:.3f} ms | {row['knn_p95_ms']:.3f} ms "
            f"| {row['scan_median_ms']:,.1f} ms | {row['scan_p95_ms']:,.1f} ms "
            f"| {row['ratio_median']:,.0f} × "
            f"| {'yes' if row['gist_index_used'] else '**no**'} |"
        )
    largest = data["sizes"][-1]
    lines += ["", f"Query plan of the finder's k=5 query at {largest['centres']:,} centres:", "", "```"]
    lines += largest["plan"] + ["```", ""]
    lines.append(
        f"Whole `GET /centres?q=…` request through the test client at {largest['centres']:,} centres: "
        f"median {data['finder_request_median_ms']} ms."
    )
    return [*lines, ""]


def http_section(data: dict) -> list[str]:
    hello = data["hello"]
    lines = [
        "## 2. HTTP under gunicorn (wrk on 127.0.0.1)",
        "",
        f"gunicorn with `gunicorn.conf.py`, {data['workers']} sync workers (`WEB_CONCURRENCY`, by default "
        f"2 × cores + 1);",
        f"wrk with {data['connections']} connections for {data['seconds']} s per URL after a 3 s warm-up;",
        "responses compressed (`Accept-Encoding: br, gzip`). **Rate limits off** (`RATELIMIT_ENABLED=0`)",
        "so the limiter does not answer 429 to the load generator. Ratios are to a bare Flask `hello` app",
        "under the same settings, measured in the same run. The first report step sends every request from",
        "one browser (one draft); the second takes turns among 50 browsers, each with its own draft.",
        "",
        "| URL | requests/s | × hello | p50 | p95 | p99 | errors |",
        "|:--|--:|--:|--:|--:|--:|--:|",
        f"| bare Flask `hello` (baseline) | {hello['rps']:,.0f} | 1 | {hello['p50_ms']:.1f} ms "
        f"| {hello['p95_ms']:.1f} ms | {hello['p99_ms']:.1f} ms | {hello['errors']} |",
    ]
    for row in data["targets"]:
        lines.append(
            f"| {row['name']}: `{row['method']} {row['path']}` | {row['rps']:,.0f} | {row['ratio_rps']:.3f} "
            f"| {row['p50_ms']:.1f} ms | {row['p95_ms']:.1f} ms | {row['p99_ms']:.1f} ms | {row['errors']} |"
        )
    return [*lines, "", f"Errors in total: **{data['errors']}**.", ""]


def step_floor_section(data: dict) -> list[str]:
    rows = [("bare Flask `hello` (baseline)", data["hello"], 1.0)]
    rows += [
        ("the least a step can do (`bench/step_floor.py`)", data["floor"], data["floor"]["ratio_rps"]),
        ("the real step, `POST /report/reporting-as`", data["real"], data["real"]["ratio_rps"]),
    ]
    lines = [
        "### How cheap can a report step be?",
        "",
        "`bench/step_floor.py` is a report step cut to its safeguards: the signed session cookie holding the",
        "draft's token, Flask-WTF's CSRF check, one WTForms question validated, the draft read and written",
        "as Fernet-encrypted JSON in the real `report_draft` table, a 303. No SQLAlchemy (one psycopg",
        "connection a worker, each statement its own transaction), no Babel, no access line, no security",
        f"headers. Same gunicorn settings ({data['workers']} workers); wrk with {data['connections']} "
        f"connections for {data['seconds']} s,",
        f"{data['browsers']} browsers taking turns.",
        "",
        "| step | requests/s | × hello | p50 | p99 | errors |",
        "|:--|--:|--:|--:|--:|--:|",
    ]
    for name, row, ratio in rows:
        lines.append(
            f"| {name} | {row['rps']:,.0f} | {ratio:.3f} | {row['p50_ms']:.1f} ms | {row['p99_ms']:.1f} ms "
            f"| {row['errors']} |"
        )
    return [*lines, ""]


def journey_section(data: dict) -> list[str]:
    return [
        f"### {data['users']} people reporting at once",
        "",
        f"{data['users']} threads, each with its own cookie jar, follow the real forms (CSRF token from each "
        "page, POST → 303 → GET) from the first question to the confirmation against gunicorn "
        f"({data['workers']} workers, rate limits off).",
        "",
        "| people | confirmations | new reports in the database | distinct references | failures "
        "| time | requests | request p50 | request p95 |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        f"| {data['users']} | {data['completed']} | {data['reports_in_database']} "
        f"| {data['distinct_references']} | {len(data['failures'])} | {data['seconds']} s "
        f"| {data['requests']} "
        f"| {data['request_p50_ms']} ms | {data['request_p95_ms']} ms |",
        "",
        f"Every person exactly one report and one reference: **{data['every_person_exactly_one_report']}**.",
        "",
    ]


def import_section(data: dict) -> list[str]:
    return [
        "## 3. Postcode import",
        "",
        f"{data['rows']:,} synthetic rows in the ONS Postcode Directory's CSV layout ({data['csv_mb']} MB,",
        "all ONSPD columns, 1 in 97 without a grid reference), loaded by `flask import-postcodes`",
        "(COPY into a staging table, then one upsert) in a fresh process, as an operator would run it.",
        "",
        "| rows | time | rows/s | postcodes stored | the command said |",
        "|--:|--:|--:|--:|:--|",
        f"| {data['rows']:,} | {data['seconds']} s | **{data['rows_per_second']:,}** | {data['stored']:,} "
        f"| {data['command_said']} |",
        "",
    ]


def import_places_section(data: dict) -> list[str]:
    return [
        "### Place import",
        "",
        f"{data['rows']:,} synthetic rows in the GeoNames dump's layout (`GB.txt`, {data['file_mb']} MB,",
        "one in eleven not a populated place, one place in 500 a large town, a quarter with other names),",
        "loaded by `flask import-places` (COPY into a staging table, then one insert that also names each",
        "place's nearest large town) in a fresh process, as an operator would run it.",
        "",
        "| rows | time | rows/s | places stored | large towns | named after one | load average "
        "| the command said |",
        "|--:|--:|--:|--:|--:|--:|--:|:--|",
        f"| {data['rows']:,} | {data['seconds']} s | **{data['rows_per_second']:,}** | {data['stored']:,} "
        f"| {data['large_towns']:,} | {data['named_near']:,} "
        f"| {data['loadavg_before']} → {data['loadavg_after']} | {data['command_said']} |",
        "",
    ]


def weight_section(data: dict) -> list[str]:
    lines = [
        "## 4. Page weight (compressed bytes as served with `Accept-Encoding: br, gzip`)",
        "",
        "Budgets: HTML + CSS ≤ 14,336 B (the first round trip), JS ≤ 20,480 B. CSS and JS are the same",
        "cached files on every page; `describe` also loads the character-count module.",
        "",
        "| page | HTML | CSS | JS | HTML + CSS |",
        "|:--|--:|--:|--:|--:|",
    ]
    for row in data["pages"]:
        lines.append(
            f"| `{row['url']}` | {row['html']:,} | {row['css']:,} | {row['js']:,} | {row['html_css']:,} |"
        )
    return [*lines, "", f"Pages over budget: **{data['over_budget']}**.", ""]


def soak_section(data: dict) -> list[str]:
    return [
        "## Load soak",
        "",
        f"{data['seconds']:.0f} s of mixed traffic ({data['threads']} threads: pages, searches, filters, the",
        f"API and whole reports) against gunicorn ({data['workers']} workers, rate limits off), after a",
        "5 s warm-up; workers' RSS sampled every second.",
        "",
        "| time | requests | req/s | reports sent | errors | workers' RSS, first third | last third (max) "
        "| growth | flat |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|:--|",
        f"| {data['seconds']:.0f} s | {data['requests']:,} | {data['requests_per_second']} "
        f"| {data['reports_sent']} | {data['errors']} | {data['rss_first_third_mib']} MiB "
        f"| {data['rss_last_third_max_mib']} MiB | {data['rss_growth_percent']:+} % "
        f"| {'yes' if data['memory_flat'] else '**no**'} |",
        "",
    ]


def main() -> None:
    facts = load("machine") or common.machine()
    lines = [
        "# Benchmarks",
        "",
        "Written by `scripts/bench`, which runs every benchmark below once, then `python -m bench.report`.",
        "Each benchmark also runs alone, e.g. `.venv/bin/python -m bench.knn`; each prints its figures.",
        "Figures come from one run on a shared machine: compare ratios more than absolute numbers.",
        "",
        f"- Date: {facts.get('date', date.today().isoformat())}",
        f"- Machine: {facts['nproc']} CPUs ({facts['cpu']}), {facts['ram_gib']} GiB RAM; "
        f"load average before the run {facts.get('loadavg', '?')}",
        f"- Software: Python {facts['python']}, PostgreSQL {facts['postgresql']} with PostGIS",
        f"- Commit: `{facts['commit']}`",
        "",
    ]
    sections = [
        ("knn", knn_section),
        ("http", http_section),
        ("step_floor", step_floor_section),
        ("journey", journey_section),
        ("import", import_section),
        ("import_places", import_places_section),
        ("weight", weight_section),
        ("soak", soak_section),
    ]
    for name, render in sections:
        data = load(name)
        lines += render(data) if data else [f"({name}: not run)", ""]
    path = common.ROOT / "bench" / "README.md"
    # A hand-written part (comparisons across runs) follows KEPT and survives every rewrite.
    kept = path.read_text().partition(KEPT) if path.exists() else ("", "", "")
    tail = ("\n" + kept[1] + kept[2]) if kept[1] else ""
    path.write_text("\n".join(lines).rstrip() + "\n" + tail)
    common.say(f"wrote {path.relative_to(common.ROOT)}")


KEPT = "<!-- Below this line is written by hand; bench.report keeps it. -->"


def record_machine() -> None:
    """Called by scripts/bench before the runs: the facts for the README's header."""
    facts = common.machine()
    facts["date"] = date.today().isoformat()
    facts["loadavg"] = " ".join(f"{value:.2f}" for value in os.getloadavg())
    common.save("machine", facts)


if __name__ == "__main__":
    import sys

    record_machine() if sys.argv[1:] == ["--machine"] else main()
