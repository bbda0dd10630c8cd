"""UK bank holidays by nation, from the maintained ``holidays`` package, for opening hours' ``PH``.

England and Wales share one calendar; Scotland and Northern Ireland each have their own (St Andrew's
Day, 2 January, St Patrick's Day, the Battle of the Boyne, a different summer holiday). Like GOV.UK's
published list, a holiday that falls on a weekend is not itself a bank holiday: its substitute weekday
is. The Crown Dependencies (GG, JE, IM) get their own calendars when a centre lies there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import holidays

ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND = "ENG", "WLS", "SCT", "NIR"
UK_NATIONS = (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND)
CROWN_DEPENDENCIES = ("GG", "JE", "IM")
#: Where nothing says otherwise (a national line, a place we cannot place).
DEFAULT_NATION = ENGLAND
#: Only the days all four nations keep: for a UK-wide line when the person's nation is not known.
UK_COMMON = "UK"


@dataclass(frozen=True)
class BankHoliday:
    day: date
    name: str  # in English, as the holidays package gives it ("Boxing Day (observed)")


def nation_or_default(nation: str | None) -> str:
    """A known nation code, or England's (the calendar most of the UK's people follow)."""
    known = nation in UK_NATIONS or nation in CROWN_DEPENDENCIES or nation == UK_COMMON
    return nation if known and nation else DEFAULT_NATION


@lru_cache(maxsize=64)
def _year(nation: str, year: int) -> tuple[BankHoliday, ...]:
    if nation == UK_COMMON:
        shared = set.intersection(*({item.day for item in _year(code, year)} for code in UK_NATIONS))
        return tuple(item for item in _year(ENGLAND, year) if item.day in shared)
    if nation in CROWN_DEPENDENCIES:
        calendar = holidays.country_holidays(nation, years=year)
    else:
        calendar = holidays.country_holidays("GB", subdiv=nation, years=year)
    return tuple(
        BankHoliday(day, name)
        for day, name in sorted(calendar.items())
        if day.weekday() < 5  # weekend days give way to their substitute weekday
    )


def between(nation: str | None, first: date, last: date) -> list[BankHoliday]:
    """Bank holidays in ``nation`` from ``first`` to ``last`` inclusive, in date order."""
    nation = nation_or_default(nation)
    found: list[BankHoliday] = []
    for year in range(first.year, last.year + 1):
        found += [item for item in _year(nation, year) if first <= item.day <= last]
    return found
