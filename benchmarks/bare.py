"""The ceiling: one Django view behind SecurityMiddleware and CommonMiddleware, no database.

Settings, URLs and view in one module, served by the same gunicorn settings as the site in the
same run (benchmarks/pages.py): DJANGO_SETTINGS_MODULE=benchmarks.bare and the application
django.core.wsgi:get_wsgi_application().
"""

from django.http import HttpResponse
from django.urls import path

SECRET_KEY = "benchmark-only-bare-view-key-never-used-by-the-site-0123456789"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
ROOT_URLCONF = __name__
DATABASES = {}
USE_TZ = True


def bare(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("", bare)]
