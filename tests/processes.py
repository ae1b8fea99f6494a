"""Running Django in other processes, as gunicorn workers and the task worker are."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_env(**variables):
    """The environment of a child process running this project's settings."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pare.settings",
        "PYTHONPATH": str(ROOT),
        **variables,
    }
