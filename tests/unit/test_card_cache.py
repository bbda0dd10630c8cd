"""app.card_cache.CardCache: a bounded LRU whose entries are only used inside the time they are true for."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.card_cache import CardCache
from app.hours import LONDON

NOON = datetime(2026, 12, 4, 12, 0, tzinfo=LONDON)


def test_an_entry_is_used_only_from_when_it_was_drawn_until_it_stops_being_true() -> None:
    cache = CardCache()
    drawn: list[datetime] = []

    def render_at(when: datetime):
        def render() -> tuple[str, datetime]:
            drawn.append(when)
            return f"<p>{when:%H:%M}</p>", NOON + timedelta(hours=5)

        return render

    assert cache.get("a", NOON, render_at(NOON)) == "<p>12:00</p>"
    later = NOON + timedelta(hours=4, minutes=59)
    assert cache.get("a", later, render_at(later)) == "<p>12:00</p>"  # kept
    at_five = NOON + timedelta(hours=5)
    assert cache.get("a", at_five, render_at(at_five)) == "<p>17:00</p>"  # no longer true: drawn again
    earlier = NOON - timedelta(minutes=1)
    assert cache.get("a", earlier, render_at(earlier)) == "<p>11:59</p>"  # never from the future
    assert drawn == [NOON, at_five, earlier]


def test_the_least_recently_used_entries_go_first_and_the_size_holds() -> None:
    cache = CardCache(size=3)
    until = NOON + timedelta(days=1)
    for key in "abc":
        cache.get(key, NOON, lambda key=key: (key, until))
    cache.get("a", NOON, lambda: ("stale", until))  # "a" is now the most recently used
    cache.get("d", NOON, lambda: ("d", until))
    assert len(cache) == 3
    assert cache.get("a", NOON, lambda: ("again", until)) == "a"
    assert cache.get("b", NOON, lambda: ("b again", until)) == "b again"  # "b" had gone
