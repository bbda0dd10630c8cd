"""Writes council_feed.json: an Open Referral UK feed shaped like a council's, with every fault kind a
real feed has. Ours (made for the tests, not published data); run it again to rebuild the file."""

from __future__ import annotations

import codecs
import json
import uuid
from pathlib import Path

NS = uuid.UUID("5d9b0e51-3c7f-4a8e-9a55-1c2e7f0b6d10")
POSTCODES = ["CH1 3BA", "CH1 1NA", "CH1 5DX", "CW7 3AP", "CH64 1RF", "WA2 9BP", "WA5 1NS", "CW11 3AX"]
TOWNS = ["Chester", "Chester", "Blacon", "Winsford", "Neston", "Warrington", "Warrington", "Sandbach"]
LANGUAGE_CODE = {"pol": "pl", "urd": "ur", "cym": "cy", "eng": "en"}


def uid(*parts: object) -> str:
    return str(uuid.uuid5(NS, ":".join(map(str, parts))))


def service(n: int, org: str) -> dict:
    town = TOWNS[n % len(TOWNS)]
    data = {
        "id": uid("service", n),
        "name": f"{town} community support group {n}",
        "description": f"Free, confidential support for people in {town} affected by hate incidents.",
        "status": "active",
        "url": f"https://www.example.org/services/{n}",
        "email": f"hello{n}@example.org",
        "phones": [{"id": uid("phone", n), "number": f"01632 960{n:03d}", "type": "voice"}],
        "languages": [{"id": uid("language", n), "code": "en"}],
        "service_areas": [{"id": uid("area", n), "name": "Cheshire West and Chester", "extent_type": "text"}],
        "service_at_locations": [
            {
                "id": uid("sal", n),
                "location": {
                    "id": uid("location", n),
                    "location_type": "physical",
                    "name": f"{town} community centre",
                    "latitude": 53.19 + n / 1000,
                    "longitude": -2.89,
                    "addresses": [
                        {
                            "id": uid("address", n),
                            "address_1": f"{n} High Street",
                            "city": town,
                            "state_province": "Cheshire",
                            "postal_code": POSTCODES[n % len(POSTCODES)],
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
    }
    return data


def main() -> None:
    organisations = []
    for o in range(5):
        organisations.append(
            {
                "id": uid("organization", o),
                "name": f"Example Cheshire Council partner {o + 1}",
                "description": "A voluntary organisation working with the council.",
                "website": f"https://www.example.org/org{o + 1}",
                "services": [],
            }
        )
    services = [service(n, "") for n in range(1, 51)]
    # --- faults that are safely normalised (the service imports, the change is reported) ---
    services[0]["url"] = "www.example.org/no-scheme"  # 1: no scheme
    services[1]["url"] = "http:www.example.org/broken-scheme"  # 2: http: without slashes
    services[2]["languages"] = [
        {"id": uid("l", 3, c), "code": c} for c in ("pol", "urd", "cym")
    ]  # 3: ISO 639-3
    services[3]["languages"] = [{"id": uid("l", 4), "code": "bfi"}]  # British Sign Language, 639-3 only
    services[4]["description"] = (  # 5: HTML, with a script that must go
        "<p>We listen.</p><ul><li>Drop-in on <b>Mondays</b></li><li>Phone &amp; email</li></ul>"
        "<script>alert('x')</script>"
    )
    organisations[1]["description"] = "<p>Run by <em>volunteers</em>.</p>"
    for n in (6, 7, 8):  # 6-8: a location with only a postcode, placed from the postcode table
        location = services[n - 1]["service_at_locations"][0]["location"]
        del location["latitude"], location["longitude"]
    services[8]["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "CH1 9ZZ"
    del services[8]["service_at_locations"][0]["location"]["latitude"]
    del services[8]["service_at_locations"][0]["location"]["longitude"]  # 9: postcode not in the table
    # --- bad records: refused with number, name and reason; the rest import ---
    services[20]["id"] = services[19]["id"]  # 21: duplicate id
    services[21]["name"] = "A" * 400  # 22: over-long name
    services[22]["status"] = "open"  # 23: not an HSDS status
    services[23]["name"] = ""  # 24: no name
    services[24]["phones"][0]["number"] = "call us"  # 25: not a phone number
    services[25]["email"] = "hello at example.org"  # 26: not an email address
    services[26]["service_at_locations"][0]["location"]["latitude"] = 100  # 27: not a latitude
    services[27]["phones"][0]["attributes"] = [  # 28: opening hours that cannot be read
        {
            "id": uid("attr", 28),
            "taxonomy_term": {
                "id": "7a8d21c0-53a4-5490-83df-c4c1cb9242ca",
                "name": "Opening hours",
                "description": "Opening hours",
            },
            "value": "Mondays-ish",
        }
    ]
    services[28]["id"] = "not-a-uuid"  # 29: not a UUID
    services[29]["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] = "ABC 1234"  # 30
    services[30]["url"] = "not a web address"  # 31: cannot be repaired
    services[31]["phones"][0]["id"] = services[10]["phones"][0]["id"]  # 32: phone id of service 11
    services[32]["organization"] = {"id": uid("other-org"), "name": "Stray organisation"}  # kept as given
    # Organisation file with nested services[]: services without their own organisation get the parent.
    for n, item in enumerate(services):
        if "organization" not in item:
            organisations[n % 5]["services"].append(item)
        else:
            organisations[0]["services"].append(item)
    text = json.dumps(organisations, indent=1, ensure_ascii=False)
    Path(__file__).with_name("council_feed.json").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))


if __name__ == "__main__":
    main()
