"""Place import throughput: a synthetic GeoNames dump (``GB.txt`` layout) loaded by the real
``flask import-places`` command (COPY into a staging table, then one upsert naming each place's nearest
large town).

The dump is generated once in /tmp: every GeoNames column, tab-separated, no header; GB-like names
(some Welsh and Gaelic, some accented, many repeated as real village names are), positions over Great
Britain, populated-place feature codes with populations (one large town in 500), some alternate names
(other languages, codes and transliterations, which the importer drops) and one row in eleven that is not
a populated place (streams, hills, farms, roads), which the importer skips. It is then imported into a
throwaway database in a separate process, exactly as an operator would run it.
Run: .venv/bin/python -m bench.import_places [--rows 330000]
"""

from __future__ import annotations

import argparse
import os
import random
from collections.abc import Iterator
from pathlib import Path

from bench import common

FIRST = [
    "Ash",
    "Brad",
    "Chip",
    "Dun",
    "Elm",
    "Fern",
    "Glen",
    "Hol",
    "Ick",
    "Kel",
    "Lang",
    "Mel",
    "Nor",
    "Ox",
    "Pen",
    "Ros",
    "Shep",
    "Thorn",
    "Up",
    "Wal",
    "Wes",
    "Whit",
    "York",
    "Bar",
    "Bish",
    "Brom",
    "Carl",
    "Dal",
    "Eg",
    "Farn",
    "Gran",
    "Hart",
    "Kings",
    "Mar",
    "New",
    "Old",
    "Pres",
    "Red",
    "Sand",
    "Stan",
    "Sut",
    "Tad",
    "Wick",
    "Llan",
    "Aber",
    "Caer",
    "Pont",
    "Tre",
    "Bryn",
    "Kin",
    "Inver",
    "Auch",
    "Bal",
    "Kil",
    "Drum",
]
LAST = [
    "ton",
    "ford",
    "ley",
    "bury",
    "ham",
    "by",
    "thorpe",
    "wick",
    "worth",
    "field",
    "stead",
    "den",
    "hurst",
    "well",
    "bridge",
    "brook",
    "dale",
    "mouth",
    "minster",
    "cester",
    "chester",
    "combe",
    "mere",
    "stoke",
    "holme",
    "gate",
    "ing",
    "wood",
    "fach",
    "goch",
    "fawr",
    "more",
    "beg",
    "ie",
    "an",
]
BEFORE = (
    "",
    "",
    "",
    "",
    "",
    "",
    "Upper ",
    "Lower ",
    "Great ",
    "Little ",
    "Nether ",
    "St. ",
    "East ",
    "West ",
)
AFTER = ("",) * 8 + (" on Sea", "-le-Street", " Green", " Heath", " End", "-upon-Tyne")
ACCENTED = ("Bryn-côch", "Llanfair Caereinion", "Pen-y-bont", "Tŷ Croes", "Àird a' Mhachair", "Sgìr Mhòr")
POPULATED = ("PPL",) * 12 + ("PPLX", "PPLX", "PPLA2", "PPLA3", "PPLL", "PPLH", "PPLQ")
OTHER = (("H", "STM"), ("T", "HLL"), ("S", "FRM"), ("R", "RD"), ("L", "PRK"))
NATIONS = ("ENG",) * 8 + ("SCT", "SCT", "WLS", "NIR")


def name_of(rng: random.Random) -> str:
    if rng.random() < 0.01:
        return rng.choice(ACCENTED)
    return rng.choice(BEFORE) + rng.choice(FIRST) + rng.choice(LAST) + rng.choice(AFTER)


def alternate_names(rng: random.Random, name: str) -> str:
    """GeoNames' comma-separated alternate names: other languages, codes, transliterations."""
    if rng.random() < 0.75:
        return ""
    choices = [
        f"Caer {name}",
        f"{name}-on-the-Hill",
        name.lower(),
        name.upper()[:3],
        "Лондон",
        f"{name} Parva",
        name,
        f"Nova {name}",
    ]
    return ",".join(rng.sample(choices, rng.randint(1, 5)))


