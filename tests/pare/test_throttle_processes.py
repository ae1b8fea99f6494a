"""Limits counted in the shared cache (pare/throttle.py) hold across real processes on Redis."""

import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings

REDIS = shutil.which("redis-server")
COUNT_HITS = """
import django
django.setup()
from pare.throttle import RateLimit
limit = RateLimit("essai", {limit}, 3600)
allowed = sum(limit.hit("192.0.2.1") for _ in range({hits}))
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
