"""A Redis cache that fails open: when Redis is down the site works as if the cache were empty.

Everything this project keeps in the cache can be lost without harm — rate-limit
counters (``apps.core.ratelimit``, allauth's login limits and their short locks),
TOTP replay markers — so an unreachable Redis must not turn every write into an
error page. :class:`ResilientRedisCache` is Django's ``RedisCache`` whose
operations catch Redis connection and timeout errors, log a warning (at most
once every :attr:`~ResilientRedisCache.warning_interval` seconds per process)
and answer like an empty cache: ``get`` gives the default, ``add`` succeeds,
``set``/``delete`` do nothing, ``incr`` raises ``ValueError`` as for a missing
key.

A circuit breaker keeps a dead or blackholed Redis from costing the socket
timeout on every call: after a failure no call goes to Redis for
:attr:`~ResilientRedisCache.breaker_seconds`; the first call after that tries
again (and closes the breaker if Redis answers).

The trade-off, accepted on purpose: while Redis is down, rate limits do not
limit and a TOTP code could be replayed within its 30 s window. ``/healthz``
still reports the cache as failing, so an operator sees the outage.

Both intervals can be set in ``OPTIONS`` (``BREAKER_SECONDS``, ``WARNING_INTERVAL``).
"""

from __future__ import annotations

import logging
import threading
from time import monotonic

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import InvalidResponse, OutOfMemoryError, ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

#: What redis-py raises when the server cannot be reached or does not answer in time
#: (socket errors are wrapped into these; ``BusyLoadingError`` and ``AuthenticationError``
#: are connection errors), when something other than Redis answers on its port
#: (``InvalidResponse``: a proxy, a wrong URL), and when Redis refuses writes for a while
#: (a replica after a failover, ``maxmemory`` reached with ``noeviction``). Other command
#: errors are mistakes in the code and still raise.
UNAVAILABLE_ERRORS: tuple[type[BaseException], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    InvalidResponse,
    ReadOnlyError,
    OutOfMemoryError,
)

_UNAVAILABLE = object()


class LogThrottle:
    """Logs a warning at most once per ``interval`` seconds, counting the ones it held back."""

    def __init__(self, interval: float):
        self.interval = interval
        self._lock = threading.Lock()
        self._last: float | None = None
        self._suppressed = 0

    def warning(self, log: logging.Logger, message: str, *args) -> bool:
        now = monotonic()
        with self._lock:
            if self._last is not None and now - self._last < self.interval:
                self._suppressed += 1
                return False
            suppressed, self._suppressed, self._last = self._suppressed, 0, now
        if suppressed:
            message += " (%d similar warning(s) held back)"
            args = (*args, suppressed)
        log.warning(message, *args)
        return True


class CircuitBreaker:
    """Shared by every thread of the process that talks to one Redis location."""

    def __init__(self, location: str, *, seconds: float, warning_interval: float):
        self.location = location
        self.seconds = seconds
        self.throttle = LogThrottle(warning_interval)
        self.open_until = 0.0
        self.failing = False

    def is_open(self) -> bool:
        return self.failing and monotonic() < self.open_until

    def trip(self, error: BaseException, operation: str) -> None:
        self.open_until = monotonic() + self.seconds
        self.failing = True
        self.throttle.warning(
            logger,
            "Redis cache unavailable (%s: %r): answering as an empty cache, next try in %s s",
            operation,
            error,
            self.seconds,
        )

    def succeeded(self) -> None:
        if self.failing:
            self.failing = False
            logger.info("Redis cache answers again")


_breakers: dict[tuple, CircuitBreaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(location: str, *, seconds: float, warning_interval: float) -> CircuitBreaker:
    # Django makes one cache object per thread: the breaker must be per process.
    key = (location, seconds, warning_interval)
    with _breakers_lock:
        if key not in _breakers:
            _breakers[key] = CircuitBreaker(location, seconds=seconds, warning_interval=warning_interval)
        return _breakers[key]


def reset_breakers() -> None:
    """Forget every failure seen so far (tests)."""
    with _breakers_lock:
        _breakers.clear()


class ResilientRedisCache(RedisCache):
    #: After a failure, calls do not go to Redis for this many seconds.
    breaker_seconds: float = 5.0
    #: At most one "Redis unavailable" warning per this many seconds and process.
    warning_interval: float = 30.0

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        breaker_seconds = float(options.pop("BREAKER_SECONDS", self.breaker_seconds))
        warning_interval = float(options.pop("WARNING_INTERVAL", self.warning_interval))
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker_seconds, self.warning_interval = breaker_seconds, warning_interval
        self._breaker = _breaker_for(
            ",".join(self._servers), seconds=breaker_seconds, warning_interval=warning_interval
        )

    def _run(self, operation, name: str, *args):
        """``operation(*args)``, or ``_UNAVAILABLE`` when Redis cannot be reached (now or a moment ago)."""
        if self._breaker.is_open():
            return _UNAVAILABLE
        try:
            result = operation(*args)
        except UNAVAILABLE_ERRORS as error:
            self._breaker.trip(error, name)
            return _UNAVAILABLE
        self._breaker.succeeded()
        return result

    @property
    def available(self) -> bool:
        """False while the breaker is open (Redis failed a moment ago)."""
        return not self._breaker.is_open()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        result = self._run(super().add, "add", key, value, timeout, version)
        # Nothing is stored, yet the caller may go on as if it were: a lock is
        # "taken", a first rate-limit hit is counted.
        return True if result is _UNAVAILABLE else result

    def get(self, key, default=None, version=None):
        result = self._run(super().get, "get", key, default, version)
        return default if result is _UNAVAILABLE else result

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._run(super().set, "set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        result = self._run(super().touch, "touch", key, timeout, version)
        return False if result is _UNAVAILABLE else result

    def delete(self, key, version=None):
        result = self._run(super().delete, "delete", key, version)
        return False if result is _UNAVAILABLE else result

    def get_many(self, keys, version=None):
        result = self._run(super().get_many, "get_many", keys, version)
        return {} if result is _UNAVAILABLE else result

    def has_key(self, key, version=None):
        result = self._run(super().has_key, "has_key", key, version)
        return False if result is _UNAVAILABLE else result

    def incr(self, key, delta=1, version=None):
        result = self._run(super().incr, "incr", key, delta, version)
        if result is _UNAVAILABLE:
            raise ValueError(f"Key '{key}' not found (the Redis cache is unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        result = self._run(super().set_many, "set_many", data, timeout, version)
        # set_many returns the keys that could not be stored: all of them.
        return list(data) if result is _UNAVAILABLE else result

    def delete_many(self, keys, version=None):
        self._run(super().delete_many, "delete_many", keys, version)

    def clear(self):
        result = self._run(super().clear, "clear")
        return False if result is _UNAVAILABLE else result
