"""gunicorn settings: workers = 2 × cores + 1, behind a TLS-terminating proxy in production.

Logs: the app writes one JSON line per request itself (app/logging.py: request id, method, path without
the query string, status, duration), so gunicorn's own access log is off unless GUNICORN_ACCESSLOG=1;
gunicorn's error log is JSON too. See docs/operations.md.
"""

import multiprocessing
import os

# scripts/run passes --bind; this is the default for a bare `gunicorn -c gunicorn.conf.py wsgi:app`.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:5000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 30
graceful_timeout = 20
keepalive = 5
# Heartbeat files in memory: a slow or full disk must not make the arbiter kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (heartbeats only)
# Refuse oversized request lines and headers early (defaults made explicit).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

access_on = os.environ.get("GUNICORN_ACCESSLOG", "0") == "1"
accesslog = "-" if access_on else None
# No query strings (%(U)s is the path only): a search may hold someone's postcode. Set even when the
# access log is off, because gunicorn still formats access lines whenever logconfig_dict is set.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "app.logging.JsonFormatter"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
    },
    "root": {"level": "WARNING", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["stderr"] if access_on else [], "level": "INFO", "propagate": False},
    },
}
# No control socket: several instances (and the benchmarks) may run on one machine as one user.
control_socket_disable = True
# Only the local proxy may say which client and scheme a request came from.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
