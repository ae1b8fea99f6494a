from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PareConfig(AppConfig):
    name = "pare"
    verbose_name = _("Réseau et géographie")
