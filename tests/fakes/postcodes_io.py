"""A fake postcodes.io on 127.0.0.1 in a thread: known postcodes answer 200, others 404; it can also
fail (HTTP 500) or hang past the client's timeout, to test outages."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote


class FakePostcodesIO:
    def __init__(
        self, postcodes: dict[str, tuple[float, float, str]], outcodes: dict[str, tuple[float, float]]
    ):
        self.postcodes = {key.replace(" ", "").upper(): (key, *value) for key, value in postcodes.items()}
        self.outcodes = outcodes
        self.mode = "ok"  # "ok" | "error" | "slow"
        self.requests: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.requests.append(self.path)
                if fake.mode == "slow":
                    time.sleep(3)
                if fake.mode == "error":
                    return self._send(500, {"status": 500, "error": "Internal server error"})
                kind, _slash, key = unquote(self.path).strip("/").partition("/")
                key = key.replace(" ", "").upper()
                if kind == "postcodes" and key in fake.postcodes:
                    name, lat, lon, district = fake.postcodes[key]
                    result = {"postcode": name, "latitude": lat, "longitude": lon, "admin_district": district}
                    return self._send(200, {"status": 200, "result": result})
                if kind == "outcodes" and key in fake.outcodes:
                    lat, lon = fake.outcodes[key]
                    return self._send(
                        200, {"status": 200, "result": {"outcode": key, "latitude": lat, "longitude": lon}}
                    )
                return self._send(404, {"status": 404, "error": "Postcode not found"})

            def _send(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (timeout test)
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakePostcodesIO:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
