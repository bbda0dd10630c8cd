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
from typing import Any

from flask_babel import get_locale
from markupsafe import Markup

#: A few megabytes a worker (a card is about 3 KB); the least recently shown go first.
MAX_CARDS = 2048


class CardCache:
    """A bounded least-recently-used map from a card's key to (valid from, valid until, markup)."""

    def __init__(self, size: int = MAX_CARDS) -> None:
        self.size = size
        self._cards: OrderedDict[Hashable, tuple[datetime, datetime, Markup]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, when: datetime, render: Callable[[], tuple[str, datetime]]) -> Markup:
        """The card for ``key`` as true at ``when``; ``render`` gives (markup from an autoescaped
        template, valid until) on a miss."""
        with self._lock:
            found = self._cards.get(key)
            if found is not None and found[0] <= when < found[1]:
                self._cards.move_to_end(key)
                self.hits += 1
                return found[2]
        markup, until = render()
        # Output of an autoescaped .html template: its values are escaped already.
        card = Markup(markup)  # noqa: S704
        with self._lock:
            self.misses += 1
            self._cards[key] = (when, until, card)
            self._cards.move_to_end(key)
            while len(self._cards) > self.size:
                self._cards.popitem(last=False)
        return card

    def clear(self) -> None:
        with self._lock:
            self._cards.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._cards)


#: Filter fields of the finder and the directory: a few per language and answer.
fields = CardCache(512)
#: A kept form field does not depend on the time: it is true from always to never.
_ALWAYS, _NEVER = datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC)


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
    return fields.get(key, _ALWAYS, lambda: (form_field(params=params), _NEVER))
