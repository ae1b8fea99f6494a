"""Limits counted in the shared cache hold across processes: real ones, on a real Redis server."""

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings

from pare import ratelimit

REDIS = shutil.which("redis-server")
COUNT_HITS = """
import django
django.setup()
from pare import ratelimit
allowed = sum(ratelimit.hit("essai", "192.0.2.1", {limit}, 3600) for _ in range({hits}))
print(allowed)
"""


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A Redis server of this test's own, on a free loopback port."""
    if REDIS is None:
        pytest.skip("no redis-server: `apt-get install redis-server`")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [REDIS, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=tmp_path_factory.mktemp("redis"),
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


def test_processes_share_one_count(redis_url):
    limit, hits, processes = 15, 10, 3
    script = COUNT_HITS.format(limit=limit, hits=hits)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "pare.settings",
                "CACHE_URL": redis_url,
                "PYTHONHASHSEED": str(seed),
            },
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in range(1, processes + 1)
    ]
    allowed = [int(worker.communicate(timeout=60)[0]) for worker in workers]
    assert all(worker.returncode == 0 for worker in workers)
    assert sum(allowed) == limit  # 30 attempts in three processes, 15 allowed in all


def test_a_limit_is_per_scope_and_per_value(db):
    assert [ratelimit.hit("a", "x", 2, 60) for _ in range(3)] == [True, True, False]
    assert ratelimit.hit("a", "y", 2, 60) and ratelimit.hit("b", "x", 2, 60)
    assert not ratelimit.hit("a", "X", 2, 60)  # case does not make a new address


def test_a_new_window_starts_a_new_count(db, monkeypatch):
    now = 1_000_000 * 60.0
    monkeypatch.setattr(ratelimit.time, "time", lambda: now)
    assert ratelimit.hit("a", "x", 1, 60) and not ratelimit.hit("a", "x", 1, 60)
    monkeypatch.setattr(ratelimit.time, "time", lambda: now + 60)
    assert ratelimit.hit("a", "x", 1, 60)


def test_keys_never_hold_the_address_in_clear():
    key = ratelimit._key("proposal-address", "192.0.2.1", 3600, 1)
    assert "192.0.2.1" not in key and key.startswith("pare:limit:proposal-address:")
