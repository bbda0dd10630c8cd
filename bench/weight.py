"""Page weight: compressed bytes (brotli, as browsers ask for it) of every public page's HTML, CSS and JS.

Pages: every public GET route (from ``app.url_map``), a finder search, a directory filter, a centre's and
a service's page, and every question of a report, check answers and the confirmation, on the demo data.
Budgets: HTML + CSS ≤ 13 KB (DESIGN.md allows 14 KB; the later aim is 13), JS ≤ 20 KB per page.
Run: .venv/bin/python -m bench.weight
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask
from flask.testing import FlaskClient

from bench import common
from bench.journey import ANSWERS, action, token

SKIP_ENDPOINTS = {"main.exit_page", "main.healthz", "static", "assets.hashed"}
BUDGET_HTML_CSS = 13 * 1024
BUDGET_JS = 20 * 1024


def public_pages(app: Flask) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.arguments or "GET" not in (rule.methods or set()) or rule.endpoint in SKIP_ENDPOINTS:
            continue
        if rule.rule.startswith(("/staff", "/api", "/_")) or rule.rule.endswith((".js", ".css")):
            continue
        urls.append(rule.rule)
    return sorted(urls)


def report_pages(client: FlaskClient, weigh: Callable[[str], dict]) -> list[dict]:
    """Walk a report as a person would, weighing each page on arrival; then send it and weigh the
    confirmation (report pages need that browser's draft, so they are weighed in its session)."""
    rows = []
    page = client.get("/report", follow_redirects=True)
    rows.append(weigh("/report"))
    page = client.get("/report/reporting-as", follow_redirects=True)
    for _ in range(25):
        path = page.request.path
        rows.append(weigh(path))
        html = page.get_data(as_text=True)
        if path == "/report/check-answers":
            break
        step = path.rsplit("/", 1)[-1]
        page = client.post(
            action(html), data={"csrf_token": token(html), **ANSWERS[step]}, follow_redirects=True
        )
    done = client.post(action(html), data={"csrf_token": token(html)}, follow_redirects=True)
    rows.append(weigh(done.request.path))
    return rows


def main() -> None:
    from sqlalchemy import select

    from app import create_app
    from app.centres.models import Centre
    from app.directory.models import Service
    from app.extensions import db
    from tests.weight import page_weight
    from tools import provision

    url = common.migrated_database("st_bench_weight")
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "POSTCODE_API_URL": "", "RATELIMIT_ENABLED": False})
        common.quiet()
        with app.app_context():
            slug = db.session.scalar(select(Centre.slug).order_by(Centre.name).limit(1))
            service = db.session.scalar(select(Service.id).where(Service.status == "active").limit(1))
            db.session.remove()
        client = app.test_client()
        from app.main.routes import PAGES

        urls = (
            public_pages(app)
            + [f"/{slug}" for slug in PAGES]
            + [
                "/centres?q=CH1+3BA",
                "/centres?q=CH1+3BA&map=1",
                f"/centres/{slug}",
                "/support?type=emotional-support&strand=race",
                f"/support/{service}",
                "/?lang=cy",
            ]
        )
        # Pages that need a search or a draft (the map document, check answers...) answer 404 or
        # redirect without one: the map is weighed by bench.knn, report pages in the journey below.
        shown = [u for u in urls if not u.startswith("/report") and client.get(u).status_code == 200]
        rows = [weigh(page_weight, client, page_url) for page_url in shown]
        reporter = app.test_client()
        rows += report_pages(reporter, lambda path: weigh(page_weight, reporter, path))
        over = [row for row in rows if row["html_css"] > BUDGET_HTML_CSS or row["js"] > BUDGET_JS]
        common.say(f"{'page':52} {'HTML':>7} {'CSS':>7} {'JS':>7} {'HTML+CSS':>9}")
        for row in rows:
            common.say(
                f"{row['url']:52} {row['html']:7,} {row['css']:7,} {row['js']:7,} {row['html_css']:9,}"
                + ("  over budget" if row in over else "")
            )
        limits = f"HTML+CSS > {BUDGET_HTML_CSS // 1024} KB or JS > {BUDGET_JS // 1024} KB"
        common.say(f"{len(rows)} pages; over budget ({limits}): {len(over)}")
        common.save("weight", {"pages": rows, "over_budget": len(over)})
        with app.app_context():
            db.engine.dispose()
    finally:
        provision.drop_database(url)


def weigh(page_weight, client: FlaskClient, url: str) -> dict:
    weight = page_weight(client, url)
    return {
        "url": urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else ""),
        "html": weight.html,
        "css": weight.css,
        "js": weight.js,
        "html_css": weight.html_css,
    }


if __name__ == "__main__":
    main()
