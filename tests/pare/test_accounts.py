"""Staff accounts: strong passwords, lockout after failures, sessions that end, a second factor."""

import datetime
import logging
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import Permission, User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pare import accounts, throttle
from pare.accounts import (
    KNOWN_BROWSER_COOKIE,
    LOGIN_ATTEMPTS,
    LOGIN_TIME_KEY,
    is_publisher,
)
from pare.models import Status
from pare.security import client_ip
from pare.throttle import RateLimit
from tests.factories import make_event

PASSWORD = "une phrase de passe solide"
LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")
SETUP = reverse("admin:two_factor_setup")
HERE, ELSEWHERE = "203.0.113.7", "198.51.100.23"


def make_staff(username="redactrice", publish=False, **fields):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True, **fields)
    user.user_permissions.add(Permission.objects.get(codename="change_event"))
    if publish:
        user.user_permissions.add(Permission.objects.get(codename="publish_event"))
    return user


def log_in(client, username="redactrice", password=PASSWORD, token="", address=HERE):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "otp_token": token, "next": INDEX},
        REMOTE_ADDR=address,
    )


def current_token(device):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def add_device(user):
    return TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)


# --- Passwords ---


@pytest.mark.parametrize(
    "password",
    ["court", "123456789012", "password1234", "Motdepasse2024!", "Fondation2023!", "azerty123456"],
)
def test_weak_passwords_are_refused(db, password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_passphrase_is_accepted(db):
    validate_password("un cheval de bataille rouge")


# --- Lockout ---


@pytest.fixture
def no_address_throttle(monkeypatch):
    """For the lockout tests: more attempts from one address than its throttle allows."""
    monkeypatch.setattr(accounts, "LOGIN_ATTEMPTS", RateLimit("login-address", 100, 60))


def test_repeated_failures_lock_this_username_from_this_address(db, caplog, no_address_throttle):
    make_staff()
    client = Client()
    for _ in range(4):
        assert log_in(client, password="mauvais mot de passe").status_code == 200
    with caplog.at_level(logging.WARNING, logger="pare.security"):
        assert log_in(client, password="mauvais mot de passe").status_code == 429
    locked = log_in(client)  # the right password does not help now
    assert locked.status_code == 429
    assert "Connexion bloquée" in locked.text
    assert "30 minutes" in locked.text
    assert SESSION_KEY not in client.session
    messages = {r.getMessage() for r in caplog.records if r.name == "pare.security"}
    assert messages == {f"Connexion bloquée après des échecs répétés : 'redactrice' depuis {HERE}"}


def test_an_attacker_cannot_lock_out_a_colleague_elsewhere(db):
    make_staff()
    attacker = Client()
    for _ in range(5):
        log_in(attacker, password="mauvais mot de passe", address=ELSEWHERE)
    assert log_in(attacker, address=ELSEWHERE).status_code == 429
    colleague = Client()
    response = log_in(colleague, address=HERE)
    assert response.status_code == 302
    assert colleague.get(INDEX).status_code == 200


def test_the_lockout_ends_after_the_cool_off(db, no_address_throttle):
    make_staff()
    client = Client()
    for _ in range(5):
        log_in(client, password="mauvais mot de passe")
    assert log_in(client).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert log_in(client).status_code == 302


def test_the_client_address_comes_from_the_trusted_proxy_only(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7"
    )
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # what the client wrote first is ignored


# --- Throttles, before any password is hashed ---


class CountingHasher(MD5PasswordHasher):
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.fixture
def hashing(settings):
    settings.PASSWORD_HASHERS = ["tests.pare.test_accounts.CountingHasher"]
    CountingHasher.calls = 0
    return CountingHasher


def test_login_attempts_from_one_address_are_throttled_before_any_hashing(db, hashing):
    client = Client()
    limit = LOGIN_ATTEMPTS.limit
    answers = [log_in(client, f"inconnu{n}", "mauvais").status_code for n in range(limit)]
    hashed = hashing.calls

    throttled = log_in(client, "inconnu-encore", "mauvais")

    assert answers == [200] * limit and hashed >= limit
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == "60"
    assert "Trop de tentatives de connexion depuis votre adresse" in throttled.text
    assert hashing.calls == hashed
    assert log_in(Client(), "inconnu-ailleurs", "mauvais", address=ELSEWHERE).status_code == 200


def test_the_address_throttle_ignores_an_x_forwarded_for_the_client_wrote(db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    client = Client()
    for n in range(LOGIN_ATTEMPTS.limit):
        client.post(
            LOGIN, {"username": f"x{n}", "password": "x"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        )

    response = client.post(
        LOGIN, {"username": "x", "password": "x"}, HTTP_X_FORWARDED_FOR="10.9.9.9"
    )

    assert response.status_code == 429


def spread_failures(username, count):
    """Wrong passwords for username, each from a new address (past the address throttle)."""
    for n in range(count):
        log_in(Client(), username, "mauvais", address=f"192.0.2.{n + 1}")


def test_failures_from_many_addresses_slow_the_username_down(db, hashing):
    make_staff()
    spread_failures("redactrice", 10)
    hashed = hashing.calls

    slowed = log_in(Client(), address="198.51.100.200")

    assert slowed.status_code == 429
    assert "les connexions sont ralenties" in slowed.text
    assert hashing.calls == hashed
    assert (
        log_in(Client(), "quelquun-dautre", "mauvais", address="198.51.100.201").status_code == 200
    )


def test_the_slowdown_lets_attempts_through_again_as_failures_age(db, monkeypatch):
    make_staff()
    spread_failures("redactrice", 10)
    assert log_in(Client(), address="198.51.100.200").status_code == 429
    later = time.time() + 1.5 * accounts.USERNAME_FAILURES.period

    monkeypatch.setattr(throttle.time, "time", lambda: later)

    assert log_in(Client(), address="198.51.100.200").status_code == 302


def test_an_attacker_cannot_slow_a_colleague_down_in_a_browser_she_used(db):
    make_staff()
    colleague = Client()
    assert log_in(colleague).status_code == 302
    colleague.post(reverse("admin:logout"))
    spread_failures("redactrice", 20)
    assert log_in(Client(), address=HERE).status_code == 429  # a new browser is slowed

    response = log_in(colleague)

    assert response.status_code == 302
    assert colleague.get(INDEX).status_code == 200


def test_a_forged_known_browser_cookie_does_not_help(db):
    make_staff()
    spread_failures("redactrice", 10)
    attacker = Client()
    attacker.cookies[KNOWN_BROWSER_COOKIE] = "redactrice"

    assert log_in(attacker, address=HERE).status_code == 429


# --- Sessions ---


def test_staff_sessions_expire_after_inactivity_and_each_request_extends_them(db, settings):
    make_staff()
    client = Client()
    log_in(client)
    session = Session.objects.get()
    assert session.expire_date <= timezone.now() + datetime.timedelta(
        seconds=settings.SESSION_COOKIE_AGE
    )
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(seconds=30))
    assert client.get(INDEX).status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + datetime.timedelta(minutes=50)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(INDEX).status_code == 302


def test_staff_sessions_end_at_an_absolute_limit_however_active(db, settings):
    make_staff()
    client = Client()
    log_in(client)
    assert time.time() - client.session[LOGIN_TIME_KEY] < 60
    assert client.get(INDEX).status_code == 200
    session = client.session
    session[LOGIN_TIME_KEY] = time.time() - settings.SESSION_ABSOLUTE_AGE - 1
    session.save()
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert SESSION_KEY not in client.session


def test_a_deactivated_account_loses_its_sessions_at_once(db):
    user = make_staff()
    colleague = make_staff("collegue")
    office, home = Client(), Client()
    log_in(office)
    log_in(home, address=ELSEWHERE)
    log_in(Client(), username="collegue")
    assert Session.objects.count() == 3
    user.is_active = False
    user.save()
    assert Session.objects.count() == 1
    assert office.get(INDEX).status_code == 302
    assert home.get(INDEX).status_code == 302
    assert Session.objects.get().get_decoded()[SESSION_KEY] == str(colleague.pk)


# --- Second factor ---


def test_anyone_with_a_publish_permission_is_a_publisher(db):
    assert is_publisher(make_staff("auteur", publish=True))
    assert not is_publisher(make_staff("relectrice"))
    assert is_publisher(User.objects.create_superuser("chef", password=PASSWORD))


@pytest.fixture
def enforced(settings):
    settings.PARE_REQUIRE_2FA = True


def test_a_publisher_without_a_device_is_sent_to_register_one(db, enforced):
    make_staff(publish=True)
    client = Client()
    log_in(client)
    response = client.get(INDEX, follow=True)
    assert response.redirect_chain[-1][0] == SETUP
    assert "Activer la double authentification" in response.text
    assert reverse("admin:two_factor_qrcode") in response.text
    assert client.get(reverse("admin:password_change")).status_code == 302


def test_a_publisher_registers_a_device_with_a_valid_code_then_gets_in(db, enforced):
    user = make_staff(publish=True)
    client = Client()
    log_in(client)
    page = client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert device.key.upper() != page.context["secret"]  # hex key, shown to the user as base32
    qrcode = client.get(reverse("admin:two_factor_qrcode"))
    assert qrcode["Content-Type"] == "image/svg+xml" and b"<svg" in qrcode.content
    wrong = str((int(current_token(device)) + 1) % 1_000_000).zfill(6)
    response = client.post(SETUP, {"otp_token": wrong})
    assert response.status_code == 200 and "ne correspond pas" in response.text
    device.refresh_from_db()
    assert not device.confirmed
    assert not device.verify_is_allowed()[0]  # throttled after a wrong code…
    device.throttle_reset()  # …until a moment has passed
    response = client.post(SETUP, {"otp_token": current_token(device)})
    assert response.status_code == 302 and response["Location"] == INDEX
    assert client.get(INDEX).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_without_a_token_a_publisher_with_a_device_is_refused(db, enforced):
    user = make_staff(publish=True)
    device = add_device(user)
    client = Client()
    response = log_in(client)
    assert response.status_code == 200
    assert "Saisissez le code de vérification" in response.text
    assert SESSION_KEY not in client.session
    wrong = str((int(current_token(device)) + 1) % 1_000_000).zfill(6)
    assert "pas valable" in log_in(client, token=wrong).text
    assert SESSION_KEY not in client.session
    assert AccessAttempt.objects.get().failures_since_start == 1  # a wrong code is a failure


def test_with_a_valid_totp_token_a_publisher_gets_in(db, enforced):
    user = make_staff(publish=True)
    device = add_device(user)
    client = Client()
    response = log_in(client, token=current_token(device))
    assert response.status_code == 302
    assert client.get(INDEX).status_code == 200
    assert client.get(reverse("admin:password_change")).status_code == 200


def test_a_password_alone_never_opens_a_publishers_admin(db, enforced):
    """Even logged in by password (an old session, another login path), no admin page opens."""
    user = make_staff(publish=True)
    add_device(user)
    client = Client()
    client.force_login(user)
    assert client.get(INDEX).status_code == 302
    assert client.get(SETUP).status_code == 403  # no registering a new device behind its back


def test_a_password_alone_previews_no_draft_on_the_public_site(db, enforced):
    user = make_staff(publish=True)
    user.user_permissions.add(Permission.objects.get(codename="view_event"))
    draft = make_event(title="Brouillon confidentiel", status=Status.DRAFT)
    client = Client()
    log_in(client)
    assert client.get(draft.get_absolute_url()).status_code == 404
    device = add_device(user)
    client = Client()
    log_in(client, token=current_token(device))
    assert "Brouillon confidentiel" in client.get(draft.get_absolute_url()).text


def test_an_editor_without_a_device_is_sent_to_register_one_too(db, enforced):
    make_staff()
    client = Client()
    assert log_in(client).status_code == 302
    response = client.get(INDEX, follow=True)
    assert response.redirect_chain[-1][0] == SETUP
    assert "doivent être protégés par un second facteur" in response.text


def test_an_editor_who_has_a_device_must_use_it(db, enforced, settings):
    settings.PARE_REQUIRE_2FA = False
    device = add_device(make_staff())
    client = Client()
    assert log_in(client).status_code == 200
    assert log_in(client, token=current_token(device)).status_code == 302
    assert client.get(INDEX).status_code == 200


def test_when_not_enforced_a_publisher_logs_in_with_a_password(db, settings):
    settings.PARE_REQUIRE_2FA = False
    make_staff(publish=True)
    client = Client()
    assert log_in(client).status_code == 302
    assert client.get(INDEX).status_code == 200


def test_the_requirement_is_on_in_production_and_off_locally():
    from django.conf import settings

    from tests.pare.test_security_headers import production_settings

    assert production_settings()["PARE_REQUIRE_2FA"] is True
    assert settings.PARE_REQUIRE_2FA is False
