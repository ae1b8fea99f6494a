from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pare.apps import MenuEntry


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = _("Numéros de la lettre")
    menu_entry = MenuEntry(1, "newsletters:archive", _("Numéros"))
