"""Rate limits kept in the shared cache: one counter per key and window, for every process.

A limit allows `limit` hits per `period` seconds and per key (an address, a username, an
account). Hits are counted with the cache's atomic add and incr (Redis in production, as its
settings require), so every gunicorn process and host sees the same count. The window slides:
the previous window's count weighs in for the part of it still within one period, so a burst
astride two windows is not allowed twice the limit.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache


def _cache_key(name, key, window=""):
    digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]
    return f"pare:limit:{name}:{window}:{digest}"


@dataclass(frozen=True)
class RateLimit:
    name: str
    limit: int
    period: int  # seconds

    def _key(self, key, window):
        return _cache_key(self.name, key, window)

    def _windows(self, now):
        window, elapsed = divmod(now, self.period)
        return int(window), 1 - elapsed / self.period

    def _count(self, key, current, now):
        window, weight = self._windows(now)
        previous = cache.get(self._key(key, window - 1), 0)
        return previous * weight + current

    def hit(self, key):
        """Count one hit for key; return False if it goes over the limit."""
        now = time.time()
        window, _weight = self._windows(now)
        counter = self._key(key, window)
        cache.add(counter, 0, timeout=2 * self.period)
        try:
            current = cache.incr(counter)
        except ValueError:  # expired between add and incr
            cache.add(counter, 1, timeout=2 * self.period)
            current = 1
        return self._count(key, current, now) <= self.limit

    def is_exceeded(self, key):
        """Whether key has used up its hits, without counting one."""
        now = time.time()
        window, _weight = self._windows(now)
        return self._count(key, cache.get(self._key(key, window), 0), now) >= self.limit


@dataclass(frozen=True)
class Cooldown:
    """One hit per key, then none until `period` seconds have passed since it (cache.add)."""

    name: str
    period: int  # seconds

    def hit(self, key):
        """Whether this hit goes through; if it does, the next one waits a whole period."""
        return cache.add(_cache_key(self.name, key), 1, timeout=self.period)
