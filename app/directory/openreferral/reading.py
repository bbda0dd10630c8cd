"""Reading an Open Referral file into the list of service objects it holds, whatever its shape."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

from app.directory.openreferral.records import ImportFailed


def load(path: Path) -> list[Any]:
    """The service objects in an HSDS JSON file: one service, a list, or a page with ``contents``."""
    return load_feed(path)[0]


def load_feed(path: Path) -> tuple[list[Any], list[str]]:
    """The service objects in a file and the changes made while reading it (see :func:`read_feed`)."""
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise ImportFailed([f"{path}: cannot be read ({error})"]) from None
    return read_feed(content, str(path))


def read_feed(content: bytes, name: str) -> tuple[list[Any], list[str]]:
    """Services from a feed's bytes: one service, a list, a page of ``contents``, or organisations whose
    services are nested in ``services[]`` (each then gets its organisation). Also the changes made:
    a UTF-8 byte order mark is skipped and services are taken out of their organisations."""
    changes = []
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
        changes.append(f"{name}: the UTF-8 byte order mark at the start was skipped")
    try:
        data = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ImportFailed([f"{name}: not UTF-8 text (byte {error.start})"]) from None
    except json.JSONDecodeError as error:
        raise ImportFailed(
            [f"{name}: not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"]
        ) from None
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    elif isinstance(data, dict) and not isinstance(data.get("services"), list) and "name" in data:
        data = [data]
    elif isinstance(data, dict) and isinstance(data.get("services"), list):
        data = [data] if _is_organisation(data) else data["services"]
    if not isinstance(data, list):
        raise ImportFailed(
            [f"{name}: expected an HSDS service, a list of services, or a page with 'contents' of services"]
        )
    return _services_of_organisations(data, name, changes), changes


def _is_organisation(item: Any) -> bool:
    return isinstance(item, dict) and isinstance(item.get("services"), list) and "status" not in item


def _services_of_organisations(items: list[Any], name: str, changes: list[str]) -> list[Any]:
    services: list[Any] = []
    for number, item in enumerate(items, 1):
        if not _is_organisation(item):
            services.append(item)
            continue
        organisation = {key: value for key, value in item.items() if key != "services"}
        nested = item["services"]
        for service in nested:
            if isinstance(service, dict) and not isinstance(service.get("organization"), dict):
                service = {**service, "organization": organisation}
            services.append(service)
        changes.append(
            f"{name}: organisation {number} ({str(item.get('name', ''))[:60]}): "
            f"{len(nested)} service(s) taken from its services list"
        )
    return services
