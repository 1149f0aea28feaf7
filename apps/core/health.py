"""Health checks behind ``/healthz``: the database, the cache and the Celery broker.

Each check returns ``(ok, detail)`` and never raises, so one broken service
shows up as a failed line in the report instead of a 500.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not answering"
        return False, type(exc).__name__
    return True, connection.vendor


def check_cache() -> tuple[bool, str]:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=5)
        ok = cache.get(key) == "1"
        cache.delete(key)
    except Exception as exc:
        return False, type(exc).__name__
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    if not ok and getattr(cache, "available", True) is False:
        # ResilientRedisCache answers like an empty cache when Redis is down: say why nothing was read.
        return False, f"{backend}: unavailable"
    return ok, backend if ok else f"{backend}: value not read back"


def check_broker() -> tuple[bool, str]:
    from civic.celery import app

    if app.conf.broker_url.startswith("memory://"):
        # Development without Redis runs tasks in-process: there is no broker to ask.
        return True, "in-process"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return False, type(exc).__name__
    return True, app.conf.broker_url.split("://", 1)[0]


CHECKS: dict[str, Callable[[], tuple[bool, str]]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}


def run_checks() -> dict[str, dict[str, object]]:
    return {name: dict(zip(("ok", "detail"), check(), strict=True)) for name, check in CHECKS.items()}
