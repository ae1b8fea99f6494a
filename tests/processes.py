"""Running Django in other processes, as gunicorn workers and the task worker are."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the SQLite test database lives in memory; several processes share PostgreSQL's",
)
# Committed rows, which other processes see; the rows the migrations wrote (departments,
# content types) come back after the test, for the tests that follow.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def django_env(**variables):
    """The environment of a child process running this project's settings."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pare.settings",
        "PYTHONPATH": str(ROOT),
        **variables,
    }


def database_url():
    """The test database, for child processes (PostgreSQL: see on_postgresql)."""
    database = connection.settings_dict
    return f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def start_pythons(code, seeds, **variables):
    """Start, at once, one Python per hash seed running code on the test database."""
    return [
        subprocess.Popen(
            [sys.executable, "-c", code],
            env=django_env(DATABASE_URL=database_url(), PYTHONHASHSEED=str(seed), **variables),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in seeds
    ]


def outputs(processes, timeout=120):
    """What each process printed, once it ended well."""
    printed = [process.communicate(timeout=timeout)[0] for process in processes]
    assert [process.returncode for process in processes] == [0] * len(processes)
    return printed
