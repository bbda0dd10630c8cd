"""Importing an Open Referral feed: check it, say what it would add, change and remove, then write it.

Used by the ``import-openreferral`` command and the staff import preview, so both judge a feed alike.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from app.directory import openreferral, queries
from app.directory.openreferral import Parsed, Refused, ServiceRecord
from app.geo import queries as geo_queries


def postcode_point(postcode: str) -> tuple[float, float] | None:
    """The centre of a unit postcode from the postcode table (no network look-up during an import)."""
    found = geo_queries.postcode_point(postcode)
    return (found.latitude, found.longitude) if found else None


@dataclass
class FeedCheck:
    """What importing a feed would do. ``errors`` are problems with the whole file (nothing imports)."""

    feed: str | None
    parsed: Parsed = field(default_factory=Parsed)
    errors: list[str] = field(default_factory=list)
    add: list[str] = field(default_factory=list)
    change: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    mentioned: set[uuid.UUID] = field(default_factory=set)  # every service id in the file, sound or not

    @property
    def rows(self) -> list[ServiceRecord]:
        return self.parsed.records

    @property
    def refused(self) -> list[Refused]:
        return self.parsed.refused

    @property
    def warnings(self) -> list[str]:
        return self.parsed.warnings

    @property
    def changes(self) -> list[str]:
        return self.parsed.changes

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _ids(items: list[Any]) -> set[uuid.UUID]:
    found = set()
    for item in items:
        try:
            found.add(uuid.UUID(str(item.get("id"))))
        except (ValueError, AttributeError):
            continue
    return found


def check_feed(content: bytes, name: str, feed: str | None, replace: bool = False) -> FeedCheck:
    """Read and check a feed and compare it with the directory; nothing is written."""
    check = FeedCheck(feed)
    try:
        items, changes = openreferral.read_feed(content, name)
    except openreferral.ImportFailed as failure:
        check.errors = failure.errors
        return check
    check.parsed = openreferral.parse_feed(items, queries.geojson_problem, postcode_point)
    check.parsed.changes[:0] = changes
    check.mentioned = _ids(items)
    existing, gone = queries.feed_plan(sorted(check.mentioned), feed)
    for record in check.rows:
        (check.change if record.id in existing else check.add).append(record.name)
    check.remove = gone if replace else []
    return check


def write_feed(check: FeedCheck, replace: bool = False) -> int:
    """With ``replace``, remove this feed's services the file no longer mentions; then save the sound
    services, each in its own savepoint (one the database refuses joins the refused). Returns the count."""
    if replace:
        # First, so ids that services leaving the feed held are free for the ones coming in.
        queries.remove_services_except(check.mentioned, check.feed, every_feed=False)
    written = []
    for record in check.rows:
        reason = queries.try_save_service(record, check.feed)
        if reason is None:
            written.append(record)
        else:
            check.parsed.refused.append(
                Refused(check.parsed.numbers.get(record.id, 0), record.name, [reason])
            )
    check.parsed.records = written
    return len(written)
