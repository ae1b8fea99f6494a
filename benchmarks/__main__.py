"""Run a benchmark with the project's settings: python -m benchmarks pages|emails [options]."""

import importlib
import os
import sys

import django

BENCHMARKS = ("pages", "emails")


def main(argv):
    if len(argv) < 2 or argv[1] not in BENCHMARKS:
        sys.exit(f"Usage : python -m benchmarks {{{'|'.join(BENCHMARKS)}}} [options]")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pare.settings")
    django.setup()
    module = importlib.import_module(f"benchmarks.{argv[1]}")
    module.Command().run_from_argv(["python -m benchmarks", *argv[1:]])


if __name__ == "__main__":
    main(sys.argv)
