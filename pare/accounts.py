"""Staff accounts: who must use a second factor, the lockout page, and ending sessions."""

import logging
import re
import time
import unicodedata
from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

LOGIN_TIME_KEY = "pare_login_at"
logger = logging.getLogger("pare.security")
ORGANISATION_WORDS = {"pare", "fondation", "droitdenfance", "enfance", "mineurs", "exploitation"}
DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")


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
