"""Every translatable string is in every catalogue, translated (or marked for review) and safe to format."""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"
CATALOGUES = sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))
#: The translator comment that lets a string stay untranslated (English shows) until a native speaker
#: has written or checked it.
REVIEW_MARK = "needs-native-review"
#: The same keywords scripts/translations gives pybabel.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
#: GOV.UK Frontend's own placeholders (character count messages handed to its JavaScript): %{count}.
GOVUK_PLACEHOLDER = re.compile(r"%\{(\w+)\}")
#: %(name)s, %d, %s… ("%%" is a literal percent sign).
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?([diouxXeEfFgGcrs%])")


@cache
def source_messages() -> dict[str, tuple[str, ...]]:
    """msgid → where it is used, extracted from the code with babel.cfg (as scripts/translations does)."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return {msgid: tuple(places) for msgid, places in found.items()}


def load(path: Path) -> Catalog:
    with open(path, "rb") as po:
        return read_po(po, abort_invalid=True)


def language(path: Path) -> str:
    return path.parents[1].name


def placeholders(text: str) -> tuple[set[str], int]:
    """Named placeholders (``%(name)s`` and GOV.UK's ``%{name}``), and how many positional ones (%s, %d…)."""
    named, positional = {f"{{{name}}}" for name in GOVUK_PLACEHOLDER.findall(text)}, 0
    for name, conversion in PLACEHOLDER.findall(GOVUK_PLACEHOLDER.sub("", text)):
        if conversion == "%":
            continue
        if name:
            named.add(name)
        else:
            positional += 1
    return named, positional


def formats(text: str) -> bool:
    return "%" in text


def format_problems(message: Message) -> list[str]:
    """Translations that would break or lose information when the app fills in their placeholders."""
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    if not any(formats(i) for i in ids):
        return []
    wanted_named: set[str] = set()
    wanted_positional = 0
    for msgid in ids:
        named, positional = placeholders(msgid)
        wanted_named |= named
        wanted_positional = max(wanted_positional, positional)
    problems = []
    plural = len(ids) > 1
    for index, msgstr in enumerate(strings):
        if not msgstr:
            continue
        named, positional = placeholders(msgstr)
        extra = named - wanted_named
        # A plural form may leave out the count ("one centre"); everything else must be kept.
        missing = wanted_named - named - ({"num", "{count}"} if plural else set())
        if extra:
            problems.append(f"form {index} has placeholders the code does not give: {sorted(extra)}")
        if missing:
            problems.append(f"form {index} drops placeholders: {sorted(missing)}")
        if positional != wanted_positional and not (plural and positional < wanted_positional):
            problems.append(
                f"form {index} has {positional} positional placeholders, msgid {wanted_positional}"
            )
        if python_formatted(ids[0]) and not python_formatted(msgstr):
            problems.append(f"form {index} cannot be %-formatted as the msgid can: write a literal % as %%")
    return problems


def python_formatted(text: str) -> bool:
    """True if the text survives the %-formatting Jinja's gettext (and ours, with arguments) applies."""
    names, positional = placeholders(text)
    names = {name for name in names if not name.startswith("{")}
    text = GOVUK_PLACEHOLDER.sub("", text)
    try:
        text % (dict.fromkeys(names | {"num"}, 1) if names or not positional else tuple([1] * positional))
    except (KeyError, ValueError, TypeError):
        return False
    return True


def test_the_code_has_strings_to_translate() -> None:
    messages = source_messages()
    assert len(messages) > 300, f"only {len(messages)} strings extracted: is babel.cfg right?"
    assert "Skip to main content" in messages
    assert "Who are you in this report?" in messages  # a lazy_gettext (_l) string


def test_there_are_catalogues_for_every_offered_language() -> None:
    assert {language(path) for path in CATALOGUES} >= {"cy", "pl", "ur"}


@pytest.mark.parametrize("path", CATALOGUES, ids=language)
def test_catalogue_is_complete_translated_and_safe(path: Path) -> None:
    catalogue = load(path)
    lang = language(path)
    problems: list[str] = []

    missing = [msgid for msgid in source_messages() if msgid not in catalogue]
    problems += [f"missing: {msgid!r} (used in {source_messages()[msgid][0]})" for msgid in missing]

    for message in catalogue:
        if not message.id:
            continue  # the header
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        if message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        untranslated = not all(strings)
        marked = any(REVIEW_MARK in comment for comment in message.user_comments)
        if untranslated and not marked:
            problems.append(f"untranslated and not marked '# {REVIEW_MARK}': {msgid!r}")
        problems += [f"{msgid!r}: {problem}" for problem in format_problems(message)]
        if isinstance(message.id, tuple) and len(strings) != catalogue.num_plurals:
            problems.append(
                f"{msgid!r}: {len(strings)} plural forms, the language has {catalogue.num_plurals}"
            )

    # Babel's own checks (plural forms, python-format) and the compiled file.
    for message, errors in catalogue.check():
        problems += [f"{message.id!r}: {error}" for error in errors]
    write_mo(io.BytesIO(), catalogue)

    assert not problems, f"{lang}: {len(problems)} problem(s) in {path.relative_to(ROOT)}:\n" + "\n".join(
        problems[:80]
    )
