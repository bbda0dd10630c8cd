"""Static files under content-hashed URLs: cached for a year, compressed once (brotli or gzip) and kept."""

from __future__ import annotations

import gzip
import hashlib
from functools import cache, lru_cache
from pathlib import Path

import brotli
from flask import Blueprint, Flask, Response, abort, current_app, request, send_from_directory, url_for

bp = Blueprint("assets", __name__)
ONE_YEAR = 365 * 24 * 3600
COMPRESSIBLE = {".css", ".js", ".svg", ".json", ".txt", ".html"}
#: Each public section's own, smaller stylesheet (only the components its pages use, built from
#: assets/scss/<name>.scss); pages of any other blueprint (staff) load the full css/main.css.
SECTION_STYLESHEETS = {
    "main": "css/site.css",
    "centres": "css/centres.css",
    "report": "css/report.css",
    "directory": "css/directory.css",
}


@cache
def _digest(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def digest(filename: str) -> str:
    path = Path(current_app.static_folder or "") / filename
    if not path.is_file():
        raise FileNotFoundError(f"static/{filename} does not exist")
    return _digest(str(path), path.stat().st_mtime_ns)


def asset_url(filename: str) -> str:
    """URL of a static file that changes whenever the file's content does."""
    return url_for("assets.hashed", version=digest(filename), filename=filename)


def stylesheet_url() -> str:
    """URL of the stylesheet for the page being rendered: its section's own sheet, else the full one."""
    return asset_url(SECTION_STYLESHEETS.get(request.blueprint or "", "css/main.css"))


@bp.get("/assets/<version>/<path:filename>")
def hashed(version: str, filename: str) -> Response:
    folder = current_app.static_folder or ""
    if not (Path(folder) / filename).is_file():
        abort(404)
    # An old version (during a deploy) is still served, but not cached for long.
    fresh = digest(filename) == version
    response = send_from_directory(folder, filename, max_age=ONE_YEAR if fresh else 300)
    encoding = _best_encoding(filename)
    if encoding:
        path = Path(folder) / filename
        response.direct_passthrough = False
        response.set_data(_compressed(str(path), path.stat().st_mtime_ns, encoding))
        response.headers["Content-Encoding"] = encoding
        response.vary.add("Accept-Encoding")
    if fresh:
        response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def _best_encoding(filename: str) -> str | None:
    if Path(filename).suffix not in COMPRESSIBLE:
        return None
    accepted = request.accept_encodings
    return "br" if accepted["br"] else "gzip" if accepted["gzip"] else None


@lru_cache(maxsize=64)
def _compressed(path: str, mtime_ns: int, encoding: str) -> bytes:
    """Static files are compressed once, at the highest level, and kept (they rarely change)."""
    data = Path(path).read_bytes()
    return brotli.compress(data, quality=11) if encoding == "br" else gzip.compress(data, 9, mtime=0)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.add_template_global(asset_url)
    app.add_template_global(stylesheet_url)
