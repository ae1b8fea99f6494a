"""Settings read from the environment: the mail server an URL names."""

import os
import runpy
from unittest import mock

import pytest
from django.conf import settings


def mailers(**environ):
    with mock.patch.dict(os.environ, environ):
        if "EMAIL_URL" not in environ:
            os.environ.pop("EMAIL_URL", None)
        return runpy.run_path(str(settings.BASE_DIR / "pare" / "settings.py"))["MAILERS"]


def test_mail_is_printed_not_sent_by_default():
    assert mailers()["default"]["BACKEND"] == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize(
    ("url", "port", "tls", "ssl"),
    [
        ("smtp+tls://lettre:p%40ss@smtp.example.org:587", 587, True, False),
        ("smtp+ssl://lettre:p%40ss@smtp.example.org:465", 465, False, True),
    ],
)
def test_an_smtp_url_names_the_server_and_its_encryption(url, port, tls, ssl):
    default = mailers(EMAIL_URL=url)["default"]
    assert default["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert default["OPTIONS"] == {
        "host": "smtp.example.org",
        "port": port,
        "username": "lettre",
        "password": "p@ss",
        "use_tls": tls,
        "use_ssl": ssl,
        "timeout": 30,
    }
