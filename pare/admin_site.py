"""The admin site, with a second factor (TOTP) for all staff.

Staff with a confirmed device must type its code at login. When PARE_REQUIRE_2FA is on (the
default in production), staff who have no device yet are sent, after their password, to a page
that registers one (a QR code for their authenticator app) before any other admin page opens.
"""

import base64

import django_otp
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from pare import accounts
from pare.security import client_ip

DEVICE_NAME = "Application d'authentification"


class TokenField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        )
        super().__init__(**kwargs)


class LoginForm(AdminAuthenticationForm):
    otp_token = TokenField(
        label=_("Code de vérification"),
        required=False,
        help_text=_("Les six chiffres que montre votre application d'authentification."),
    )

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        devices = list(django_otp.devices_for_user(user, confirmed=True))
        if not devices:
            return cleaned_data
        token = (cleaned_data.get("otp_token") or "").strip()
        if not token:
            raise ValidationError(
                _("Saisissez le code de vérification de votre application d'authentification."),
                code="token_required",
            )
        for device in devices:
            verified = django_otp.verify_token(user, device.persistent_id, token)
            if verified:
                user.otp_device = verified  # django_otp stores it in the session at login
                return cleaned_data
        # A wrong code counts as a failed login, towards the lockout (django-axes).
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=self.request
        )
        raise ValidationError(
            _("Ce code de vérification n'est pas valable. Réessayez avec le code affiché."),
            code="invalid_token",
        )


class EnrollmentForm(forms.Form):
    otp_token = TokenField(label=_("Code affiché par l'application"))

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_otp_token(self):
        token = self.cleaned_data["otp_token"].strip()
        if not self.device.verify_token(token):
            raise ValidationError(
                _("Ce code ne correspond pas. Vérifiez l'heure du téléphone et réessayez.")
            )
        return token


class PickerView(AutocompleteJsonView):
    """Autocomplete results that say more than a title, when the field's model says how.

    A model with a foreign key picked by autocomplete may declare picker_queryset(queryset),
    to fetch what its labels need, and picker_label(obj): « Colloque — 22 novembre · Brouillon ».
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        prepare = getattr(self.source_field.model, "picker_queryset", None)
        return prepare(queryset) if prepare else queryset

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if label := getattr(self.source_field.model, "picker_label", None):
            result["text"] = label(obj)
        return result


class PareAdminSite(admin.AdminSite):
    site_header = _("Administration de PARÉ")
    site_title = _("Administration de PARÉ")
    login_form = LoginForm
    login_template = "admin/pare_login.html"

    def index(self, request, extra_context=None):
        request.shows_index_badges = True
        return super().index(request, extra_context)

    def get_app_list(self, request, app_label=None):
        """The apps and models; on the index, each model beside what its admin's index_badge()
        counts (the other pages' menu spares the queries)."""
        app_list = super().get_app_list(request, app_label)
        if not getattr(request, "shows_index_badges", False):
            return app_list
        for app in app_list:
            for entry in app["models"]:
                badge = getattr(self._registry.get(entry["model"]), "index_badge", None)
                if badge and (text := badge(request)):
                    entry["name"] = f"{entry['name']} ({text})"
        return app_list

    def has_permission(self, request):
        return super().has_permission(request) and accounts.second_factor_satisfied(request.user)

    def autocomplete_view(self, request):
        return PickerView.as_view(admin_site=self)(request)

    def _build_app_dict(self, request, label=None):
        """Sections of third-party apps under the French names of ADMIN_APP_NAMES."""
        app_dict = super()._build_app_dict(request, label)
        for app in app_dict.values():
            if app["app_label"] in settings.ADMIN_APP_NAMES:
                app["name"] = settings.ADMIN_APP_NAMES[app["app_label"]]
        return app_dict

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        if accounts.needs_enrollment(request.user):
            return redirect(f"{self.name}:two_factor_setup")
        if request.method == "POST":
            refusal = accounts.refuse_before_hashing(request, client_ip(request))
            if refusal is not None:
                return refusal
        response = super().login(request, extra_context)
        if request.method == "POST" and request.user.is_authenticated:
            accounts.remember_browser(response, request.user)
        return response

    def get_urls(self):
        return [
            path("double-authentification/", self.two_factor_setup, name="two_factor_setup"),
            path(
                "double-authentification/qrcode.svg",
                self.two_factor_qrcode,
                name="two_factor_qrcode",
            ),
            *super().get_urls(),
        ]

    def _enrolling_device(self, request):
        """The unconfirmed device being registered: only for staff without a confirmed one."""
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            raise PermissionDenied
        if accounts.has_device(user) and not accounts.is_verified(user):
            raise PermissionDenied
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)

    @method_decorator(never_cache)
    @method_decorator(csrf_protect)
    def two_factor_setup(self, request):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse(f"{self.name}:login"))
        device = self._enrolling_device(request)
        form = EnrollmentForm(request.POST or None, device=device)
        if request.method == "POST" and form.is_valid():
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            messages.success(
                request,
                _(
                    "La double authentification est activée : ce code vous sera demandé à chaque "
                    "connexion."
                ),
            )
            return redirect(f"{self.name}:index")
        context = {
            **self.each_context(request),
            "title": _("Activer la double authentification"),
            "form": form,
            "secret": base64.b32encode(device.bin_key).decode(),
            "is_required": accounts.must_use_second_factor(request.user),
        }
        return TemplateResponse(request, "admin/two_factor_setup.html", context)

    @method_decorator(never_cache)
    def two_factor_qrcode(self, request):
        device = self._enrolling_device(request)
        response = HttpResponse(content_type="image/svg+xml")
        write_qrcode_image(device.config_url, response)
        return response
