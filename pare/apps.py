from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PareConfig(AppConfig):
    name = "pare"
    verbose_name = _("Réseau et géographie")

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from pare.cache import content_changed

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"pare-cache-{signal}")
