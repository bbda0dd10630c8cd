"""Checking HSDS 3.0 services and turning them into records: schema first, then checks of meaning.

Each service is judged on its own: a bad one is refused with its number, name and reasons while the
sound ones go on; what was safely tidied on the way is reported as a change.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from babel.core import get_global

from app.directory import schedules as hsds_schedules
from app.directory import vocab
from app.directory.models import STATUSES, Channel, Location, Organisation, Service, TaxonomyTerm
from app.directory.openreferral import places, schema
from app.directory.openreferral.checks import Checker, where_text
from app.directory.openreferral.records import (
    BSL_CODES,
    ChannelRecord,
    ImportFailed,
    OrganisationRecord,
    Parsed,
    Refused,
    ServiceRecord,
    TermRecord,
)

GeojsonCheck = Callable[[str], "str | None"]


def parse_services(items: list[Any], geojson_problem: GeojsonCheck) -> tuple[list[ServiceRecord], list[str]]:
    """All or nothing: the records and warnings, or ImportFailed listing every problem of every record."""
    parsed = parse_feed(items, geojson_problem)
    if parsed.refused:
        raise ImportFailed(refusal_lines(parsed.refused))
    return parsed.records, parsed.warnings


def refusal_lines(refused: list[Refused]) -> list[str]:
    """One line per problem, each naming its record: ``service 2 (Name) status: ...``."""
    lines = []
    for item in refused:
        label = f"service {item.number}" + (f" ({item.name[:60]})" if item.name else "")
        lines += [f"{label} {reason}" for reason in item.reasons]
    return lines


def parse_feed(
    items: list[Any],
    geojson_problem: GeojsonCheck,
    postcode_point: places.PostcodeLookup | None = None,
) -> Parsed:
    """Check every service against the HSDS 3.0 schema and for meaning; sound ones become records."""
    check = Checker(geojson_problem, postcode_point)
    parsed = Parsed()
    owners: dict[uuid.UUID, int] = {}  # ids of services, channels and links -> the service number
    for number, item in enumerate(items, 1):
        given = item.get("name") if isinstance(item, dict) else None
        name: str = given if isinstance(given, str) else ""
        if not isinstance(item, dict):
            parsed.refused.append(Refused(number, "", ["is not a JSON object"]))
            continue
        notes = len(check.changes), len(check.warnings)
        reasons, record = _judge(check, item)
        _label(check.changes, notes[0], number, name)
        _label(check.warnings, notes[1], number, name)
        if record is not None:
            reasons += _taken_ids(record, number, owners) + _too_long(record)
        if reasons:
            parsed.refused.append(Refused(number, name.strip(), reasons))
        elif record is not None:
            parsed.records.append(record)
            parsed.numbers[record.id] = number
            owners.update(dict.fromkeys(_ids(record), number))
    parsed.changes, parsed.warnings = check.changes, check.warnings
    return parsed


def _label(lines: list[str], start: int, number: int, name: str) -> None:
    """Name the service the notes from ``start`` on are about."""
    label = f"service {number}" + (f" ({name.strip()[:60]})" if name.strip() else "")
    lines[start:] = [f"{label} {line}" for line in lines[start:]]


def _tidy(check: Checker, item: dict) -> dict:
    """Safe repairs made before the schema sees a service."""
    org = item.get("organization")
    if isinstance(org, dict) and "description" not in org:
        # HSDS requires it, many feeds leave it out, and nothing depends on it: an empty one is honest.
        check.changed("organization description", "missing; left empty")
        item = {**item, "organization": {**org, "description": ""}}
    return item


def _judge(check: Checker, item: dict) -> tuple[list[str], ServiceRecord | None]:
    item = _tidy(check, item)
    problems = schema.problems(item)
    before = len(check.errors)
    try:
        record = _service(check, item)
    except (TypeError, AttributeError, ValueError) as error:
        # A list where a number belongs, an object where text belongs...: a clear reason, not a traceback.
        check.error("", f"has a value of the wrong type ({type(error).__name__}: {error})"[:300])
        record = None
    schema_places = {where for where, _message in problems}
    meaning = [
        line
        for line, where in zip(check.errors[before:], check.places[before:], strict=True)
        if where not in schema_places
    ]
    return [where_text(where, message) for where, message in problems] + meaning, record


def _ids(record: ServiceRecord) -> list[uuid.UUID]:
    return [record.id] + [c.id for c in record.channels] + [p.link_id for p in record.locations]


def _taken_ids(record: ServiceRecord, number: int, owners: dict[uuid.UUID, int]) -> list[str]:
    """Ids this record shares with an earlier one (locations may be shared; nothing else may)."""
    return [
        f"id {found} is already used by service {owners[found]} in this file"
        for found in dict.fromkeys(_ids(record))
        if found in owners
    ]


def _limit(column: Any) -> int:
    return column.property.columns[0].type.length


def _too_long(record: ServiceRecord) -> list[str]:
    """Fields longer than the directory can hold, named the HSDS way."""
    fields: list[tuple[str, str | None, Any]] = [
        ("name", record.name, Service.name),
        ("organization name", record.organisation.name, Organisation.name),
        ("organization website", record.organisation.website, Organisation.website),
        ("organization email", record.organisation.email, Organisation.email),
    ]
    fields += [("service_areas name", name, TaxonomyTerm.taxonomy) for name in record.local_authorities]
    for channel in record.channels:
        fields += [(f"{channel.kind} {channel.id}", channel.value, Channel.value)]
        fields += [
            (f"{channel.kind} {channel.id} opening hours", channel.opening_hours, Channel.opening_hours)
        ]
    for place in record.locations:
        for key in ("name", "address_1", "address_2", "city"):
            fields.append((f"location {place.id} {key}", getattr(place, key), getattr(Location, key)))
    for term in record.terms:
        fields += [("taxonomy_term name", term.name, TaxonomyTerm.name)]
        fields += [("taxonomy_term code", term.code, TaxonomyTerm.code)]
        fields += [("taxonomy_term taxonomy", term.taxonomy, TaxonomyTerm.taxonomy)]
        fields += [("taxonomy_term term_uri", term.term_uri, TaxonomyTerm.term_uri)]
    return [
        f"{where}: is {len(value)} characters long; the most the directory keeps is {_limit(column)}"
        for where, value, column in fields
        if value and len(value) > _limit(column)
    ]


def _service(check: Checker, item: dict) -> ServiceRecord:
    service_id = check.uuid("id", item.get("id"))
    name = check.text(item, "name")
    if not name:
        check.error("name", "is missing")
    status = item.get("status")
    if status not in STATUSES:
        check.error("status", f"{status!r} is not one of: {', '.join(STATUSES)}")
    organisation = _organisation(check, item.get("organization"))
    last_checked = None
    if item.get("assured_date"):
        try:
            last_checked = date.fromisoformat(str(item["assured_date"])[:10])
        except ValueError:
            check.error("assured_date", f"{item['assured_date']!r} is not a date (YYYY-MM-DD)")
    record = ServiceRecord(
        id=service_id or uuid.uuid4(),
        organisation=organisation or OrganisationRecord(uuid.uuid4(), ""),
        name=name,
        status=status if status in STATUSES else "active",
        description=check.description("", item, "description"),
        eligibility=check.text(item, "eligibility_description"),
        cost=check.text(item, "fees_description") or check.text(item, "fees"),
        last_checked=last_checked,
    )
    _attributes(check, item.get("attributes") or [], record)
    _phones(check, item.get("phones") or [], record)
    _contacts(check, item.get("contacts") or [], record)
    _simple_channels(check, item, record)
    _schedules(check, item.get("schedules") or [], record)
    _languages(check, item.get("languages") or [], record)
    places.areas(check, "", item.get("service_areas") or [], record)
    places.locations(
        check, "", item.get("service_at_locations") or [], record, _hours_attribute, check.postcode_point
    )
    return record


def _organisation(check: Checker, org: Any) -> OrganisationRecord | None:
    where = "organization"
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
        description=check.description(where, org, "description"),
        website=check.url(f"{where} website", org.get("website")),
        email=check.email(f"{where} email", org.get("email")),
        is_example=is_example,
    )


def _our_taxonomy(term_id: Any) -> tuple[str, str] | None:
    for known_id, taxonomy, code in vocab.our_terms():
        if str(known_id) == str(term_id):
            return taxonomy, code
    return None


def _term_code(attribute: dict) -> str | None:
    """The code of one of our own terms an attribute points at, else None."""
    term = attribute.get("taxonomy_term") or {}
    ours = _our_taxonomy(term.get("id") or attribute.get("taxonomy_term_id"))
    return ours[1] if ours else None


def _attributes(check: Checker, attributes: list, record: ServiceRecord) -> None:
    for index, attribute in enumerate(attributes):
        here = f"attributes[{index}]"
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
        if taxonomy in (vocab.SUPPORT_TYPE, vocab.STRAND):
            record.terms.append(our_term(taxonomy, code))
        elif taxonomy == vocab.FEATURE:
            record.anonymous_contact |= code == "anonymous-contact"
            record.third_party_reporting |= code == "third-party-reporting"
            record.is_example |= code == "example-data"
        elif taxonomy == vocab.CHANNEL:
            _add_channel(check, here, record, code, attribute.get("value"), attribute.get("id"), "", "")


def our_term(taxonomy: str, code: str) -> TermRecord:
    return TermRecord(
        id=vocab.term_id(taxonomy, code), taxonomy=taxonomy, code=code, name=vocab.english_name(code)
    )


def _external_term(check: Checker, where: str, term: dict) -> TermRecord | None:
    term_id = check.uuid(f"{where} taxonomy_term id", term.get("id"))
    name = check.text(term, "name")
    if not name:
        check.error(f"{where} taxonomy_term name", "is missing")
    detail = term.get("taxonomy_detail")
    if not isinstance(detail, dict):
        detail = {}
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


def _hours_attribute(check: Checker, where: str, attributes: Any) -> str:
    for index, attribute in enumerate(attributes or []):
        if isinstance(attribute, dict) and _term_code(attribute) == "opening_hours":
            return check.hours(f"{where} attributes[{index}] value", attribute.get("value"))
    return ""


def _add_channel(
    check: Checker,
    where: str,
    record: ServiceRecord,
    kind: str,
    value: Any,
    channel_id: Any,
    label: str,
    opening_hours: str,
) -> None:
    # An attribute holds its address in "value"; a service's own email and url are the address.
    here = f"{where} value" if where.endswith("]") else where
    address = check.email(here, value) if kind == "email" else check.url(here, value)
    if not address:
        if value in (None, ""):
            check.error(here, f"a {kind} channel needs an address")
        return
    if any(c.kind == kind and c.value == address for c in record.channels):
        return
    new_id = (check.uuid(f"{where} id", channel_id) if channel_id else None) or uuid.uuid4()
    if any(c.id == new_id for c in record.channels):
        # One contact holding several channels (email and web chat): each needs an id of its own.
        new_id = uuid.uuid5(new_id, kind)
    record.channels.append(
        ChannelRecord(id=new_id, kind=kind, value=address, label=label, opening_hours=opening_hours)
    )


def _phones(check: Checker, phones: list, record: ServiceRecord) -> None:
    for index, phone in enumerate(phones):
        here = f"phones[{index}]"
        if not isinstance(phone, dict):
            check.error(here, "is not a JSON object")
            continue
        phone_id = check.uuid(f"{here} id", phone.get("id"))
        # Some exports wrap numbers in literal quotes (the HSDS examples do): take them off.
        number = str(phone.get("number") or "").strip().strip("\"'").strip()
        if not number:
            check.error(f"{here} number", "is missing")
            continue
        codes = {
            str(language.get("code", "")).lower()
            for language in phone.get("languages") or []
            if isinstance(language, dict)
        }
        kind = str(phone.get("type") or "voice").lower()
        # A video relay line (999 BSL) is reached through a web address, not a number.
        if kind == "video" and number.lower().startswith(("http://", "https://")):
            if check.url(f"{here} number", number) is None:
                continue
        elif not check.phone(f"{here} number", number):
            continue
        if kind == "video" and codes & BSL_CODES:
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


def _contacts(check: Checker, contacts: list, record: ServiceRecord) -> None:
    """Contacts become channels (email, web chat, website, online form). Names of people are not kept."""
    for index, contact in enumerate(contacts):
        here = f"contacts[{index}]"
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
        for i, attribute, code in kinds:
            value = attribute.get("value")
            _add_channel(
                check, f"{here} attributes[{i}]", record, code or "", value, contact.get("id"), label, opening
            )
        if not kinds and contact.get("email"):
            _add_channel(
                check, f"{here} email", record, "email", contact["email"], contact.get("id"), label, opening
            )


def _simple_channels(check: Checker, item: dict, record: ServiceRecord) -> None:
    if item.get("email"):
        _add_channel(check, "email", record, "email", item["email"], None, "", "")
    if item.get("url"):
        _add_channel(check, "url", record, "website", item["url"], None, "", "")


def _schedules(check: Checker, schedules: list, record: ServiceRecord) -> None:
    """Weekly schedules fill in hours for phone and chat lines that have none of their own."""
    if not schedules or any(c.opening_hours for c in record.channels):
        return
    expression = hsds_schedules.from_schedules([s for s in schedules if isinstance(s, dict)])
    if expression is None:
        check.warn("schedules", "are not simple weekly times, so no opening hours were taken from them")
        return
    for channel in record.channels:
        if channel.kind in ("phone", "webchat"):
            channel.opening_hours = expression


def language_code(code: str) -> str | None:
    """An ISO 639-1 code, or an ISO 639-3 code when the language has no two-letter one; else None."""
    code = code.strip().lower()
    if vocab.is_iso639_1(code):
        return code
    if len(code) == 3 and code.isalpha() and code.isascii():
        alias = get_global("language_aliases").get(code)
        return alias if alias and vocab.is_iso639_1(alias) else code
    return None


def _languages(check: Checker, languages: list, record: ServiceRecord) -> None:
    for index, language in enumerate(languages):
        here = f"languages[{index}]"
        given = str(language.get("code") or "").strip() if isinstance(language, dict) else ""
        if not given:
            check.warn(here, "has no code and was ignored")
            continue
        code = language_code(given)
        if code is None:
            check.error(f"{here} code", f"{given!r} is not an ISO 639-1 or ISO 639-3 language code")
            continue
        if code != given:
            check.changed(f"{here} code", f"{given!r} read as {code!r}")
        if code not in record.languages:
            record.languages.append(code)
