"""app.page_cache's small parts: how long a page is true for, and which compressed copies are held."""

from __future__ import annotations

from datetime import UTC, datetime

from app.page_cache import CompressedCopies, _next_minute


def test_a_page_is_true_until_the_next_whole_minute() -> None:
    assert _next_minute(datetime(2026, 12, 4, 16, 59, 59, 999999, tzinfo=UTC)) == datetime(
        2026, 12, 4, 17, 0, tzinfo=UTC
    )
    assert _next_minute(datetime(2026, 12, 4, 17, 0, tzinfo=UTC)) == datetime(2026, 12, 4, 17, 1, tzinfo=UTC)
    assert _next_minute(datetime(2026, 12, 31, 23, 59, 30, tzinfo=UTC)) == datetime(2027, 1, 1, tzinfo=UTC)


def test_only_kept_pages_have_their_compressed_copies_held() -> None:
    copies = CompressedCopies()
    copies.set("br;", b"a page made for one person")  # Flask-Compress's key when no page is kept
    assert copies.get("br;") is None
    copies.set("br;3f2a", b"kept")
    assert copies.get("br;3f2a") == b"kept"
    assert copies.get("gzip;3f2a") is None  # each encoding its own copy
