"""Redis as a cache that may fail: when it cannot be reached, every read misses and writes are
dropped, so pages are computed afresh instead of failing.

A process that finds Redis out of reach leaves it alone for RETRY_SECONDS, then tries again: a
request costs no connection timeout while it is out, and the outage is logged once when it
starts, once a minute while it lasts and once when it ends, whatever the traffic. When it ends,
`cache_recovered` is sent: what was cached before may have missed an invalidation meanwhile.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger("pare.cache")

RETRY_SECONDS = 1
REMINDER_SECONDS = 60

cache_recovered = Signal()
_MISSING = object()

# Per process and server, shared by the threads and caches that use it.
_outages = {}


class Outage:
    def __init__(self):
        self.started = self.reminded = time.monotonic()
        self.retry_at = self.started + RETRY_SECONDS


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        """One client per connection pool, made once.

        Django makes a new one for every call, and redis-py fills a table of some 170 reply
        callbacks for each: a warm page, two reads, spent more time there than in Redis.
        """
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _call(self, fallback, method, *args):
        server = self._servers[0]
        outage = _outages.get(server)
        try:
            if outage is not None:
                if time.monotonic() < outage.retry_at:
                    return fallback
                self.get_client(write=True).ping()
                del _outages[server]
                logger.warning(
                    "Cache de nouveau joignable après %d s.", time.monotonic() - outage.started
                )
                # Before this call reads anything: it must see what the receivers changed.
                cache_recovered.send(sender=self.__class__)
            return method(*args)
        except (RedisError, OSError) as error:
            self._failed(server, error)
            return fallback

    @staticmethod
    def _failed(server, error):
        now = time.monotonic()
        outage = _outages.get(server)
        if outage is None:
            _outages[server] = Outage()
            logger.error("Cache injoignable, pages servies sans cache : %s", error)
            return
        outage.retry_at = now + RETRY_SECONDS
        if now - outage.reminded >= REMINDER_SECONDS:
            outage.reminded = now
            logger.error("Cache toujours injoignable depuis %d s : %s", now - outage.started, error)

    def add(self, key, value, timeout):
        return self._call(False, super().add, key, value, timeout)

    def get(self, key, default):
        return self._call(default, super().get, key, default)

    def set(self, key, value, timeout):
        return self._call(None, super().set, key, value, timeout)

    def touch(self, key, timeout):
        return self._call(False, super().touch, key, timeout)

    def delete(self, key):
        return self._call(False, super().delete, key)

    def incr(self, key, delta):
        # Out of reach, every key is missing: incr raises as it does for a missing key.
        result = self._call(_MISSING, super().incr, key, delta)
        if result is _MISSING:
            raise ValueError(f"Key '{key}' not found: the cache is out of reach.")
        return result

    def get_many(self, keys):
        return self._call({}, super().get_many, keys)

    def has_key(self, key):
        return self._call(False, super().has_key, key)

    def set_many(self, data, timeout):
        return self._call(None, super().set_many, data, timeout)

    def delete_many(self, keys):
        return self._call(None, super().delete_many, keys)

    def clear(self):
        return self._call(False, super().clear)


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, degrading to no cache at all while Redis is out of reach."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
