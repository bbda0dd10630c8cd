"""Postcode import throughput: 2.7 million synthetic rows in the ONS Postcode Directory's CSV layout,
loaded by the real ``flask import-postcodes`` command (COPY into a staging table, then upsert).

The CSV is generated once in /tmp (every ONSPD column, format-valid postcodes, positions over GB, some
terminated postcodes and some without a grid reference, which the importer skips), then imported into
a throwaway database in a separate process, exactly as an operator would run it.
Run: .venv/bin/python -m bench.import_postcodes [--rows 2700000]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

from bench import common

HEADER = (
    "pcd,pcd2,pcds,dointr,doterm,oscty,ced,oslaua,osward,parish,usertype,oseast1m,osnrth1m,osgrdind,"
    "oshlthau,nhser,ctry,rgn,streg,pcon,eer,teclec,ttwa,pct,itl,statsward,oa01,casward,npark,lsoa01,"
    "msoa01,ur01ind,oac01,oa11,lsoa11,msoa11,wz11,sicbl,bua24,ru11ind,oac11,lat,long,lep1,lep2,pfa,imd,"
    "calncv,icb,oa21,lsoa21,msoa21"
)
#: Real postcode areas of Great Britain (two letters, so every outward code is AA9 or AA99).
AREAS = (
    "AB",
    "AL",
    "BA",
    "BB",
    "BD",
    "BH",
    "BL",
    "BN",
    "BR",
    "BS",
    "CA",
    "CB",
    "CF",
    "CH",
    "CM",
    "CO",
    "CR",
    "CT",
    "CV",
    "CW",
    "DA",
    "DD",
    "DE",
    "DG",
    "DH",
    "DL",
    "DN",
    "DT",
    "DY",
    "EC",
    "EH",
    "EN",
    "EX",
    "FK",
    "FY",
    "GL",
    "GU",
    "HA",
    "HD",
    "HG",
    "HP",
    "HR",
    "HS",
    "HU",
    "HX",
    "IG",
    "IP",
    "IV",
    "KA",
    "KT",
    "KW",
    "KY",
    "LA",
    "LD",
    "LE",
    "LL",
    "LN",
    "LS",
    "LU",
    "ME",
    "MK",
    "ML",
    "NE",
    "NG",
    "NN",
    "NP",
    "NR",
    "NW",
    "OL",
    "OX",
    "PA",
    "PE",
    "PH",
    "PL",
    "PO",
    "PR",
    "RG",
    "RH",
    "RM",
    "SA",
    "SE",
    "SG",
    "SK",
    "SL",
    "SM",
    "SN",
    "SO",
    "SP",
    "SR",
    "SS",
    "ST",
    "SW",
    "SY",
    "TA",
    "TD",
    "TF",
    "TN",
    "TQ",
    "TR",
    "TS",
    "TW",
    "UB",
    "WA",
    "WC",
    "WD",
    "WF",
    "WN",
    "WR",
    "WS",
    "WV",
    "YO",
    "ZE",
)
UNIT = "ABDEFGHJLNPQRSTUWXYZ"


def postcodes(count: int) -> Iterator[str]:
    """``count`` distinct, format-valid postcodes: area, district 1-99, sector 0-9, 400 units each."""
    made = 0
    for district in range(1, 100):
        for area in AREAS:
            for sector in range(10):
                for first in UNIT:
                    for second in UNIT:
                        yield f"{area}{district} {sector}{first}{second}"
                        made += 1
                        if made == count:
                            return


def write_csv(path: Path, rows: int, seed: int = 5) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER + "\n")
        out.writelines(csv_lines(rows, seed))  # buffered by the file: written as it is made


def csv_lines(rows: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for number, pcds in enumerate(postcodes(rows)):
        pcd = pcds.replace(" ", "").ljust(7)
        if number % 97 == 0:  # no grid reference: ONSPD's placeholder position, skipped on import
            lat, lon = "99.999999", "0.000000"
        else:
            lat, lon = f"{rng.uniform(50.0, 58.6):.6f}", f"{rng.uniform(-5.7, 1.7):.6f}"
        doterm = "202001" if number % 11 == 0 else ""
        yield (
            f"{pcd},{pcds.ljust(8)},{pcds},198001,{doterm},E10000017,E58000001,E06000050,E05012345,"
            f"E43000001,{number % 2},340000,370000,1,E18000002,E40000010,E92000001,E12000002,0,"
            f"E14000123,E15000002,E16000001,E30000001,E16000001,TLD62,00ABFX,00ABFX0001,00ABFX,"
            f"E65000001,E01012345,E02002345,A,3B2,E00012345,E01012345,E02002345,E33012345,"
            f"E38000014,E63012345,A1,1C1,{lat},{lon},E37000017,,E23000005,12345,E56000019,"
            f"E54000008,E00123456,E01012345,E02002345\n"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_700_000)
    parser.add_argument("--csv", type=Path, default=Path("/tmp/st-bench-onspd.csv"))  # noqa: S108
    args = parser.parse_args()
    from tools import provision

    size_mb = common.generated(
        args.csv, args.rows + 1, lambda: write_csv(args.csv, args.rows), f"{args.rows:,} ONSPD-format rows"
    )
    url = common.migrated_database("st_bench_import", demo=False)
    try:
        seconds, summary = common.flask_command(url, "import-postcodes", str(args.csv))
        import psycopg

        with psycopg.connect(provision.libpq_url(url)) as conn:
            stored = conn.execute("SELECT count(*) FROM postcode").fetchone()[0]
        figures = {
            "rows": args.rows,
            "csv_mb": round(size_mb, 1),
            "seconds": round(seconds, 1),
            "rows_per_second": round(args.rows / seconds),
            "stored": stored,
            "command_said": summary,
        }
        common.say(
            f"flask import-postcodes: {args.rows:,} rows ({size_mb:.0f} MB) in {seconds:.1f} s = "
            f"{figures['rows_per_second']:,} rows/s; {stored:,} postcodes stored ({summary})"
        )
        common.save("import", figures)
    finally:
        provision.drop_database(url)


if __name__ == "__main__":
    main()
