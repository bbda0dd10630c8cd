"""What an Open Referral file becomes once read: plain records, the problems found, and the feed's report."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

HSDS_VERSION = "3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile"
#: GSS code of the United Kingdom: a service area with this URI (or named "United Kingdom") is national.
UK_URI = "http://statistics.data.gov.uk/id/statistical-geography/K02000001"
NATIONAL_NAMES = {"united kingdom", "uk", "national", "uk-wide", "the whole of the uk"}
# Generous box around the UK, Channel Islands and Isle of Man: a point outside is a data error.
UK_BOUNDS = {"latitude": (49.0, 61.0), "longitude": (-8.8, 2.0)}
BSL_CODES = {"bfi", "bsl"}


class ImportFailed(Exception):
    """Nothing was imported; ``errors`` says what to fix, one line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


@dataclass
class OrganisationRecord:
    id: uuid.UUID
    name: str
    description: str = ""
    website: str | None = None
    email: str | None = None
    is_example: bool = False


@dataclass
class TermRecord:
    id: uuid.UUID
    taxonomy: str
    code: str | None
    name: str
    description: str = ""
    parent_id: uuid.UUID | None = None
    term_uri: str | None = None


@dataclass
class ChannelRecord:
    id: uuid.UUID
    kind: str
    value: str
    phone_type: str | None = None
    label: str = ""
    opening_hours: str = ""


@dataclass
class LocationRecord:
    id: uuid.UUID
    link_id: uuid.UUID  # the service_at_location id
    name: str = ""
    description: str = ""
    address_1: str = ""
    address_2: str = ""
    city: str = ""
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    opening_hours: str = ""


@dataclass
class ServiceRecord:
    id: uuid.UUID
    organisation: OrganisationRecord
    name: str
    status: str
    description: str = ""
    eligibility: str = ""
    cost: str = ""
    last_checked: date | None = None
    anonymous_contact: bool = False
    third_party_reporting: bool = False
    is_example: bool = False
    national: bool = False
    area_geojson: str | None = None
    area_name: str = ""
    local_authorities: list[str] = field(default_factory=list)
    nations: list[str] = field(default_factory=list)  # E, W, S, N when it serves only some of the UK
    languages: list[str] = field(default_factory=list)
    channels: list[ChannelRecord] = field(default_factory=list)
    locations: list[LocationRecord] = field(default_factory=list)
    terms: list[TermRecord] = field(default_factory=list)


@dataclass
class Refused:
    """A record left out of the import: its number in the file (from 1), its name and why."""

    number: int
    name: str
    reasons: list[str]

    def __str__(self) -> str:
        name = f" ({self.name[:60]})" if self.name else ""
        return f"service {self.number}{name}: " + "; ".join(self.reasons)


@dataclass
class Parsed:
    """The sound records of a file, the refused ones, what was tidied on the way, and warnings."""

    records: list[ServiceRecord] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    numbers: dict[uuid.UUID, int] = field(default_factory=dict)  # a sound record's number in the file
