"""House rules for the code itself: modules small enough to find one's way in, comments that stand alone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
MAX_LINES = 500
#: Pointers a reader of the repository cannot follow: issue numbers, the team's shared folder, design
#: notes kept outside the repository.
OUTSIDE = re.compile(r"\b[Ii]ssues? #?\d+|\.\./shared|/work/|\bDESIGN\.md\b|\bSTYLE\.md\b")


def app_modules() -> list[Path]:
    return sorted(p for p in APP.rglob("*.py") if "translations" not in p.parts)


def test_no_module_in_app_is_over_500_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in app_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these by topic (at most {MAX_LINES} lines each): {long}"


def test_comments_and_docstrings_point_only_inside_the_repository() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in [*app_modules(), *sorted((ROOT / "tools").rglob("*.py"))]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OUTSIDE.search(line)
    ]
    assert not found, "say what the code does instead:\n" + "\n".join(found)
