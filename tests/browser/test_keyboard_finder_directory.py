"""The finder and the directory with a keyboard only (Tab, Shift+Tab, Enter, Space), in Chromium.

At every stop: the focus is visible (outline, box-shadow or the yellow background, on the element or on
the drawn radio/checkbox) and not hidden behind the sticky "Exit this page" button. After each HTMX swap
the focus lands where a page load would put the user: the results heading, count or error summary.
The report journey by keyboard is in test_report_browser.py.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

#: What the focused element looks like, and whether something sticky covers it.
FOCUS_STATE = """() => {
  const el = document.activeElement
  if (!el || el === document.body) return {name: 'nothing', visible: false, covered: false}
  // Inside the optional map (its own document, Leaflet's focus styles): a known gap, see the statement.
  if (el.tagName === 'IFRAME') return {name: 'map', visible: true, covered: false}
  // GOV.UK radios and checkboxes draw their focus ring on the label's ::before (the input is invisible).
  const choice = el.matches('.govuk-radios__input, .govuk-checkboxes__input')
  const drawn = choice ? [el.nextElementSibling, '::before'] : [el, null]
  const style = getComputedStyle(drawn[0], drawn[1])
  const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 &&
    !/rgba\\(0, 0, 0, 0\\)|transparent/.test(style.outlineColor)
  const shadow = style.boxShadow && style.boxShadow !== 'none'
  const yellow = style.backgroundColor === 'rgb(255, 221, 0)'
  const box = el.getBoundingClientRect()
  let covered = false
  const exit = document.querySelector('.govuk-exit-this-page')
  if (exit && !exit.contains(el)) {
    const e = exit.getBoundingClientRect()
    const x = Math.max(box.left, Math.min(box.left + box.width / 2, innerWidth - 1))
    const y = Math.max(box.top, Math.min(box.top + box.height / 2, innerHeight - 1))
    const top = document.elementFromPoint(x, y)
    covered = !!top && exit.contains(top) && e.height > 0
  }
  const name = (el.getAttribute('aria-label') || el.innerText || el.value || el.id || el.tagName).trim()
  return {name: name.slice(0, 50), visible: ring || shadow || yellow, covered}
}"""


def check_focus(page: Page, where: str) -> str:
    """The focused element's name, after checking it can be seen."""
    state = page.evaluate(FOCUS_STATE)
    assert state["visible"], f"{where}: focus on {state['name']!r} is not visible"
    assert not state["covered"], f"{where}: {state['name']!r} is hidden behind 'Exit this page'"
    return state["name"]


def tab_to(page: Page, selector: str, where: str, backwards: bool = False, limit: int = 120) -> None:
    """Tab (or Shift+Tab) until the focus is on ``selector``, checking every stop on the way."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            check_focus(page, where)
            return
        if page.evaluate("() => document.activeElement !== document.body"):
            check_focus(page, where)
    raise AssertionError(f"{where}: {selector} cannot be reached with the keyboard")


def focused_text(page: Page) -> str:
    return page.evaluate("() => document.activeElement.innerText.trim()")


def test_finder_by_keyboard(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 1024, "height": 600})  # short: long pages scroll under the sticky button
    page.goto(f"{live_server}/centres")
    tab_to(page, "#q", "finder")
    page.keyboard.type("CH1 3BA")
    page.keyboard.press("Enter")
    heading = page.get_by_role("heading", name="Reporting centres near CH1 3BA")
    expect(heading).to_be_focused()
    expect(page).to_have_url(re.compile(r"/centres\?q=CH1(\+|%20)3BA"))

    # Every stop in the results, to the footer: visible and never under the sticky exit button.
    tab_to(page, "footer a[href$='/accessibility']", "finder results")
    tab_to(page, "a[href*='map=1']", "finder results", backwards=True)
    page.keyboard.press("Enter")  # Show map: swapped in, focus back on the results heading
    expect(page.frame_locator("iframe").locator(".leaflet-container")).to_be_visible()
    expect(heading).to_be_focused()

    tab_to(page, ".st-centres__item summary", "finder results")
    page.keyboard.press("Space")  # a centre's opening times unfold
    expect(page.locator(".st-centres__item details").first).to_have_attribute("open", "")
    tab_to(page, ".st-centres__item h3 a", "finder results")
    name = focused_text(page)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(name)

    # A search that finds nothing: the error summary takes the focus; its link moves it to the field.
    page.goto(f"{live_server}/centres")
    tab_to(page, "#q", "finder")
    page.keyboard.type("!!")
    tab_to(page, "form button[type=submit]:not([name])", "finder")
    page.keyboard.press("Space")
    summary = page.locator(".govuk-error-summary[data-module]")
    expect(summary).to_be_focused()
    tab_to(page, ".govuk-error-summary__list a", "finder error")
    page.keyboard.press("Enter")
    expect(page.locator("#q")).to_be_focused()


def test_directory_by_keyboard(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 1024, "height": 600})
    page.goto(f"{live_server}/support")
    status = page.locator("#st-results-status")
    tab_to(page, "input[name=type][value=legal-advice]", "directory")
    page.keyboard.press("Space")
    # Filtering on change updates the count (a live region) but leaves the focus where the user is.
    expect(status).to_have_text("1 service found")
    expect(page.locator("input[name=type][value=legal-advice]")).to_be_focused()
    expect(page).to_have_url(re.compile(r"type=legal-advice"))

    page.keyboard.press("Space")  # untick
    expect(status).not_to_have_text("1 service found")
    tab_to(page, "form button.govuk-button:not([hidden])", "directory")
    page.keyboard.press("Enter")  # asking for the results moves the focus to their count
    expect(status).to_be_focused()
    tab_to(page, "#st-results a", "directory results")
    name = focused_text(page)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text(name)
    tab_to(page, "footer a[href$='/accessibility']", "service page")
    tab_to(page, ".govuk-back-link, a[href^='/support']", "service page", backwards=True)
