from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pare.apps import MenuEntry


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Actualités du réseau")
    menu_entry = MenuEntry(3, "news:index", _("Actualités"))
