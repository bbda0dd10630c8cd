"""HSDS weekly ``schedule`` rules to and from OpenStreetMap ``opening_hours`` expressions."""

from __future__ import annotations

from datetime import date

from app import hours

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# A week with no UK bank holiday, used to turn an expression into HSDS weekly schedules.
REFERENCE_MONDAY = date(2026, 6, 1)


def to_schedules(expression: str) -> list[dict[str, str]]:
    """Weekly HSDS-style rules (byday, opens_at, closes_at) for an ordinary week."""
    rules = []
    for day in hours.week(expression, REFERENCE_MONDAY):
        for period in day.periods:
            rules.append(
                {
                    "freq": "WEEKLY",
                    "byday": DAYS[day.day.weekday()],
                    "opens_at": period.start.strftime("%H:%M:%S"),
                    "closes_at": period.end.strftime("%H:%M:%S") if period.end else "23:59:59",
                }
            )
    return rules


def from_schedules(schedules: list[dict]) -> str | None:
    """An opening_hours expression from HSDS weekly schedules, or None when they are not weekly times."""
    by_day: dict[str, list[str]] = {}
    for schedule in schedules:
        opens, closes, byday = schedule.get("opens_at"), schedule.get("closes_at"), schedule.get("byday")
        if schedule.get("freq", "WEEKLY") != "WEEKLY" or not (opens and closes and byday):
            return None
        span = f"{str(opens)[:5]}-{str(closes)[:5]}".replace("23:59", "24:00")
        for token in str(byday).upper().replace(" ", "").split(","):
            if token not in DAYS:
                return None
            by_day.setdefault(token, []).append(span)
    if not by_day:
        return None
    rules = [f"{d.title()} {','.join(sorted(set(by_day[d])))}" for d in DAYS if d in by_day]
    expression = "; ".join(rules)
    return expression if hours.problem(expression) is None else None
