from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewslettersConfig(AppConfig):
    name = "newsletters"
    verbose_name = _("Numéros de la lettre")

    def ready(self):
        from django.db.backends.signals import connection_created

        from newsletters.search import register_functions

        connection_created.connect(register_functions, dispatch_uid="newsletters-search-sqlite")
