"""Validation of records against the HSDS 3.0 JSON schemas shipped with the app (see hsds3/README.md)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).parent / "hsds3"


@cache
def validator(name: str = "service") -> Draft202012Validator:
    """A validator for one HSDS object, its relative ``$ref``s ("phone.json") resolved from our copies."""
    schemas = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in SCHEMAS.glob("*.json")}
    registry = Registry().with_resources(
        (file, Resource.from_contents(schema, default_specification=DRAFT202012))
        for file, schema in schemas.items()
    )
    return Draft202012Validator(schemas[f"{name}.json"], registry=registry, format_checker=FormatChecker())


def path_text(path: Any) -> str:
    """``['phones', 0, 'number']`` as ``phones[0] number``, the way the checker names places."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f" {part}"
    return text.strip()


def _message(error: ValidationError) -> tuple[str, str]:
    where = path_text(error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"{where} {missing}".strip(), "is missing (HSDS 3.0 requires it)"
    if error.validator == "type":
        return where, f"must be {error.validator_value} in HSDS 3.0, not {type(error.instance).__name__}"
    if error.validator == "format":
        return where, f"{error.instance!r} is not a valid {error.validator_value} (HSDS 3.0 format)"
    message = error.message
    return where, message if len(message) <= 200 else message[:197] + "..."


def problems(item: dict, name: str = "service") -> list[tuple[str, str]]:
    """(where, message) for each way ``item`` breaks the HSDS 3.0 schema of ``name``, in document order."""
    found = sorted(validator(name).iter_errors(item), key=lambda error: list(map(str, error.absolute_path)))
    return [_message(error) for error in found]
