"""The four nations of the UK: which one a council is in, and their GSS codes for HSDS service areas.

Services such as Victim Support or Citizens Advice serve England and Wales only; a place's nation comes
from its council (a GSS code like ``W06000005`` or a name like "Sir y Fflint - Flintshire").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from app import bank_holidays

if TYPE_CHECKING:
    from app.directory.models import Service

ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND = "E", "W", "S", "N"
#: GSS codes of the nations, as statistics.data.gov.uk URIs (HSDS service_area.uri).
URI = "http://statistics.data.gov.uk/id/statistical-geography/{}"
CODES = {ENGLAND: "E92000001", WALES: "W92000004", SCOTLAND: "S92000003", NORTHERN_IRELAND: "N92000002"}
NAMES = {ENGLAND: "England", WALES: "Wales", SCOTLAND: "Scotland", NORTHERN_IRELAND: "Northern Ireland"}

# The principal councils of Wales (22), Scotland (32) and Northern Ireland (11); every other council
# in the postcode table is in England.
_COUNCILS = {
    WALES: """Isle of Anglesey|Ynys Môn|Gwynedd|Conwy|Denbighshire|Sir Ddinbych|Flintshire|Sir y Fflint|
        Wrexham|Wrecsam|Powys|Ceredigion|Pembrokeshire|Sir Benfro|Carmarthenshire|Sir Gaerfyrddin|Swansea|
        Abertawe|Neath Port Talbot|Castell-nedd Port Talbot|Bridgend|Pen-y-bont ar Ogwr|Vale of Glamorgan|
        Bro Morgannwg|Cardiff|Caerdydd|Rhondda Cynon Taf|Rhondda Cynon Taff|Merthyr Tydfil|Merthyr Tudful|
        Caerphilly|Caerffili|Blaenau Gwent|Torfaen|Tor-faen|Monmouthshire|Sir Fynwy|Newport|Casnewydd""",
    SCOTLAND: """Aberdeen City|Aberdeenshire|Angus|Argyll and Bute|Clackmannanshire|Dumfries and Galloway|
        Dundee City|East Ayrshire|East Dunbartonshire|East Lothian|East Renfrewshire|City of Edinburgh|
        Edinburgh|Falkirk|Fife|Glasgow City|Glasgow|Highland|Inverclyde|Midlothian|Moray|Na h-Eileanan Siar|
        Comhairle nan Eilean Siar|North Ayrshire|North Lanarkshire|Orkney Islands|Perth and Kinross|
        Renfrewshire|Scottish Borders|Shetland Islands|South Ayrshire|South Lanarkshire|Stirling|
        West Dunbartonshire|West Lothian""",
    NORTHERN_IRELAND: """Antrim and Newtownabbey|Ards and North Down|
        Armagh City, Banbridge and Craigavon|Armagh City Banbridge and Craigavon|Belfast|
        Causeway Coast and Glens|Derry City and Strabane|Fermanagh and Omagh|Lisburn and Castlereagh|
        Mid and East Antrim|Mid Ulster|Newry, Mourne and Down|Newry Mourne and Down""",
}
_BY_NAME = {
    " ".join(name.split()).lower(): nation
    for nation, names in _COUNCILS.items()
    for name in names.replace("\n", "").split("|")
}
_GSS = re.compile(r"^([EWSN])\d{8}$")


def of_council(district: str | None) -> str | None:
    """E, W, S or N for a council's GSS code or name (Welsh, English or both); None if not given."""
    text = " ".join((district or "").split())
    if not text:
        return None
    code = _GSS.match(text.upper())
    if code:
        return code.group(1)
    text = re.sub(r"\s*\((B|City|County)\)$", "", text, flags=re.IGNORECASE)
    for part in [text, *text.split(" - ")]:
        nation = _BY_NAME.get(part.strip().lower())
        if nation:
            return nation
    return ENGLAND


def from_area(name: str, uri: str) -> str | None:
    """The nation an HSDS service area stands for (by GSS URI or name), else None."""
    for nation, code in CODES.items():
        if uri.rstrip("/").endswith(code) or name.strip().lower() == NAMES[nation].lower():
            return nation
    return None


def names(nations: list[str]) -> str:
    """ "England and Wales", "England, Wales and Scotland" (in English: data, not the page's language)."""
    named = [NAMES[n] for n in (ENGLAND, WALES, SCOTLAND, NORTHERN_IRELAND) if n in nations]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


#: The bank-holiday calendar (app.bank_holidays) each nation keeps.
CALENDARS = {
    ENGLAND: bank_holidays.ENGLAND,
    WALES: bank_holidays.WALES,
    SCOTLAND: bank_holidays.SCOTLAND,
    NORTHERN_IRELAND: bank_holidays.NORTHERN_IRELAND,
}


def calendar(service: Service, located: str | None, place_nation: str | None) -> str:
    """Whose bank holidays a service keeps: where it is (``located``, from its address or area); else
    the nation of the person's place (E, W, S or N) if the service serves it (a UK-wide line serves
    all four); else the one calendar of the nations or councils it serves; else only the days the
    whole UK keeps."""
    if located:
        return located
    served = set(CALENDARS) if service.national else set(service.nations or [])
    if not service.national:
        served |= {of_council(name) or ENGLAND for name in service.local_authorities or []}
    if place_nation in served:
        return CALENDARS[place_nation or ENGLAND]
    calendars = {CALENDARS[nation] for nation in served if nation in CALENDARS}
    if len(calendars) == 1:
        return calendars.pop()
    # England and Wales keep the same bank holidays.
    if calendars == {bank_holidays.ENGLAND, bank_holidays.WALES}:
        return bank_holidays.ENGLAND
    return bank_holidays.UK_COMMON
