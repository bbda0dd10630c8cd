"""More real national lines for the demo directory: what a person in Cheshire or North Wales needs.

Checked 2026-11-30 against each organisation's published details: Victim Support Cymru
(reporthate.victimsupport.org.uk), Samaritans (samaritans.org), Crimestoppers (crimestoppers-uk.org),
True Vision (report-it.org.uk: police forces in England, Wales and Northern Ireland), Ofcom and 999 BSL
(999bsl.co.uk) and emergencySMS (emergencysms.net).
"""

from __future__ import annotations

from datetime import date

from app.directory import vocab
from app.directory.openreferral import ChannelRecord, OrganisationRecord, ServiceRecord, our_term

CHECKED = date(2026, 11, 30)


def _id(name: str):  # the same ids as demo.py's
    import uuid

    return uuid.uuid5(vocab.NAMESPACE, f"demo:{name}")


def _line(key: str, kind: str, value: str, label: str = "", hours: str = "", phone: str | None = None):
    return ChannelRecord(
        _id(f"channel:{key}"), kind, value, phone_type=phone, label=label, opening_hours=hours
    )


def _service(key: str, org: tuple[str, str, str], name: str, description: str, **fields) -> ServiceRecord:
    support, strands = fields.pop("support", ["emotional-support"]), fields.pop("strands", [])
    terms = [our_term(vocab.SUPPORT_TYPE, c) for c in support] + [our_term(vocab.STRAND, c) for c in strands]
    organisation = OrganisationRecord(_id(f"org:{key}"), org[0], org[1], website=org[2])
    return ServiceRecord(
        id=_id(f"service:{key}"),
        organisation=organisation,
        name=name,
        status="active",
        description=description,
        cost="Free",
        last_checked=CHECKED,
        languages=fields.pop("languages", ["en"]),
        terms=terms,
        **fields,
    )


def services() -> list[ServiceRecord]:
    victim_support = ("Victim Support Cymru", "Victim Support in Wales.", "https://www.victimsupport.org.uk")
    samaritans = ("Samaritans", "Someone to talk to, day or night.", "https://www.samaritans.org")
    return [
        _service(
            "wales-hate-support",
            victim_support,
            "Wales Hate Support Centre",
            "Free, confidential support for anyone in Wales affected by hate crime, and help to report it.",
            nations=["W"],
            third_party_reporting=True,
            support=["reporting", "emotional-support", "advocacy"],
            strands=["race", "religion", "disability", "sexual-orientation", "transgender"],
            channels=[
                _line("wales-hate-support", "phone", "0300 303 1982", "Free, every day", "24/7", "voice"),
                _line("wales-hate-support-web", "website", "https://www.reporthate.victimsupport.org.uk"),
            ],
        ),
        _service(
            "samaritans-welsh",
            samaritans,
            "Samaritans Welsh-language line (Llinell Gymraeg)",
            "Talk to a Samaritans volunteer in Welsh, every evening. You do not have to give your name.",
            national=True,
            anonymous_contact=True,
            languages=["cy"],
            channels=[_line("samaritans-welsh", "phone", "0808 164 0123", "", "Mo-Su 19:00-23:00", "voice")],
        ),
        _service(
            "crimestoppers",
            (
                "Crimestoppers",
                "An independent charity: tell them about crime, 100% anonymously.",
                "https://crimestoppers-uk.org",
            ),
            "Crimestoppers: tell them what you know, anonymously",
            "Pass on information about a crime, including hate crime, without giving your name. "
            "They never trace calls or online forms.",
            national=True,
            anonymous_contact=True,
            support=["reporting"],
            channels=[
                _line("crimestoppers", "phone", "0800 555 111", "", "24/7", "voice"),
                _line("crimestoppers-form", "online_form", "https://crimestoppers-uk.org/give-information"),
            ],
        ),
        _service(
            "true-vision",
            ("True Vision", "The police's hate crime reporting website.", "https://www.report-it.org.uk"),
            "True Vision: report hate crime to the police online",
            "Report a hate crime or incident online. Your report goes to the right police force.",
            nations=["E", "W", "N"],
            support=["reporting"],
            strands=["race", "religion", "disability", "sexual-orientation", "transgender"],
            channels=[
                _line("true-vision-form", "online_form", "https://www.report-it.org.uk/your_police_force")
            ],
        ),
        _service(
            "999-bsl",
            (
                "999 BSL",
                "Emergency video relay for deaf British Sign Language users.",
                "https://www.999bsl.co.uk",
            ),
            "999 BSL: emergency calls in British Sign Language",
            "In an emergency, deaf BSL users can call 999 through a BSL interpreter, by app or website. "
            "No need to register.",
            national=True,
            languages=["bfi", "en"],
            support=["reporting"],
            channels=[
                _line("999-bsl", "phone", "https://www.999bsl.co.uk", "App or website", "24/7", "bsl_video")
            ],
        ),
        _service(
            "emergency-sms",
            ("emergencySMS", "Text 999 if you cannot make voice calls.", "https://www.emergencysms.net"),
            "emergencySMS: text 999 in an emergency",
            "If you are deaf or cannot speak on the phone, you can text 999. "
            "You must register your phone first.",
            national=True,
            support=["reporting"],
            channels=[
                _line("emergency-sms", "phone", "999", "Register your phone first", "24/7", "text"),
                _line("emergency-sms-web", "website", "https://www.emergencysms.net"),
            ],
        ),
    ]
