"""A small fixed-window rate limit on the shared cache (Redis in production).

For anti-automation on actions that reveal something or cost staff time
(declaring a residency; later comments, proposals, reports). Business quotas
that must be exact live in the database, not here.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def allow(key: str, *, limit: int, period: int) -> bool:
    """Count one attempt under ``key``; False once ``limit`` attempts were made in ``period`` seconds.

    Fails open: when the cache cannot be reached the attempt is allowed (and a warning
    logged). A limit that cannot count must not stop a resident's comment or vote; the
    Redis cache backend (``apps.core.cache``) already answers like an empty cache, this
    covers any other backend.
    """
    cache_key = f"ratelimit:{key}"
    try:
        if cache.add(cache_key, 1, timeout=period):
            return True
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.add(cache_key, 1, timeout=period)
            return True
    except Exception as error:  # any cache failure: connection, timeout, serialisation
        logger.warning("Rate limit %s not counted, the cache failed (%r): allowing", key.split(":", 1)[0], error)
        return True
    return count <= limit
