"""Demo directory: real national hate-crime support lines (checked 2026-11-27; coverage, hours and the
lines in ``national_lines`` checked 2026-11-30) and marked example services."""

from __future__ import annotations

import json
import uuid
from datetime import date

from app.directory import national_lines, queries, vocab
from app.directory.openreferral import (
    ChannelRecord,
    LocationRecord,
    OrganisationRecord,
    ServiceRecord,
    our_term,
)

CHECKED = date(2026, 11, 27)
# Ofcom reserves 01632 960000–960999 for drama and examples; example.org is reserved too (RFC 2606).
CHESTER_AREA = {
    "type": "MultiPolygon",
    "coordinates": [[[[-2.98, 53.15], [-2.80, 53.15], [-2.80, 53.23], [-2.98, 53.23], [-2.98, 53.15]]]],
}


def _id(name: str) -> uuid.UUID:
    return uuid.uuid5(vocab.NAMESPACE, f"demo:{name}")


def _terms(support: list[str], strands: list[str]) -> list:
    return [our_term(vocab.SUPPORT_TYPE, c) for c in support] + [our_term(vocab.STRAND, c) for c in strands]


def _phone(key: str, number: str, label: str = "", hours: str = "", kind: str = "voice") -> ChannelRecord:
    return ChannelRecord(
        _id(f"channel:{key}"), "phone", number, phone_type=kind, label=label, opening_hours=hours
    )


def _web(key: str, url: str, kind: str = "website", label: str = "", hours: str = "") -> ChannelRecord:
    return ChannelRecord(_id(f"channel:{key}"), kind, url, label=label, opening_hours=hours)


def _organisation(key: str, name: str, description: str, website: str | None, example: bool = False):
    return OrganisationRecord(_id(f"org:{key}"), name, description, website=website, is_example=example)


