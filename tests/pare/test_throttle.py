"""Rate limits: counted once for every process, over a sliding window."""

import subprocess
import sys
import time
import uuid

import pytest

from pare import throttle
from pare.throttle import Cooldown, RateLimit
from tests.processes import django_env

HITS = """
import sys
import django
django.setup()
from pare.throttle import Cooldown, RateLimit
limit = RateLimit("essai", 12, 3600) if sys.argv[2] == "limit" else Cooldown("essai", 3600)
print(sum(limit.hit(sys.argv[1]) for _ in range(10)))
"""


@pytest.mark.parametrize(("kind", "allowed"), [("limit", 12), ("cooldown", 1)])
def test_processes_share_one_count(redis_cache_url, kind, allowed):
    key = f"victime-{uuid.uuid4().hex}@example.org"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", HITS, key, kind],
            env=django_env(CACHE_URL=redis_cache_url, PYTHONHASHSEED=str(seed)),
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in (1, 2, 3, 4)
    ]
    counts = [int(run.communicate(timeout=60)[0]) for run in runs]

    assert sum(counts) == allowed, counts


def test_keys_are_counted_apart():
    limit = RateLimit("essai", 2, 60)

    assert [limit.hit("a"), limit.hit("a"), limit.hit("a")] == [True, True, False]
    assert limit.hit("b")
    assert limit.is_exceeded("a") and not limit.is_exceeded("b")


@pytest.mark.parametrize(("into_next", "allowed"), [(0.1, 0), (0.5, 2), (0.9, 4)])
def test_the_window_slides(monkeypatch, into_next, allowed):
    limit = RateLimit("essai", 5, 100)
    monkeypatch.setattr(throttle.time, "time", lambda: 1_000_050.0)
    for _ in range(5):
        assert limit.hit("a")

    monkeypatch.setattr(throttle.time, "time", lambda: 1_000_100.0 + 100 * into_next)

    assert sum(limit.hit("a") for _ in range(5)) == allowed


def test_a_cooldown_lets_one_hit_through_per_period(monkeypatch):
    cooldown = Cooldown("essai", 100)
    now = time.time()

    assert [cooldown.hit("a"), cooldown.hit("a"), cooldown.hit("b")] == [True, False, True]
    monkeypatch.setattr(throttle.time, "time", lambda: now + 99)
    assert not cooldown.hit("a")
    monkeypatch.setattr(throttle.time, "time", lambda: now + 101)
    assert cooldown.hit("a")
