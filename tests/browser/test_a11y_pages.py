"""Every public page in Chromium: axe (WCAG 2.2 A/AA) in en/cy/pl, reflow, target size, reduced motion.

One browser context per language (JavaScript on), looping over the pages of ``tests/public_pages.py``.
Urdu and the report's questions are in test_a11y_report.py (the other worker runs them meanwhile).
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


#: With JavaScript switched off in the browser, the page's timers never fire, and axe.run waits on
#: setTimeout between its checks: for the run, axe's timers are made microtasks (no page script runs
#: there, so what axe sees is what a browser without JavaScript shows).
RUN_WITHOUT_TIMERS = """options => {
  const later = window.setTimeout;
  window.setTimeout = (fn, ms, ...args) => { Promise.resolve().then(() => fn(...args)); return 0; };
  return axe.run(document, options).then((r) => r.violations).finally(() => { window.setTimeout = later; });
}"""


def axe_violations(page: Page, javascript: bool = True) -> list[str]:
    """tests/browser/axe.py's check, injecting axe-core only once per document (HTMX swaps keep it).
    ``javascript``: False for a context made with ``java_script_enabled=False``."""
    # After an HX-Redirect the URL changes before the new page has its stylesheet: let it load first.
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe.axe_script)
    if javascript:
        found = page.evaluate("options => axe.run(document, options).then((r) => r.violations)", AXE_OPTIONS)
    else:
        found = page.evaluate(RUN_WITHOUT_TIMERS, AXE_OPTIONS)
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


#: Every link, button and control a pointer can hit that is smaller than 24 x 24 CSS px and is not
#: excused by WCAG 2.5.8: a link inside a sentence (the line height of the text around it limits it),
#: or a target with a 24 px circle around its centre that touches no other target.
UNDERSIZED_TARGETS = """() => {
  const targets = [...document.querySelectorAll(
    'a[href], button, summary, select, input:not([type=hidden]), textarea, [role=button], [tabindex="0"]'
  )].filter((el) => {
    const box = el.getBoundingClientRect()
    // (1 x 1 px: visually hidden until focused, like the skip links)
    return box.width > 1 && box.height > 1 && getComputedStyle(el).visibility !== 'hidden' &&
      !el.closest('[hidden], .govuk-visually-hidden')
  })
  // GOV.UK radios and checkboxes: the real input is an invisible 44 px box over the drawn one.
  const boxes = targets.map((el) => el.getBoundingClientRect())
  const inSentence = (el) => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false
    const block = el.closest('p, li, dd, td, th, div, span, label, legend')
    if (!block) return false
    const own = (el.textContent || '').trim()
    const all = (block.textContent || '').replace(/\\s+/g, ' ').trim()
    return all.length > own.length
  }
  const small = boxes.map((b) => b.width < 24 || b.height < 24)
  const centre = (b) => [b.left + b.width / 2, b.top + b.height / 2]
  const spaced = (i) => {
    const [cx, cy] = centre(boxes[i])
    return boxes.every((b, j) => {
      if (j === i || targets[j].contains(targets[i]) || targets[i].contains(targets[j])) return true
      const dx = Math.max(b.left - cx, 0, cx - b.right)
      const dy = Math.max(b.top - cy, 0, cy - b.bottom)
      if (Math.hypot(dx, dy) < 12) return false // its 24 px circle would overlap the other target
      const [ox, oy] = centre(b)
      return !small[j] || Math.hypot(ox - cx, oy - cy) >= 24 // or the other small target's circle
    })
  }
  return targets.flatMap((el, i) => {
    const box = boxes[i]
    if ((box.width >= 24 && box.height >= 24) || inSentence(el) || spaced(i)) return []
    const name = (el.getAttribute('aria-label') || el.textContent || el.name || el.id || '').trim()
    const size = `${Math.round(box.width)}x${Math.round(box.height)}`
    return [`${el.tagName.toLowerCase()} "${name.slice(0, 40)}" ${size}`]
  })
}"""
#: True if the page can be scrolled sideways (content wider than the viewport).
SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth"


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_every_public_page_reflows_at_320px_and_has_big_enough_targets(
    browser: Browser,
    base: str,
    urls: dict[str, str],
    lang: str,
) -> None:
    """WCAG 1.4.10 (400% zoom of a 1280 px screen = 320 CSS px) and 2.5.8, left to right and right to left."""
    sideways: list[str] = []
    small: list[str] = []
    for page in in_language(browser, lang, viewport={"width": 320, "height": 640}):
        for name, path in urls.items():
            page.goto(f"{base}{with_lang(path, lang)}")
            open_details(page)
            if page.evaluate(SCROLLS_SIDEWAYS):
                width = page.evaluate("document.documentElement.scrollWidth")
                sideways.append(f"{name}: {width} px wide")
            small += [f"{name}: {target}" for target in page.evaluate(UNDERSIZED_TARGETS)]
        # The checks themselves: a long unbreakable line and two bare checkboxes (13 px) side by side.
        page.evaluate(
            "() => { const main = document.querySelector('main');"
            " main.appendChild(document.createElement('pre')).textContent = 'x'.repeat(120);"
            " const p = main.appendChild(document.createElement('p'));"
            " p.innerHTML = '<input type=checkbox><input type=checkbox>' }"
        )
        assert page.evaluate(SCROLLS_SIDEWAYS), "the reflow check cannot fail"
        assert len(page.evaluate(UNDERSIZED_TARGETS)) == 2, "the target size check cannot fail"
    assert not sideways, f"{lang}: pages scroll sideways at 320 px:\n" + "\n".join(sideways)
    assert not small, f"{lang}: targets under 24 x 24 px:\n" + "\n".join(small)


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