def national_services() -> list[ServiceRecord]:
    """Public national lines whose numbers we are confident of. Hours only where we are sure of them."""
    return [
        ServiceRecord(
            id=_id("service:stop-hate-uk"),
            organisation=_organisation(
                "stop-hate-uk",
                "Stop Hate UK",
                "A national charity that challenges all forms of hate crime.",
                "https://www.stophateuk.org",
            ),
            name="Stop Hate UK hate crime reporting line",
            status="active",
            description="Report any hate crime or incident and talk it through. They can pass your report "
            "to the police for you, and you can stay anonymous.",
            cost="Free",
            last_checked=CHECKED,
            anonymous_contact=True,
            third_party_reporting=True,
            national=True,
            languages=["en"],
            channels=[
                _phone("stop-hate-uk", "0800 138 1625", "24-hour reporting line", "24/7"),
                _phone("stop-hate-uk-text", "07717 989 025", "Text line", "24/7", "text"),
                _web(
                    "stop-hate-uk-talk",
                    "https://www.stophateuk.org/talk",
                    "online_form",
                    "Web chat, online form, and British Sign Language (BSL) reporting",
                ),
                _web("stop-hate-uk-web", "https://www.stophateuk.org"),
            ],
            terms=_terms(
                ["reporting", "emotional-support"],
                ["race", "religion", "disability", "sexual-orientation", "transgender", "other"],
            ),
        ),
        ServiceRecord(
            id=_id("service:tell-mama"),
            organisation=_organisation(
                "tell-mama",
                "Tell MAMA",
                "Measuring Anti-Muslim Attacks: support for victims of anti-Muslim hate.",
                "https://tellmamauk.org",
            ),
            name="Tell MAMA: report anti-Muslim hate",
            status="active",
            description="Report anti-Muslim hate and get support from caseworkers.",
            cost="Free",
            last_checked=CHECKED,
            third_party_reporting=True,
            # "works with police forces across England, Wales and Scotland" (tellmamauk.org, About us).
            nations=["E", "W", "S"],
            languages=["en"],
            channels=[_phone("tell-mama", "0800 456 1226"), _web("tell-mama-web", "https://tellmamauk.org")],
            terms=_terms(["reporting", "emotional-support", "advocacy"], ["religion"]),
        ),
        ServiceRecord(
            id=_id("service:cst"),
            organisation=_organisation(
                "cst",
                "CST (Community Security Trust)",
                "Protects British Jews from antisemitism and supports victims of antisemitic incidents.",
                "https://cst.org.uk",
            ),
            name="CST: report antisemitism",
            status="active",
            description="Report antisemitic incidents and get support.",
            cost="Free",
            last_checked=CHECKED,
            third_party_reporting=True,
            national=True,
            languages=["en"],
            # CST's national emergency and incident number answers 24 hours (cst.org.uk).
            channels=[
                _phone("cst", "0800 032 3263", "National emergency and incident line", "24/7"),
                _web("cst-web", "https://cst.org.uk"),
            ],
            terms=_terms(["reporting", "practical-help"], ["religion"]),
        ),
        ServiceRecord(
            id=_id("service:galop"),
            organisation=_organisation(
                "galop", "Galop", "The LGBT+ anti-abuse charity.", "https://galop.org.uk"
            ),
            name="Galop LGBT+ hate crime helpline",
            status="active",
            description="Confidential support for LGBT+ people who have experienced hate crime.",
            cost="Free",
            last_checked=CHECKED,
            national=True,
            languages=["en"],
            channels=[
                _phone("galop", "020 7704 2040", "LGBT+ hate crime helpline", "Mo-Fr 10:00-16:00; PH off"),
                _web("galop-web", "https://galop.org.uk"),
            ],
            terms=_terms(["emotional-support", "advocacy"], ["sexual-orientation", "transgender"]),
        ),
        ServiceRecord(
            id=_id("service:victim-support"),
            organisation=_organisation(
                "victim-support",
                "Victim Support",
                "An independent charity for people affected by crime.",
                "https://www.victimsupport.org.uk",
            ),
            name="Victim Support Supportline",
            status="active",
            description="Free, confidential support for anyone affected by crime, whether or not it was "
            "reported.",
            eligibility="People in England and Wales affected by crime.",
            cost="Free",
            last_checked=CHECKED,
            nations=["E", "W"],
            languages=["en"],
            channels=[
                _phone("victim-support", "08 08 16 89 111", "Supportline", "24/7"),
                _web("victim-support-web", "https://www.victimsupport.org.uk"),
            ],
            terms=_terms(["emotional-support", "practical-help"], []),
        ),
        ServiceRecord(
            id=_id("service:citizens-advice"),
            organisation=_organisation(
                "citizens-advice",
                "Citizens Advice",
                "Free, confidential advice on legal, money, housing and other problems.",
                "https://www.citizensadvice.org.uk",
            ),
            name="Citizens Advice Adviceline",
            status="active",
            description="Free advice by phone on your rights, housing, money and what to do next.",
            eligibility="Adviceline for people in England; Advicelink for people in Wales.",
            cost="Free",
            last_checked=CHECKED,
            nations=["E", "W"],
            languages=["en", "cy"],
            channels=[
                _phone(
                    "citizens-advice-england",
                    "0800 144 8848",
                    "Adviceline (England)",
                    "Mo-Fr 09:00-17:00; PH off",
                ),
                _phone("citizens-advice-wales", "0800 702 2020", "Advicelink (Wales)"),
                _web("citizens-advice-web", "https://www.citizensadvice.org.uk"),
            ],
            terms=_terms(["legal-advice", "practical-help", "housing"], []),
        ),
        ServiceRecord(
            id=_id("service:samaritans"),
            organisation=_organisation(
                "samaritans", "Samaritans", "Someone to talk to, day or night.", "https://www.samaritans.org"
            ),
            name="Samaritans",
            status="active",
            description="Talk to someone about anything that is upsetting you, any time. You do not have to "
            "give your name.",
            cost="Free",
            last_checked=CHECKED,
            anonymous_contact=True,
            national=True,
            languages=["en"],
            channels=[
                _phone("samaritans", "116 123", "", "24/7"),
                _web("samaritans-email", "jo@samaritans.org", kind="email"),
                _web("samaritans-web", "https://www.samaritans.org"),
            ],
            terms=_terms(["emotional-support"], []),
        ),
    ]


