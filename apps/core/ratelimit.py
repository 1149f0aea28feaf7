"""A small fixed-window rate limit on the shared cache (Redis in production).

For anti-automation on actions that reveal something or cost staff time
(declaring a residency; later comments, proposals, reports). Business quotas
that must be exact live in the database, not here.
"""

from django.core.cache import cache


def allow(key: str, *, limit: int, period: int) -> bool:
    """Count one attempt under ``key``; False once ``limit`` attempts were made in ``period`` seconds."""
    cache_key = f"ratelimit:{key}"
    if cache.add(cache_key, 1, timeout=period):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=period)
        return True
    return count <= limit
