"""Rate limits: counted once for every process, over a sliding window."""

import subprocess
import sys
import uuid

import pytest

from pare import throttle
from pare.throttle import RateLimit
from tests.processes import django_env

HITS = """
import sys
import django
django.setup()
from pare.throttle import RateLimit
print(sum(RateLimit("essai", 12, 3600).hit(sys.argv[1]) for _ in range(10)))
"""


def test_processes_share_one_count(redis_cache_url):
    key = f"victime-{uuid.uuid4().hex}@example.org"
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", HITS, key],
            env=django_env(CACHE_URL=redis_cache_url, PYTHONHASHSEED=str(seed)),
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in (1, 2, 3, 4)
    ]
    allowed = [int(run.communicate(timeout=60)[0]) for run in runs]

    assert sum(allowed) == 12, allowed


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
