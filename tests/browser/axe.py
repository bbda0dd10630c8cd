"""Run axe-core (bundled by axe-playwright-python) with the WCAG 2.0/2.1/2.2 A and AA rules."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_axe = Axe()


def axe_violations(page: Page) -> list[str]:
    """One line per violation and node, so a failing assert says what and where."""
    results = _axe.run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    )
    lines = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            lines.append(f"{violation['id']} ({violation['impact']}): {node['target']} – {violation['help']}")
    return lines


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe found {len(violations)} problem(s) on {page.url}:\n" + "\n".join(violations)
