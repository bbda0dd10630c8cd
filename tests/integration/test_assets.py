"""Low bandwidth: hashed, long-cached, compressed static files; page weight within budget."""

from __future__ import annotations

import re

from tests.pages import PageClient
from tests.weight import page_weight

HTML_CSS_BUDGET = 14 * 1024
JS_BUDGET = 20 * 1024


def test_static_files_have_hashed_urls_and_long_cache(pages: PageClient, client) -> None:
    page = pages.get("/")
    stylesheet = page.select("link", rel="stylesheet")[0].get("href")
    script = next(s.get("src") for s in page.doc.iter("script"))
    for url in (stylesheet, script):
        assert re.match(r"^/assets/[0-9a-f]{12}/", url), url
        response = client.get(url, headers={"Accept-Encoding": "br"})
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["Content-Encoding"] == "br"


def test_stale_hash_is_served_but_not_cached_for_long(client) -> None:
    response = client.get("/assets/000000000000/css/main.css")
    assert response.status_code == 200
    assert "immutable" not in response.headers["Cache-Control"]


def test_no_web_fonts_or_cdn(client) -> None:
    css = client.get("/static/css/main.css").get_data(as_text=True)
    assert "@font-face" not in css
    assert not re.search(r"url\([\"']?(https?:)?//", css), "nothing loaded from another site"


def test_home_page_is_within_the_slow_link_budget(client) -> None:
    weight = page_weight(client, "/")
    assert weight.html_css <= HTML_CSS_BUDGET, f"home page HTML+CSS is {weight.html_css} bytes compressed"
    assert weight.js <= JS_BUDGET, f"home page JS is {weight.js} bytes compressed"
