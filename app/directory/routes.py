"""Directory pages and the Open Referral API."""

from app.directory import models  # noqa: F401
