"""Every public page in Chromium: axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) in en/cy/pl; reduced motion.

One browser context per language (JavaScript on), looping over the pages of ``tests/public_pages.py``.
Urdu, the report's questions, reflow and target size are in test_a11y_report.py (the other worker
runs them at the same time).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page

from tests.browser.axe import WCAG_TAGS, _axe
from tests.browser.conftest import new_context
from tests.public_pages import LANGUAGES, PAGES, RTL, service_path, with_lang

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def axe_violations(page: Page) -> list[str]:
    """tests/browser/axe.py's check, injecting axe-core only once per document (HTMX swaps keep it)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe.axe_script)
    found = page.evaluate("options => axe.run(document, options).then((r) => r.violations)", AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {node['target']} – {v['help']}" for v in found for node in v["nodes"]
    ]


#: Pages whose folded-away parts (<details>) are checked open too: the finder's filters, and a centre's
#: opening hours (the same table every result in a list folds away, so lists are checked folded).
UNFOLD = {"finder", "centre", "support service"}


@pytest.fixture(scope="module")
def base(live_server: str, live_app: Flask) -> str:
    live_app.config["LANGUAGES"] = LANGUAGES
    return live_server


@pytest.fixture(scope="module")
def urls(base: str, browser: Browser) -> dict[str, str]:
    """Every public page (without a draft), by name, including a service page from the demo data."""
    context = new_context(browser)
    page = context.new_page()
    page.goto(f"{base}/support")
    found = {**PAGES, "support service": service_path(page.content())}
    context.close()
    return found


def open_details(page: Page) -> None:
    """Check what is folded away too (opening hours, filters)."""
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true })")


def in_language(browser: Browser, lang: str, **options: object) -> Iterator[Page]:
    context = new_context(browser, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def public_page_problems(browser: Browser, base: str, urls: dict[str, str], lang: str) -> list[str]:
    """Axe on every public page in ``lang`` (one browser context), and the page's lang and dir."""
    problems: list[str] = []
    for page in in_language(browser, lang):
        for name, path in urls.items():
            page.goto(f"{base}{with_lang(path, lang)}")
            html = page.locator("html")
            assert html.get_attribute("lang") == lang, f"{name}: lang"
            assert html.get_attribute("dir") == ("rtl" if lang in RTL else "ltr"), f"{name}: dir"
            if name in UNFOLD:
                open_details(page)
            problems += [f"{name}: {v}" for v in axe_violations(page)]
    return problems


# Urdu is checked in test_a11y_report.py, so the two files take about as long (they run in parallel).
@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "ur"])
def test_every_public_page_passes_axe(browser: Browser, base: str, urls: dict[str, str], lang: str) -> None:
    problems = public_page_problems(browser, base, urls, lang)
    assert not problems, f"{lang}: {len(problems)} axe violation(s):\n" + "\n".join(problems)


#: Transitions and animations longer than 10 ms on any element (and its ::before/::after) of the page.
MOVING = """() => {
  const ms = (v) => parseFloat(v) * (v.trim().endsWith('ms') ? 1 : 1000)
  const slow = (value) => value.split(',').some((v) => ms(v) > 10)
  const found = []
  for (const el of document.querySelectorAll('body *')) {
    for (const pseudo of [null, '::before', '::after']) {
      const style = getComputedStyle(el, pseudo)
      const animated = style.animationName !== 'none' && slow(style.animationDuration)
      if (slow(style.transitionDuration) || animated) {
        found.push(`${el.tagName.toLowerCase()}.${el.className}${pseudo || ''}`)
      }
    }
  }
  return found
}"""


def test_nothing_moves_when_the_user_asks_for_reduced_motion(browser: Browser, live_server: str) -> None:
    context = new_context(browser, reduced_motion="reduce")
    page = context.new_page()
    moving: dict[str, list[str]] = {}
    try:
        for name in ("home", "finder results", "centre", "support directory", "report start"):
            page.goto(f"{live_server}{PAGES[name]}")
            open_details(page)
            # htmx's loading indicator fades in while a request runs (it would move without the setting).
            page.evaluate(
                "() => { document.body.classList.add('htmx-request');"
                " document.querySelector('main').append(Object.assign(document.createElement('span'),"
                " {className: 'htmx-indicator', textContent: '…'})) }"
            )
            found = page.evaluate(MOVING)
            if found:
                moving[name] = found
    finally:
        context.close()
    assert not moving, f"movement despite prefers-reduced-motion: {moving}"
