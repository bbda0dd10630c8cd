"""Writing directory services as fully nested HSDS 3.0 JSON, and the API's paginated responses."""

from __future__ import annotations

import uuid
from typing import Any

from app.directory import nations, vocab
from app.directory import schedules as hsds_schedules
from app.directory.models import Service
from app.directory.openreferral.records import UK_URI

#: Languages the CLDR names do not cover, named in English.
EXTRA_LANGUAGE_NAMES = {"bfi": "British Sign Language"}


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
    org = organisation_json(organisation)
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

    return Locale("en").languages.get(code) or EXTRA_LANGUAGE_NAMES.get(code, code)


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
    for nation in service.nations or []:
        found.append(
            {
                "id": _id(service.id, f"area:nation:{nation}"),
                "service_id": str(service.id),
                "name": nations.NAMES[nation],
                "extent_type": "text",
                "uri": nations.URI.format(nations.CODES[nation]),
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


def organisation_json(organisation: Any) -> dict:
    """An HSDS 3.0 organization (its one-to-one fields)."""
    data: dict[str, Any] = {
        "id": str(organisation.id),
        "name": organisation.name,
        "description": organisation.description or organisation.name,
    }
    if organisation.website:
        data["website"] = organisation.website
    if organisation.email:
        data["email"] = organisation.email
    return data


def taxonomy_json(taxonomy: str) -> dict:
    """An HSDS 3.0 taxonomy: ours described, others named after themselves."""
    name, description = vocab.TAXONOMIES.get(taxonomy, (taxonomy, taxonomy))
    return {"id": str(vocab.taxonomy_id(taxonomy)), "name": name, "description": description}


def term_json(term: Any) -> dict:
    """An HSDS 3.0 taxonomy_term."""
    data = _term_json(
        term.taxonomy,
        term.code,
        term.name,
        term.id,
        description=term.description,
        parent_id=term.parent_id,
        term_uri=term.term_uri,
    )
    data["taxonomy_id"] = str(vocab.taxonomy_id(term.taxonomy))
    return data


def service_at_location_json(link: Any, points: dict, distance: float | None = None) -> dict:
    """An HSDS 3.0 service_at_location with its location and the service's one-to-one fields."""
    data = _location_json(link.id, link.service_id, link.location, points)
    service = link.service
    data["service"] = {
        "id": str(service.id),
        "organization_id": str(service.organisation_id),
        "name": service.name,
        "description": service.description,
        "status": service.status,
    }
    if distance is not None:
        data["distance"] = round(distance)
    return data
