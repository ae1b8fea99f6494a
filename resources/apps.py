from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pare.apps import MenuEntry


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Ressources")
    menu_entry = MenuEntry(4, "resources:index", _("Ressources"))
