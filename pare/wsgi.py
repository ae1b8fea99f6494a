import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pare.settings")

application = get_wsgi_application()

# What is loaded by now (Django, the apps, the URLs) lives as long as the worker. Out of the
# garbage collector's reach, it no longer makes each full collection pause a request for some
# 40 ms: the p99 latency of computed pages (benchmarks/RESULTS.md).
get_resolver().url_patterns  # noqa: B018 (imports every URLconf now, before the freeze)
gc.freeze()
