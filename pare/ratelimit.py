"""How often one client may do something, counted in the shared cache so that it holds everywhere.

Each count lives under a key of its window (fixed windows: at most twice the limit across the
edge of two of them), incremented atomically by the cache itself (Redis INCR in production), so
that several processes and hosts count together. Keys hold a keyed digest of what is counted,
never an address in clear, and expire with their window.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache


def _key(scope, value, window, bucket):
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}:{value}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"pare:limit:{scope}:{window}:{bucket}:{digest}"


def hit(scope, value, limit, window):
    """Count one use of scope by value (an address, an e-mail) in the current window of window
    seconds; return whether it is within limit."""
    bucket = int(time.time() // window)
    key = _key(scope, value.lower(), window, bucket)
    cache.add(key, 0, window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between the two calls: this use starts a new count
        cache.add(key, 1, window + 1)
        count = 1
    return count <= limit