def example_services() -> list[ServiceRecord]:
    """Made-up local services (names start "Example"), to show how local data and areas work."""
    trust = _organisation(
        "example-trust",
        "Example Community Trust (not real)",
        "A made-up organisation for the demo.",
        "https://example.org",
        example=True,
    )
    return [
        ServiceRecord(
            id=_id("service:example-chester-hub"),
            organisation=trust,
            name="Example: Chester hate crime support hub",
            status="active",
            description="Example only. A drop-in and phone service helping people in and around Chester "
            "to report hate crime and get support.",
            eligibility="Anyone living, working or studying in the Chester area.",
            cost="Free",
            last_checked=CHECKED,
            anonymous_contact=True,
            third_party_reporting=True,
            is_example=True,
            area_geojson=json.dumps(CHESTER_AREA),
            area_name="Chester (example area)",
            languages=["en", "pl", "ur"],
            channels=[
                _phone("example-hub", "01632 960123", "Example line", "Mo-Fr 10:00-16:00; PH off"),
                _phone(
                    "example-hub-text",
                    "07700 900123",
                    "Example text line",
                    "Mo-Fr 10:00-16:00; PH off",
                    "text",
                ),
                _web("example-hub-email", "help@example.org", kind="email"),
                _web(
                    "example-hub-chat", "https://example.org/chat", "webchat", "", "Mo-Fr 12:00-14:00; PH off"
                ),
            ],
            locations=[
                LocationRecord(
                    id=_id("location:example-hub"),
                    link_id=_id("sal:example-hub"),
                    name="Example drop-in (not a real address)",
                    address_1="1 Example Street",
                    city="Chester",
                    postcode="CH1 2HS",
                    latitude=53.1905,
                    longitude=-2.8906,
                    opening_hours='Tu 10:00-13:00 "drop in"',
                )
            ],
            terms=_terms(["reporting", "emotional-support", "advocacy"], ["race", "religion"]),
        ),
        ServiceRecord(
            id=_id("service:example-disability-advocacy"),
            organisation=trust,
            name="Example: Cheshire West disability hate crime advocacy",
            status="active",
            description="Example only. An advocate helps disabled people through reporting and what happens "
            "after.",
            cost="Free",
            last_checked=CHECKED,
            is_example=True,
            local_authorities=["Cheshire West and Chester"],
            languages=["en"],
            channels=[
                _phone("example-advocacy", "01632 960456", "Example advocacy line", "Tu,Th 09:30-15:30"),
                _phone("example-advocacy-textphone", "01632 960457", "", "Tu,Th 09:30-15:30", "textphone"),
                _web("example-advocacy-form", "https://example.org/advocacy-form", "online_form"),
            ],
            terms=_terms(["advocacy", "practical-help"], ["disability"]),
        ),
        ServiceRecord(
            id=_id("service:example-wrexham-welsh"),
            organisation=trust,
            name="Example: Welsh-language listening line, Wrexham",
            status="temporarily closed",
            description="Example only. A listening line in Welsh and English for people in Wrexham.",
            cost="Free",
            last_checked=CHECKED,
            anonymous_contact=True,
            is_example=True,
            local_authorities=["Wrexham"],
            languages=["cy", "en"],
            channels=[
                _phone("example-wrexham", "01632 960789", "Example listening line", "Mo,We 18:00-21:00")
            ],
            terms=_terms(["emotional-support", "counselling"], ["race", "other"]),
        ),
    ]


def seed() -> str:
    """Insert or update the demo services (idempotent: fixed ids)."""
    records = national_services() + national_lines.services() + example_services()
    for record in records:
        queries.save_service(record)
    examples = sum(record.is_example for record in records)
    national = len(records) - examples
    return f"directory: {len(records)} support services ({national} national, {examples} marked examples)"
