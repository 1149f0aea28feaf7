"""The Redis cache fails open: an unreachable Redis answers like an empty cache, once a breaker opens."""

import logging

import pytest
from django.core.cache.backends.redis import RedisCache

from apps.core import cache as resilient
from apps.core import ratelimit

DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def dead_cache():
    resilient.reset_breakers()
    backend = resilient.ResilientRedisCache(
        DEAD, {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2, "BREAKER_SECONDS": 60}}
    )
    yield backend
    resilient.reset_breakers()


def test_a_plain_redis_cache_raises_when_redis_is_down():
    from redis.exceptions import ConnectionError as RedisConnectionError

    with pytest.raises(RedisConnectionError):
        RedisCache(DEAD, {"OPTIONS": {"socket_connect_timeout": 0.2}}).get("key")


def test_every_operation_answers_like_an_empty_cache(dead_cache):
    assert dead_cache.get("key", "default") == "default"
    assert dead_cache.add("key", 1) is True  # nothing stored, yet the caller goes on
    assert dead_cache.set("key", 1) is None
    assert dead_cache.delete("key") is False
    assert dead_cache.get_many(["a", "b"]) == {}
    assert dead_cache.has_key("key") is False
    assert dead_cache.set_many({"a": 1}) == ["a"]
    with pytest.raises(ValueError):
        dead_cache.incr("key")


def test_the_breaker_spares_the_timeout_and_one_warning_is_logged(dead_cache, caplog, monkeypatch):
    calls = []
    original = RedisCache.get

    def counted(self, *args, **kwargs):
        calls.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(RedisCache, "get", counted)
    with caplog.at_level(logging.WARNING, logger="apps.core.cache"):
        for _ in range(20):
            dead_cache.get("key")

    assert len(calls) == 1  # the first failure opened the breaker: no more waiting on Redis
    assert not dead_cache.available
    assert len([r for r in caplog.records if "Redis cache unavailable" in r.getMessage()]) == 1


def test_the_cache_answers_again_once_redis_is_back(dead_cache, monkeypatch):
    dead_cache.get("key")
    breaker = dead_cache._breaker
    breaker.open_until = 0  # the breaker's time is up
    monkeypatch.setattr(RedisCache, "get", lambda self, key, default=None, version=None: "value")

    assert dead_cache.get("key") == "value" and dead_cache.available


def test_rate_limits_fail_open_with_a_warning_on_any_cache(monkeypatch, caplog):
    class Broken:
        def add(self, *args, **kwargs):
            raise ConnectionError("cache down")

    monkeypatch.setattr(ratelimit, "cache", Broken())
    with caplog.at_level(logging.WARNING, logger="apps.core.ratelimit"):
        assert all(ratelimit.allow("vote:1:2", limit=1, period=60) for _ in range(5))

    assert "not counted" in caplog.text and "vote" in caplog.text


@pytest.mark.parametrize(
    "error",
    [
        "InvalidResponse",  # something else answers on the port (a proxy, a wrong URL)
        "ReadOnlyError",  # a replica after a failover
        "OutOfMemoryError",  # maxmemory reached with noeviction
    ],
)
def test_a_redis_that_refuses_to_work_also_fails_open(dead_cache, monkeypatch, error):
    import redis.exceptions

    def refuse(self, *args, **kwargs):
        raise getattr(redis.exceptions, error)("refused")

    monkeypatch.setattr(RedisCache, "set", refuse)

    assert dead_cache.set("key", 1) is None
    assert not dead_cache.available


def test_a_mistake_in_the_code_still_raises(dead_cache, monkeypatch):
    from redis.exceptions import ResponseError

    def wrong_type(self, *args, **kwargs):
        raise ResponseError("WRONGTYPE Operation against a key holding the wrong kind of value")

    monkeypatch.setattr(RedisCache, "get", wrong_type)

    with pytest.raises(ResponseError):
        dead_cache.get("key")
    assert dead_cache.available
