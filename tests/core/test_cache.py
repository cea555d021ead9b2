"""The Redis cache backend (core/cache.py): one redis-py client per pool, the same answers.

Needs Redis: `TEST_REDIS_URL` (default redis://127.0.0.1:6379/12; CI starts Redis). Skipped when
it does not answer, unless REQUIRE_WORKER=1, as on CI."""

import os

import pytest

from core.cache import RedisCache

URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture
def redis_cache():
    cache = RedisCache(URL, {"KEY_PREFIX": "test-core-cache"})
    try:
        cache.get_many(["ping"])
    except Exception as exc:  # no Redis here
        if os.environ.get("REQUIRE_WORKER") == "1":
            raise
        pytest.skip(f"Redis at {URL} does not answer: {exc}")
    yield cache
    cache.delete_many(["a", "b", "n"])


def test_the_cache_reuses_one_client_and_answers_as_djangos(redis_cache):
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client  # one server: one pool, one client
    redis_cache.set("a", {"页面": "内容"}, 60)
    redis_cache.set_many({"b": 2}, 60)
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": {"页面": "内容"}, "b": 2}
    assert redis_cache.add("a", "other", 60) is False
    assert redis_cache.incr("b") == 3
    redis_cache.delete("a")
    assert redis_cache.get("a") is None
    assert redis_cache._cache.get_client() is client
