"""Open Referral UK / HSDS 3.0: read and check HSDS JSON into records, and write services as HSDS JSON."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from app import hours
from app.directory import schedules as hsds_schedules
from app.directory import vocab
from app.directory.models import STATUSES, Service
from app.geo.postcodes import parse_postcode

HSDS_VERSION = "3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile"
#: GSS code of the United Kingdom: a service area with this URI (or named "United Kingdom") is national.
UK_URI = "http://statistics.data.gov.uk/id/statistical-geography/K02000001"
NATIONAL_NAMES = {"united kingdom", "uk", "national", "uk-wide", "the whole of the uk"}
# Generous box around the UK, Channel Islands and Isle of Man: a point outside is a data error.
UK_BOUNDS = {"latitude": (49.0, 61.0), "longitude": (-8.8, 2.0)}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)
PHONE_CHARS = re.compile(r"^\+?[0-9 ()\-]{3,25}$")
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
    languages: list[str] = field(default_factory=list)
    channels: list[ChannelRecord] = field(default_factory=list)
    locations: list[LocationRecord] = field(default_factory=list)
    terms: list[TermRecord] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------------------------------


def load(path: Path) -> list[Any]:
    """The service objects in an HSDS JSON file: one service, a list, or a page with ``contents``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ImportFailed(
            [f"{path}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"]
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFailed([f"{path}: cannot be read ({error})"]) from None
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return data["contents"]
    if isinstance(data, dict) and "services" in data and isinstance(data["services"], list):
        return data["services"]
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and "status" in data and "name" in data:
        return [data]
    raise ImportFailed(
        [f"{path}: expected an HSDS service, a list of services, or a page with 'contents' of services"]
    )


class _Checker:
    """Collects every problem with a path to it, so one run lists all there is to fix."""

    def __init__(self, geojson_problem: Any) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.geojson_problem = geojson_problem

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{where}: {message}")

    def uuid(self, where: str, value: Any) -> uuid.UUID | None:
        try:
            return uuid.UUID(str(value))
        except (ValueError, TypeError, AttributeError):
            self.error(
                where, f"{value!r} is not a UUID" if value is not None else "is missing (a UUID is required)"
            )
            return None

    def text(self, obj: dict, key: str) -> str:
        value = obj.get(key)
        return value.strip() if isinstance(value, str) else ""

    def url(self, where: str, value: Any) -> str | None:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not URL.match(value.strip()):
            self.error(where, f"{value!r} is not a web address starting with http:// or https://")
            return None
        return value.strip()

    def email(self, where: str, value: Any) -> str | None:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not EMAIL.match(value.strip()):
            self.error(where, f"{value!r} is not an email address")
            return None
        return value.strip()

    def hours(self, where: str, value: Any) -> str:
        if not value:
            return ""
        problem = hours.problem(str(value))
        if problem:
            self.error(where, problem)
            return ""
        return str(value).strip()


def parse_services(items: list[Any], geojson_problem: Any) -> tuple[list[ServiceRecord], list[str]]:
    """Check every service; raise ImportFailed listing all problems, else return records and warnings."""
    check = _Checker(geojson_problem)
    records = []
    seen: set[uuid.UUID] = set()
    for index, item in enumerate(items):
        label = f"service {index + 1}"
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            label += f" ({item['name'][:60]})"
        if not isinstance(item, dict):
            check.error(label, "is not a JSON object")
            continue
        try:
            record = _service(check, label, item)
        except (TypeError, AttributeError, ValueError) as error:
            # A list that is a number, an object where text belongs...: a clear error, not a traceback.
            check.error(label, f"has a value of the wrong type ({type(error).__name__}: {error})"[:300])
            continue
        if record is not None:
            if record.id in seen:
                check.error(label, f"id {record.id} appears more than once in the file")
            seen.add(record.id)
            records.append(record)
    if check.errors:
        raise ImportFailed(check.errors)
    return records, check.warnings


def _service(check: _Checker, where: str, item: dict) -> ServiceRecord | None:
    errors_before = len(check.errors)
    service_id = check.uuid(f"{where} id", item.get("id"))
    name = check.text(item, "name")
    if not name:
        check.error(f"{where} name", "is missing")
    status = item.get("status")
    if status not in STATUSES:
        check.error(f"{where} status", f"{status!r} is not one of: {', '.join(STATUSES)}")
    organisation = _organisation(check, where, item.get("organization"))

    last_checked = None
    if item.get("assured_date"):
        try:
            last_checked = date.fromisoformat(str(item["assured_date"])[:10])
        except ValueError:
            check.error(f"{where} assured_date", f"{item['assured_date']!r} is not a date (YYYY-MM-DD)")

    record = ServiceRecord(
        id=service_id or uuid.uuid4(),
        organisation=organisation or OrganisationRecord(uuid.uuid4(), ""),
        name=name,
        status=status if status in STATUSES else "active",
        description=check.text(item, "description"),
        eligibility=check.text(item, "eligibility_description"),
        cost=check.text(item, "fees_description") or check.text(item, "fees"),
        last_checked=last_checked,
    )
    _attributes(check, where, item.get("attributes") or [], record)
    _phones(check, where, item.get("phones") or [], record)
    _contacts(check, where, item.get("contacts") or [], record)
    _simple_channels(check, where, item, record)
    _schedules(check, where, item.get("schedules") or [], record)
    _languages(check, where, item.get("languages") or [], record)
    _areas(check, where, item.get("service_areas") or [], record)
    _locations(check, where, item.get("service_at_locations") or [], record)
    return record if len(check.errors) == errors_before else None


def _organisation(check: _Checker, where: str, org: Any) -> OrganisationRecord | None:
    where = f"{where} organization"
    if not isinstance(org, dict):
        check.error(where, "is missing: each service needs its organization nested in it")
        return None
    org_id = check.uuid(f"{where} id", org.get("id"))
    name = check.text(org, "name")
    if not name:
        check.error(f"{where} name", "is missing")
    is_example = any(
        _term_code(attribute) == "example-data"
        for attribute in org.get("attributes") or []
        if isinstance(attribute, dict)
    )
    return OrganisationRecord(
        id=org_id or uuid.uuid4(),
        name=name,
        description=check.text(org, "description"),
        website=check.url(f"{where} website", org.get("website")),
        email=check.email(f"{where} email", org.get("email")),
        is_example=is_example,
    )


def _term_code(attribute: dict) -> str | None:
    """The code of one of our own terms an attribute points at, else None."""
    term = attribute.get("taxonomy_term") or {}
    term_id = term.get("id") or attribute.get("taxonomy_term_id")
    for known_id, _taxonomy, code in vocab.our_terms():
        if str(known_id) == str(term_id):
            return code
    return None


def _our_taxonomy(term_id: str) -> tuple[str, str] | None:
    for known_id, taxonomy, code in vocab.our_terms():
        if str(known_id) == str(term_id):
            return taxonomy, code
    return None


def _attributes(check: _Checker, where: str, attributes: list, record: ServiceRecord) -> None:
    for index, attribute in enumerate(attributes):
        here = f"{where} attributes[{index}]"
        if not isinstance(attribute, dict):
            check.error(here, "is not a JSON object")
            continue
        term = attribute.get("taxonomy_term")
        term_id = (term or {}).get("id") or attribute.get("taxonomy_term_id")
        ours = _our_taxonomy(term_id) if term_id else None
        if ours is None:
            if isinstance(term, dict):
                parsed = _external_term(check, here, term)
                if parsed and parsed.id not in {t.id for t in record.terms}:
                    record.terms.append(parsed)
            else:
                check.warn(here, "has no taxonomy_term and was ignored")
            continue
        taxonomy, code = ours
        value = attribute.get("value")
        if taxonomy in (vocab.SUPPORT_TYPE, vocab.STRAND):
            record.terms.append(our_term(taxonomy, code))
        elif taxonomy == vocab.FEATURE:
            record.anonymous_contact |= code == "anonymous-contact"
            record.third_party_reporting |= code == "third-party-reporting"
            record.is_example |= code == "example-data"
        elif taxonomy == vocab.CHANNEL:
            _add_channel(check, here, record, code, value, attribute.get("id"), "", "")


def our_term(taxonomy: str, code: str) -> TermRecord:
    return TermRecord(
        id=vocab.term_id(taxonomy, code),
        taxonomy=taxonomy,
        code=code,
        name=vocab.english_name(code),
    )


def _external_term(check: _Checker, where: str, term: dict) -> TermRecord | None:
    term_id = check.uuid(f"{where} taxonomy_term id", term.get("id"))
    name = check.text(term, "name")
    if not name:
        check.error(f"{where} taxonomy_term name", "is missing")
    detail = term.get("taxonomy_detail") if isinstance(term.get("taxonomy_detail"), dict) else {}
    taxonomy = check.text(term, "taxonomy") or check.text(detail, "name") or "other"
    parent = term.get("parent_id")
    if term_id is None or not name:
        return None
    return TermRecord(
        id=term_id,
        taxonomy=taxonomy,
        code=check.text(term, "code") or None,
        name=name,
        description=check.text(term, "description"),
        parent_id=check.uuid(f"{where} taxonomy_term parent_id", parent) if parent else None,
        term_uri=check.url(f"{where} taxonomy_term term_uri", term.get("term_uri")),
    )


def _hours_attribute(check: _Checker, where: str, attributes: Any) -> str:
    for index, attribute in enumerate(attributes or []):
        if isinstance(attribute, dict) and _term_code(attribute) == "opening_hours":
            return check.hours(f"{where} attributes[{index}] value", attribute.get("value"))
    return ""


def _add_channel(
    check: _Checker,
    where: str,
    record: ServiceRecord,
    kind: str,
    value: Any,
    channel_id: Any,
    label: str,
    opening_hours: str,
) -> None:
    if kind == "email":
        address = check.email(f"{where} value", value)
    else:
        address = check.url(f"{where} value", value)
    if not address:
        if value in (None, ""):
            check.error(f"{where} value", f"a {kind} channel needs an address")
        return
    if any(c.kind == kind and c.value == address for c in record.channels):
        return
    new_id = check.uuid(f"{where} id", channel_id) if channel_id else uuid.uuid4()
    record.channels.append(
        ChannelRecord(
            id=new_id or uuid.uuid4(), kind=kind, value=address, label=label, opening_hours=opening_hours
        )
    )


def _phones(check: _Checker, where: str, phones: list, record: ServiceRecord) -> None:
    for index, phone in enumerate(phones):
        here = f"{where} phones[{index}]"
        if not isinstance(phone, dict):
            check.error(here, "is not a JSON object")
            continue
        phone_id = check.uuid(f"{here} id", phone.get("id"))
        # Some exports wrap numbers in literal quotes (the HSDS examples do): take them off.
        number = str(phone.get("number") or "").strip().strip("\"'").strip()
        if not number:
            check.error(f"{here} number", "is missing")
            continue
        if not PHONE_CHARS.match(number):
            check.error(f"{here} number", f"{number!r} is not a phone number")
            continue
        codes = {
            str(language.get("code", "")).lower()
            for language in phone.get("languages") or []
            if isinstance(language, dict)
        }
        kind = str(phone.get("type") or "voice").lower()
        if kind in ("video",) and codes & BSL_CODES:
            kind = "bsl_video"
        elif kind == "cell":
            kind = "voice"
        elif kind in ("fax", "pager"):
            check.warn(here, f"a {kind} number is not shown to the public and was left out")
            continue
        if kind not in ("voice", "text", "textphone", "bsl_video", "video"):
            check.error(f"{here} type", f"{kind!r} is not one of: voice, text, textphone, video, cell")
            continue
        record.channels.append(
            ChannelRecord(
                id=phone_id or uuid.uuid4(),
                kind="phone",
                phone_type=kind,
                value=number,
                label=check.text(phone, "description"),
                opening_hours=_hours_attribute(check, here, phone.get("attributes")),
            )
        )


def _contacts(check: _Checker, where: str, contacts: list, record: ServiceRecord) -> None:
    """Contacts become channels (email, web chat, website, online form). Names of people are not kept."""
    for index, contact in enumerate(contacts):
        here = f"{where} contacts[{index}]"
        if not isinstance(contact, dict):
            check.error(here, "is not a JSON object")
            continue
        opening = _hours_attribute(check, here, contact.get("attributes"))
        label = check.text(contact, "title")
        kinds = [
            (i, a, _term_code(a))
            for i, a in enumerate(contact.get("attributes") or [])
            if isinstance(a, dict) and _term_code(a) in vocab.CHANNEL_CODES
        ]
        if kinds:
            for i, attribute, code in kinds:
                _add_channel(
                    check,
                    f"{here} attributes[{i}]",
                    record,
                    code or "",
                    attribute.get("value"),
                    contact.get("id"),
                    label,
                    opening,
                )
        elif contact.get("email"):
            _add_channel(
                check, f"{here} email", record, "email", contact["email"], contact.get("id"), label, opening
            )


def _simple_channels(check: _Checker, where: str, item: dict, record: ServiceRecord) -> None:
    if item.get("email"):
        _add_channel(check, f"{where} email", record, "email", item["email"], None, "", "")
    if item.get("url"):
        _add_channel(check, f"{where} url", record, "website", item["url"], None, "", "")


def _schedules(check: _Checker, where: str, schedules: list, record: ServiceRecord) -> None:
    """Weekly schedules fill in hours for phone and chat lines that have none of their own."""
    if not schedules or any(c.opening_hours for c in record.channels):
        return
    expression = hsds_schedules.from_schedules([s for s in schedules if isinstance(s, dict)])
    if expression is None:
        check.warn(
            f"{where} schedules", "are not simple weekly times, so no opening hours were taken from them"
        )
        return
    for channel in record.channels:
        if channel.kind in ("phone", "webchat"):
            channel.opening_hours = expression


def _languages(check: _Checker, where: str, languages: list, record: ServiceRecord) -> None:
    for index, language in enumerate(languages):
        here = f"{where} languages[{index}]"
        code = str((language or {}).get("code") or "").strip() if isinstance(language, dict) else ""
        if not code:
            check.warn(here, "has no code and was ignored")
            continue
        if not vocab.is_iso639_1(code.lower()):
            check.error(f"{here} code", f"{code!r} is not a two-letter ISO 639-1 language code")
            continue
        if code.lower() not in record.languages:
            record.languages.append(code.lower())


def _areas(check: _Checker, where: str, areas: list, record: ServiceRecord) -> None:
    polygons = []
    for index, area in enumerate(areas):
        here = f"{where} service_areas[{index}]"
        if not isinstance(area, dict):
            check.error(here, "is not a JSON object")
            continue
        check.uuid(f"{here} id", area.get("id"))
        name = check.text(area, "name")
        extent_type = check.text(area, "extent_type").lower()
        extent = area.get("extent")
        if str(area.get("uri") or "").rstrip("/") == UK_URI or name.lower() in NATIONAL_NAMES:
            record.national = True
        elif extent_type == "geojson" and extent:
            geometry = _geojson(check, f"{here} extent", extent)
            if geometry:
                polygons.append(geometry)
                record.area_name = record.area_name or name
        elif name:
            record.local_authorities.append(name)
        else:
            check.error(here, "has neither a name nor a GeoJSON extent")
    if polygons:
        record.area_geojson = json.dumps(_merge(polygons))


def _geojson(check: _Checker, where: str, extent: Any) -> dict | None:
    try:
        geometry = json.loads(extent) if isinstance(extent, str) else extent
    except json.JSONDecodeError:
        check.error(where, f"{str(extent)[:40]!r} is not GeoJSON")
        return None
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        check.error(where, "must be a GeoJSON Polygon or MultiPolygon")
        return None
    problem = check.geojson_problem(json.dumps(geometry))
    if problem:
        check.error(where, f"is not a usable polygon ({problem})")
        return None
    return geometry


def _merge(polygons: list[dict]) -> dict:
    coordinates = []
    for geometry in polygons:
        coordinates += [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return {"type": "MultiPolygon", "coordinates": coordinates}


def _locations(check: _Checker, where: str, links: list, record: ServiceRecord) -> None:
    for index, link in enumerate(links):
        here = f"{where} service_at_locations[{index}]"
        if not isinstance(link, dict) or not isinstance(link.get("location"), dict):
            check.error(here, "needs a nested location object")
            continue
        link_id = check.uuid(f"{here} id", link.get("id"))
        location = link["location"]
        here = f"{here} location"
        if location.get("location_type", "physical") != "physical":
            check.warn(here, f"a {location.get('location_type')} location is not a place to visit; left out")
            continue
        location_id = check.uuid(f"{here} id", location.get("id"))
        latitude, longitude = _coordinates(check, here, location)
        place = LocationRecord(
            id=location_id or uuid.uuid4(),
            link_id=link_id or uuid.uuid4(),
            name=check.text(location, "name"),
            description=check.text(location, "description"),
            latitude=latitude,
            longitude=longitude,
            opening_hours=_hours_attribute(check, here, location.get("attributes")),
        )
        addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
        if addresses:
            _address(check, f"{here} addresses[0]", addresses[0], place)
        given = location.get("latitude") is not None or any(a.get("postal_code") for a in addresses)
        if not given:
            check.error(here, "needs a latitude and longitude or a postcode")
        record.locations.append(place)


def _coordinates(check: _Checker, where: str, location: dict) -> tuple[float | None, float | None]:
    latitude, longitude = location.get("latitude"), location.get("longitude")
    if latitude is None and longitude is None:
        return None, None
    values = {}
    for key, value in (("latitude", latitude), ("longitude", longitude)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            check.error(f"{where} {key}", f"{value!r} is not a number")
            continue
        limit = 90 if key == "latitude" else 180
        low, high = UK_BOUNDS[key]
        if not -limit <= number <= limit:
            check.error(f"{where} {key}", f"{value} is not a {key} (it must be between -{limit} and {limit})")
        elif not low <= number <= high:
            check.error(f"{where} {key}", f"{value} is outside the UK ({low} to {high})")
        else:
            values[key] = number
    if len(values) < 2:
        return None, None
    return values["latitude"], values["longitude"]


def _address(check: _Checker, where: str, address: dict, place: LocationRecord) -> None:
    country = check.text(address, "country").upper()
    if country and country not in ("GB", "UK"):
        check.error(f"{where} country", f"{country!r} is not the UK (use the ISO code GB)")
    raw = check.text(address, "postal_code")
    if raw:
        postcode = parse_postcode(raw)
        if postcode is None:
            check.error(f"{where} postal_code", f"{raw!r} is not a UK postcode")
        else:
            place.postcode = postcode.normalised
    place.address_1 = check.text(address, "address_1")
    place.address_2 = check.text(address, "address_2")
    place.city = check.text(address, "city")


# --- writing ---------------------------------------------------------------------------------------------


def _id(base: uuid.UUID, name: str) -> str:
    return str(uuid.uuid5(base, name))


def _term_json(taxonomy: str, code: str | None, name: str, term_id: uuid.UUID, **extra: Any) -> dict:
    detail = vocab.TAXONOMIES.get(taxonomy)
    term: dict[str, Any] = {"id": str(term_id), "name": name, "description": extra.get("description") or name}
    if code:
        term["code"] = code
    term["taxonomy"] = taxonomy
    if detail:
        term["taxonomy_id"] = str(vocab.taxonomy_id(taxonomy))
        term["taxonomy_detail"] = {
            "id": str(vocab.taxonomy_id(taxonomy)),
            "name": detail[0],
            "description": detail[1],
        }
    if extra.get("parent_id"):
        term["parent_id"] = str(extra["parent_id"])
    if extra.get("term_uri"):
        term["term_uri"] = extra["term_uri"]
    return term


def _attribute(link: uuid.UUID, entity: str, taxonomy: str, code: str, value: str | None = None) -> dict:
    term_id = vocab.term_id(taxonomy, code)
    attribute: dict[str, Any] = {
        "id": _id(link, f"attribute:{taxonomy}:{code}"),
        "link_id": str(link),
        "link_entity": entity,
        "taxonomy_term_id": str(term_id),
        "taxonomy_term": _term_json(taxonomy, code, vocab.english_name(code), term_id),
    }
    if value is not None:
        attribute["value"] = value
    return attribute


def service_json(
    service: Service, points: dict[uuid.UUID, tuple[float, float]], areas: dict[uuid.UUID, str]
) -> dict:
    """One fully nested HSDS 3.0 service. Nothing personal: no contact names, only public channels."""
    organisation = service.organisation
    org: dict[str, Any] = {
        "id": str(organisation.id),
        "name": organisation.name,
        "description": organisation.description or organisation.name,
    }
    if organisation.website:
        org["website"] = organisation.website
    if organisation.email:
        org["email"] = organisation.email
    if organisation.is_example:
        org["attributes"] = [_attribute(organisation.id, "organization", vocab.FEATURE, "example-data")]

    data: dict[str, Any] = {
        "id": str(service.id),
        "organization_id": str(organisation.id),
        "name": service.name,
        "description": service.description,
        "status": service.status,
    }
    first = {
        kind: next((c.value for c in service.channels if c.kind == kind), None)
        for kind in ("email", "website")
    }
    if first["website"]:
        data["url"] = first["website"]
    if first["email"]:
        data["email"] = first["email"]
    if service.eligibility:
        data["eligibility_description"] = service.eligibility
    if service.cost:
        data["fees_description"] = service.cost
    if service.last_checked:
        data["assured_date"] = service.last_checked.isoformat()
    if service.updated_at:
        data["last_modified"] = service.updated_at.isoformat().replace("+00:00", "Z")

    data["phones"] = [_phone_json(channel) for channel in service.channels if channel.kind == "phone"]
    data["contacts"] = [_contact_json(channel) for channel in service.channels if channel.kind != "phone"]
    timed = next((c for c in service.channels if c.opening_hours and c.kind in ("phone", "webchat")), None)
    data["schedules"] = (
        [
            {
                "id": _id(timed.id, f"schedule:{n}"),
                "service_id": str(service.id),
                **rule,
                "description": f"{timed.label or timed.value}: {timed.opening_hours}",
            }
            for n, rule in enumerate(hsds_schedules.to_schedules(timed.opening_hours))
        ]
        if timed
        else []
    )
    data["service_areas"] = _areas_json(service, areas)
    data["languages"] = [
        {
            "id": _id(service.id, f"language:{code}"),
            "service_id": str(service.id),
            "code": code,
            "name": _english(code),
        }
        for code in service.languages
    ]
    data["service_at_locations"] = [
        _location_json(link.id, service.id, link.location, points) for link in service.service_locations
    ]
    data["organization"] = org
    data["attributes"] = _service_attributes(service)
    return data


def _english(code: str) -> str:
    from babel import Locale

    return Locale("en").languages.get(code, code)


def _phone_json(channel: Any) -> dict:
    phone: dict[str, Any] = {
        "id": str(channel.id),
        "number": channel.value,
        "type": "video" if channel.phone_type == "bsl_video" else channel.phone_type or "voice",
    }
    if channel.label:
        phone["description"] = channel.label
    if channel.phone_type == "bsl_video":
        phone["languages"] = [
            {"id": _id(channel.id, "language:bfi"), "code": "bfi", "name": "British Sign Language"}
        ]
    if channel.opening_hours:
        phone["attributes"] = [
            _attribute(channel.id, "phone", vocab.HOURS, "opening_hours", channel.opening_hours)
        ]
    return phone


def _contact_json(channel: Any) -> dict:
    contact: dict[str, Any] = {"id": str(channel.id)}
    if channel.label:
        contact["title"] = channel.label
    if channel.kind == "email":
        contact["email"] = channel.value
    attributes = [_attribute(channel.id, "contact", vocab.CHANNEL, channel.kind, channel.value)]
    if channel.opening_hours:
        attributes.append(
            _attribute(channel.id, "contact", vocab.HOURS, "opening_hours", channel.opening_hours)
        )
    contact["attributes"] = attributes
    return contact


def _areas_json(service: Service, areas: dict[uuid.UUID, str]) -> list[dict]:
    found = []
    if service.national:
        found.append(
            {
                "id": _id(service.id, "area:national"),
                "service_id": str(service.id),
                "name": "United Kingdom",
                "description": "The whole of the United Kingdom",
                "extent_type": "text",
                "uri": UK_URI,
            }
        )
    if service.id in areas:
        found.append(
            {
                "id": _id(service.id, "area:polygon"),
                "service_id": str(service.id),
                "name": service.area_name or service.name,
                "extent": areas[service.id],
                "extent_type": "geojson",
            }
        )
    for name in service.local_authorities:
        found.append(
            {
                "id": _id(service.id, f"area:la:{name}"),
                "service_id": str(service.id),
                "name": name,
                "extent_type": "text",
            }
        )
    return found


def _location_json(link_id: uuid.UUID, service_id: uuid.UUID, location: Any, points: dict) -> dict:
    place: dict[str, Any] = {"id": str(location.id), "location_type": "physical"}
    if location.organisation_id:
        place["organization_id"] = str(location.organisation_id)
    if location.name:
        place["name"] = location.name
    if location.description:
        place["description"] = location.description
    if location.id in points:
        place["latitude"], place["longitude"] = points[location.id]
    if location.address_1 or location.postcode:
        address = {
            "id": _id(location.id, "address"),
            "location_id": str(location.id),
            "address_1": location.address_1,
            "city": location.city,
            "state_province": "",
            "postal_code": location.postcode,
            "country": "GB",
            "address_type": "physical",
        }
        if location.address_2:
            address["address_2"] = location.address_2
        place["addresses"] = [address]
    if location.opening_hours:
        place["attributes"] = [
            _attribute(location.id, "location", vocab.HOURS, "opening_hours", location.opening_hours)
        ]
    return {
        "id": str(link_id),
        "service_id": str(service_id),
        "location_id": str(location.id),
        "location": place,
    }


def _service_attributes(service: Service) -> list[dict]:
    attributes = []
    for term in service.terms:
        attributes.append(
            {
                "id": _id(service.id, f"attribute:{term.id}"),
                "link_id": str(service.id),
                "link_entity": "service",
                "taxonomy_term_id": str(term.id),
                "taxonomy_term": _term_json(
                    term.taxonomy,
                    term.code,
                    term.name,
                    term.id,
                    description=term.description,
                    parent_id=term.parent_id,
                    term_uri=term.term_uri,
                ),
            }
        )
    for flag, code in (
        (service.anonymous_contact, "anonymous-contact"),
        (service.third_party_reporting, "third-party-reporting"),
        (service.is_example, "example-data"),
    ):
        if flag:
            attributes.append(_attribute(service.id, "service", vocab.FEATURE, code))
    return attributes


def page_json(items: list[dict], total: int, page: int, per_page: int) -> dict:
    """An HSDS paginated response."""
    pages = max(1, -(-total // per_page)) if per_page else 1
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(items),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": len(items) == 0,
        "contents": items,
    }
