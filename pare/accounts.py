"""Staff accounts: who must use a second factor, login throttles and lockout, ending sessions.

Three guards stand in front of the password check, from the cheapest:
- LOGIN_ATTEMPTS: every login POST counts against the client's address; over the limit, a French
  429 answers before any password is hashed (hashing costs about a second of CPU).
- USERNAME_FAILURES: failures count against the username, from any address. Over the limit,
  that username is slowed down: refused, without hashing, until older failures age out of the
  window; except from a browser where that username already logged in (a signed « known
  browser » cookie, as OWASP's device cookies), so an attacker cannot lock a colleague out.
- django-axes: 5 failures for one username from one address lock that pair for 30 minutes.
"""

import logging
import re
import time
import unicodedata
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core import signing
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from pare.throttle import RateLimit

LOGIN_TIME_KEY = "pare_login_at"
logger = logging.getLogger("pare.security")
ORGANISATION_WORDS = {"pare", "fondation", "droitdenfance", "enfance", "mineurs", "exploitation"}
DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")
LOGIN_ATTEMPTS = RateLimit("login-address", limit=5, period=60)
USERNAME_FAILURES = RateLimit("login-username", limit=10, period=15 * 60)
KNOWN_BROWSER_COOKIE = "pare_known_browser"
KNOWN_BROWSER_SALT = "pare.accounts.known-browser"
KNOWN_BROWSER_SECONDS = 180 * 24 * 60 * 60


class CommonPasswordBaseValidator(CommonPasswordValidator):
    """Also refuse a common password or the organisation's name dressed up: « Motdepasse2024! »."""

    def validate(self, password, user=None):
        folded = unicodedata.normalize("NFKD", password.lower()).encode("ascii", "ignore").decode()
        base = DECORATION.sub("", folded).replace(" ", "").replace("'", "")
        if password.lower().strip() in self.passwords:
            return  # CommonPasswordValidator already says so
        if base in self.passwords or base in ORGANISATION_WORDS:
            raise ValidationError(
                _("Ce mot de passe est un mot courant à peine modifié : choisissez une phrase."),
                code="password_too_common",
            )

    def get_help_text(self):
        return _("Votre mot de passe ne peut pas être un mot courant, même suivi de chiffres.")


def is_publisher(user):
    """Anyone who may publish something: a superuser, or a holder of any publish_* permission."""
    if not user.is_active:
        return False
    return user.is_superuser or any(
        permission.split(".", 1)[1].startswith("publish_")
        for permission in user.get_all_permissions()
    )


def has_device(user):
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))


def is_verified(user):
    return bool(getattr(user, "is_verified", lambda: False)())


def must_use_second_factor(user):
    return settings.PARE_REQUIRE_2FA and user.is_active and user.is_staff


def second_factor_satisfied(user):
    """Staff with a device must have used it, and must have one when PARE_REQUIRE_2FA says so."""
    if is_verified(user):
        return True
    return not has_device(user) and not must_use_second_factor(user)


def needs_enrollment(user):
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not is_verified(user)
        and must_use_second_factor(user)
        and not has_device(user)
    )


def lockout_response(request, original_response=None, credentials=None):
    """The French page shown while repeated failures keep a login locked (django-axes)."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(
        request,
        "axes/lockout.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def throttled_response(request, message, limit):
    response = render(request, "admin/login_throttled.html", {"message": message}, status=429)
    response["Retry-After"] = str(limit.period)
    return response


def refuse_before_hashing(request, address):
    """The 429 a login POST gets before its password is checked, or None to let it through."""
    if not LOGIN_ATTEMPTS.hit(address):
        return throttled_response(
            request,
            _(
                "Trop de tentatives de connexion depuis votre adresse en peu de temps. "
                "Patientez une minute, puis réessayez."
            ),
            LOGIN_ATTEMPTS,
        )
    username = _username_key(request.POST.get("username", ""))
    if USERNAME_FAILURES.is_exceeded(username) and not is_known_browser(request, username):
        return throttled_response(
            request,
            _(
                "Trop de tentatives ont échoué pour ce compte : les connexions sont ralenties. "
                "Patientez quelques minutes, puis réessayez. Depuis un navigateur où vous vous "
                "êtes déjà connecté, ce délai ne s'applique pas."
            ),
            USERNAME_FAILURES,
        )
    return None


def _username_key(username):
    return username.strip().casefold()


def count_failure(sender, credentials, request=None, **kwargs):
    """A wrong password or code counts against the username, whatever the address."""
    USERNAME_FAILURES.hit(_username_key(credentials.get("username") or ""))


def is_known_browser(request, username):
    try:
        known = signing.loads(
            request.COOKIES.get(KNOWN_BROWSER_COOKIE, ""),
            salt=KNOWN_BROWSER_SALT,
            max_age=KNOWN_BROWSER_SECONDS,
        )
    except signing.BadSignature:
        return False
    return known == username


def remember_browser(response, user):
    """Mark this browser as one where user logged in (see USERNAME_FAILURES)."""
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        signing.dumps(_username_key(user.get_username()), salt=KNOWN_BROWSER_SALT),
        max_age=KNOWN_BROWSER_SECONDS,
        path="/admin/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def log_lockout(sender, request, username, ip_address, **kwargs):
    logger.warning(
        "Connexion bloquée après des échecs répétés : %r depuis %s", username, ip_address
    )


def remember_login_time(sender, request, user, **kwargs):
    """Start the clock of the absolute session limit (pare.security.SessionLimitMiddleware)."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_TIME_KEY] = time.time()


def end_sessions_of_deactivated_user(sender, instance, **kwargs):
    """A deactivated account is logged out everywhere, at once."""
    if not instance.is_active and instance.pk:
        end_sessions(instance)


def end_sessions(user):
    """Delete every stored session of this user (database-backed session engines)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    model = store.get_model_class()
    user_id = str(user.pk)
    doomed = [
        session.pk
        for session in model.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == user_id
    ]
    for session_key in doomed:
        store(session_key).delete()
    return len(doomed)
