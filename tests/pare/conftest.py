import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Staff log in many times in these tests: hash their passwords quickly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
