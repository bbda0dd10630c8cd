"""Open Referral UK / HSDS 3.0: read feeds into records (schema and meaning checks), write services as HSDS.

``reading`` turns a file into service objects, ``parsing`` checks them into ``records``, ``export``
writes services back; the HSDS 3.0 JSON schemas used for validation are in ``hsds3/``.
"""

from app.directory.openreferral.export import (
    organisation_json,
    page_json,
    service_at_location_json,
    service_json,
    taxonomy_json,
    term_json,
)
from app.directory.openreferral.parsing import our_term, parse_feed, parse_services, refusal_lines
from app.directory.openreferral.reading import load, load_feed, read_feed
from app.directory.openreferral.records import (
    HSDS_VERSION,
    PROFILE,
    ChannelRecord,
    ImportFailed,
    LocationRecord,
    OrganisationRecord,
    Parsed,
    Refused,
    ServiceRecord,
    TermRecord,
)

__all__ = [
    "HSDS_VERSION",
    "PROFILE",
    "ChannelRecord",
    "ImportFailed",
    "LocationRecord",
    "OrganisationRecord",
    "Parsed",
    "Refused",
    "ServiceRecord",
    "TermRecord",
    "load",
    "load_feed",
    "organisation_json",
    "our_term",
    "page_json",
    "parse_feed",
    "parse_services",
    "read_feed",
    "refusal_lines",
    "service_at_location_json",
    "service_json",
    "taxonomy_json",
    "term_json",
]
