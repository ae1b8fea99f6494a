from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pare.apps import MenuEntry


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Agenda")
    menu_entry = MenuEntry(2, "events:index", _("Agenda"))
