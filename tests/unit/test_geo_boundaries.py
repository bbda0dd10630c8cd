"""The shared geography package stands on its own: no module in it imports a feature."""

from __future__ import annotations

import ast
from pathlib import Path

FEATURES = ("app.centres", "app.report", "app.directory", "app.staff")
GEO = Path(__file__).resolve().parents[2] / "app" / "geo"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_geo_imports_no_feature() -> None:
    modules = sorted(GEO.glob("*.py"))
    assert len(modules) >= 8
    offending = {
        path.name: sorted(name for name in _imports(path) if name.startswith(FEATURES)) for path in modules
    }
    assert {name: found for name, found in offending.items() if found} == {}
