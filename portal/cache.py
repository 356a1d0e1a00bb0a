"""Django's Redis cache, its client made once. Django's own builds a new ``redis.Redis`` for every
cache call, and each build fills a table of some 170 reply parsers: on a signed-in page (its
session, the data versions, the kept readings) that was a fifth of a millisecond a call."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class KeptRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One client per connection pool (per server); a client is thread-safe.
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    """``CACHE_URL=redis://…``: Django's backend with the client above."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptRedisCacheClient
