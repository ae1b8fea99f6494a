import subprocess
import sys

from django.conf import settings


def test_the_wsgi_application_keeps_what_it_loaded_out_of_garbage_collection():
    # In a process of its own, as a gunicorn worker starts: the test run's own objects differ.
    count = subprocess.run(
        [sys.executable, "-c", "import gc, pare.wsgi; print(gc.get_freeze_count())"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert int(count) > 10_000
