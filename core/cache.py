"""Django's Redis cache, keeping one redis-py client per connection pool.

`django.core.cache.backends.redis` builds a new `redis.Redis` for every cache operation, and
redis-py rebuilds its table of some 165 response callbacks in each one (redis/redis-py#3624): on a
page served whole from the cache that was most of the request's Python time (two clients, about
1 700 calls each; bench/README.md). A client is a thin wrapper over its pool, which hands out the
connections and is safe to share between threads, so one client per pool does the same work.

Settings: `CACHE_URL=redis://...` selects this backend (wuhou_portal/settings.py).
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