def population(rng: random.Random, number: int) -> int:
    if number % 500 == 0:  # one large town in 500
        return rng.randint(50_000, 900_000)
    return rng.choice((0, 0, 0, rng.randint(100, 5_000), rng.randint(1_000, 49_000)))


def write_dump(path: Path, rows: int, seed: int = 16) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.writelines(dump_lines(rows, seed))  # buffered by the file: written as it is made


def dump_lines(rows: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for number in range(rows):
        name = name_of(rng)
        if number % 11 == 10:
            feature_class, code = rng.choice(OTHER)
            people = 0
        else:
            feature_class, code = "P", rng.choice(POPULATED)
            people = population(rng, number)
        lat, lon = f"{rng.uniform(50.0, 58.6):.5f}", f"{rng.uniform(-5.7, 1.7):.5f}"
        ascii_name = name.encode("ascii", "ignore").decode()
        alternates, nation, admin2 = alternate_names(rng, name), rng.choice(NATIONS), rng.randint(10, 99)
        elevation, modified = rng.randint(0, 400), f"2023-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
        yield (
            f"{2_600_000 + number}\t{name}\t{ascii_name}\t{alternates}\t{lat}\t{lon}\t{feature_class}\t"
            f"{code}\tGB\t\t{nation}\t{admin2}\t\t\t{people}\t\t{elevation}\tEurope/London\t{modified}\n"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=330_000, help="lines in the dump (10 in 11 are places)")
    parser.add_argument("--dump", type=Path, default=None, help="default: /tmp/st-bench-geonames-ROWS.txt")
    parser.add_argument("--name", default="import_places", help="figures go to bench/out/NAME.json")
    args = parser.parse_args()
    from tools import provision

    dump = args.dump or Path(f"/tmp/st-bench-geonames-{args.rows}.txt")  # noqa: S108
    size_mb = common.generated(
        dump, args.rows, lambda: write_dump(dump, args.rows), f"{args.rows:,} GeoNames-dump rows"
    )
    url = common.migrated_database("st_bench_places", demo=False)
    try:
        load_before = os.getloadavg()[0]
        seconds, summary = common.flask_command(url, "import-places", str(dump))
        load_after = os.getloadavg()[0]
        import psycopg

        with psycopg.connect(provision.libpq_url(url)) as conn:
            stored, named, large = conn.execute(
                "SELECT count(*), count(near), count(*) FILTER (WHERE population >= 50000) FROM place"
            ).fetchone()
            # What was stored, to compare runs of different code on one file (ids aside).
            checksum = conn.execute(
                "SELECT md5(string_agg(concat_ws('|', source_key, name, search_name, alt_search_name, kind,"
                " county, country, district, population, other_search_names::text, near,"
                " ST_AsEWKT(location)), E'\\n' ORDER BY source_key)) FROM place"
            ).fetchone()[0]
        figures = {
            "rows": args.rows,
            "file_mb": round(size_mb, 1),
            "seconds": round(seconds, 1),
            "rows_per_second": round(args.rows / seconds),
            "stored": stored,
            "large_towns": large,
            "named_near": named,
            "loadavg_before": round(load_before, 2),
            "loadavg_after": round(load_after, 2),
            "command_said": summary,
            "checksum": checksum,
        }
        common.say(
            f"flask import-places: {args.rows:,} rows ({size_mb:.0f} MB) in {seconds:.1f} s = "
            f"{figures['rows_per_second']:,} rows/s; {stored:,} places stored, {large:,} large towns, "
            f"{named:,} named after one; load average {load_before:.2f} → {load_after:.2f} "
            f"({summary}); stored rows' checksum {checksum}"
        )
        common.save(args.name, figures)
    finally:
        provision.drop_database(url)


if __name__ == "__main__":
    main()
