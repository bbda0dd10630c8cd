"""Rendered result cards kept in this process, so a busy results page renders each card once per
language, record and stretch of unchanged opening hours instead of on every request.

A card is kept under a key made of everything it is rendered from: the locale and the record's own
shown values (not its id alone), so a changed record misses at once, in every worker, with no message
between processes. Each entry also holds the span of time it is true for (from the moment it was
rendered until the next change of its hours, or midnight), so "open now" stays exact to the minute.
Nothing from the person (their search, place or position) goes into a card or its key: those parts
of the page are rendered around it on every request.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from flask_babel import get_locale
from markupsafe import Markup

V = TypeVar("V")

#: A few megabytes a worker (a card is about 3 KB); the least recently shown go first.
MAX_CARDS = 2048


class Kept(Generic[V]):
    """A bounded least-recently-used map from a key to (valid from, valid until, value)."""

    def __init__(self, size: int = MAX_CARDS) -> None:
        self.size = size
        self._kept: OrderedDict[Hashable, tuple[datetime, datetime, V]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def peek(self, key: Hashable, when: datetime) -> V | None:
        """The value kept for ``key`` if it is true at ``when``, else None (counted as a miss)."""
        with self._lock:
            found = self._kept.get(key)
            if found is not None and found[0] <= when < found[1]:
                self._kept.move_to_end(key)
                self.hits += 1
                return found[2]
            self.misses += 1
            return None

    def put(self, key: Hashable, value: V, when: datetime, until: datetime) -> None:
        """Keep ``value`` as true from ``when`` until ``until``; the least recently used go first."""
        with self._lock:
            self._kept[key] = (when, until, value)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def get(self, key: Hashable, when: datetime, render: Callable[[], tuple[V, datetime]]) -> V:
        """The value for ``key`` as true at ``when``; ``render`` gives (value, valid until) on a miss."""
        found = self.peek(key, when)
        if found is not None:
            return found
        value, until = render()
        self.put(key, value, when, until)
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._kept)


class CardCache(Kept[Markup]):
    """Kept markup: ``render`` gives (markup from an autoescaped template, valid until) on a miss."""

    def get(self, key: Hashable, when: datetime, render: Callable[[], tuple[Any, datetime]]) -> Markup:
        def as_markup() -> tuple[Markup, datetime]:
            markup, until = render()
            # Output of an autoescaped .html template: its values are escaped already.
            return Markup(markup), until  # noqa: S704

        return super().get(key, when, as_markup)


#: Filter fields of the finder and the directory: a few per language and answer.
fields = CardCache(512)
#: For what does not depend on the time (a kept form field, a compressed copy): true from always to never.
ALWAYS, NEVER = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)


def _choice_values(field: Any) -> set[str]:
    return {str(choice[0]) for choice in field.iter_choices()}


def field(form_field: Any, params: dict) -> Markup:
    """A choice field (select, radios, checkboxes) rendered with ``params``, once per language, choices,
    answer and errors. Only answers that are among the choices are kept: free text is rendered anew."""
    data = form_field.data
    chosen = [data] if isinstance(data, str) else list(data or [])
    if not set(map(str, chosen)) <= _choice_values(form_field) | {""}:
        return form_field(params=params)
    key = (
        "field",
        str(get_locale()),
        form_field.id,
        form_field.name,
        str(form_field.label.text),
        str(form_field.description),
        tuple(tuple(map(str, choice)) for choice in form_field.iter_choices()),  # with "selected"
        tuple(form_field.errors),
        json.dumps(params, sort_keys=True, default=str),
    )
    return fields.get(key, ALWAYS, lambda: (form_field(params=params), NEVER))
