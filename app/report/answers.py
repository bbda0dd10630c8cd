"""The typed draft: every answer the journey can hold, with explicit load/save to a JSON document."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from functools import cache
from typing import Any

#: Answers that stay queryable in the ``report`` table (categories, dates, area). Everything else is
#: free text or personal detail and is stored only encrypted — including the exact incident point
#: (``latitude``, ``longitude``: a postcode point can be next to the victim's home).
QUERYABLE = frozenset(
    {
        "role",
        "strands",
        "incident_types",
        "incident_date",
        "approximate_period",
        "time_of_day",
        "still_happening",
        "place_kind",
        "outward_code",
        "district",
        "injuries",
        "contact",
        "victim_agrees",
        "police_action",
        "support_contact",
    }
)

#: The journey's own notes, not answers: never copied from a form nor sent with the report.
BOOKKEEPING = frozenset({"done", "typed", "assisted", "centre_id", "centre_name"})


@dataclass
class Answers:
    """What someone has answered so far. Empty string / None / [] means "not answered"."""

    role: str | None = None
    strands: list[str] = field(default_factory=list)
    strand_other: str = ""
    incident_types: list[str] = field(default_factory=list)
    incident_other: str = ""
    incident_date: date | None = None
    date_unsure: bool = False
    approximate_period: str | None = None
    time_of_day: str | None = None
    still_happening: str | None = None
    place_kind: str | None = None
    postcode: str = ""
    place_description: str = ""
    outward_code: str | None = None
    district: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    website: str = ""
    description: str = ""
    injuries: str | None = None
    injuries_detail: str = ""
    offenders_known: str | None = None
    offenders_count: str | None = None
    offenders_description: str = ""
    offenders_vehicle: str = ""
    witnesses: str | None = None
    witnesses_detail: str = ""
    contact: str | None = None
    name: str = ""
    email: str = ""
    phone: str = ""
    voicemail_ok: str | None = None
    email_ok: str | None = None
    best_times: str = ""
    language: str = ""
    interpreter: str | None = None
    access_needs: str = ""
    victim_agrees: str | None = None
    victim_name: str = ""
    victim_phone: str = ""
    victim_email: str = ""
    police_action: str | None = None
    support_contact: str | None = None
    #: An assisted report: whether the victim agrees to the centre sending it for them ("no" sends nothing).
    centre_agrees: str | None = None
    #: Names of the steps the person has answered (optional steps count once Continue is pressed).
    done: list[str] = field(default_factory=list)
    #: What was typed on a step when the person saved to come back later before it was valid, as the
    #: form sent it (step name -> [name, value] pairs). Shown again on that step; never sent on.
    typed: dict[str, list[list[str]]] = field(default_factory=dict)
    #: Started by a reporting centre's worker with the victim beside them (see ``app.report.assisted``).
    assisted: bool = False
    #: The centre whose worker started it, and its name as the victim was asked about it. Used to ask
    #: the victim and to keep the draft when that centre's worker signs in again; the report records
    #: the centre and worker from the signed-in worker at sending, never from these.
    centre_id: int | None = None
    centre_name: str = ""

    @classmethod
    @cache
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    def to_json(self) -> dict[str, Any]:
        """Every answer by name, ready for ``json.dumps`` (lists and ``typed`` are shared, not copied)."""
        data = {name: getattr(self, name) for name in self.names()}
        data["incident_date"] = self.incident_date.isoformat() if self.incident_date else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Answers:
        names = frozenset(cls.names())
        known = {k: v for k, v in data.items() if k in names}
        if known.get("incident_date"):
            known["incident_date"] = date.fromisoformat(known["incident_date"])
        return cls(**known)

    def get(self, names: tuple[str, ...]) -> dict[str, Any]:
        return {name: getattr(self, name) for name in names}

    def update(self, values: dict[str, Any]) -> None:
        for name, value in values.items():
            if name in self.names() and name not in BOOKKEEPING:
                setattr(self, name, value)

    def reset(self, names: tuple[str, ...]) -> None:
        """Forget answers (an answer that no longer applies is dropped, not kept hidden)."""
        blank = Answers()
        for name in names:
            setattr(self, name, getattr(blank, name))

    def mark_done(self, step: str) -> None:
        if step not in self.done:
            self.done.append(step)

    @property
    def anonymous(self) -> bool:
        return self.contact == "anonymous"

    @property
    def for_someone_else(self) -> bool:
        return self.role in {"on_behalf", "worker"}

    def sensitive(self) -> dict[str, Any]:
        """Free text and personal details: stored only encrypted."""
        data = self.to_json()
        kept = QUERYABLE | BOOKKEEPING
        return {k: v for k, v in data.items() if k not in kept and v not in ("", None)}
