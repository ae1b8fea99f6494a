import functools
from pathlib import Path
from typing import NamedTuple

from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _

ROOT = Path(__file__).resolve().parent.parent


class MenuEntry(NamedTuple):
    """A part of the site in the main menu, which its app's config declares as menu_entry."""

    position: int
    url_name: str
    label: str


def menu():
    """The main menu's entries, in order."""
    entries = (
        config.menu_entry for config in apps.get_app_configs() if hasattr(config, "menu_entry")
    )
    return sorted(entries, key=lambda entry: entry.position)


@functools.cache
def site_apps():
    """The project's own apps (the packages at its root), not Django's or a library's, by label."""
    own = (config for config in apps.get_app_configs() if Path(config.path).parent == ROOT)
    return tuple(sorted(own, key=lambda config: config.label))


class PareAdminConfig(admin_apps.AdminConfig):
    """The admin, on a site that asks staff for their second factor (pare/admin_site.py)."""

    default = False
    default_site = "pare.admin_site.PareAdminSite"


class PareConfig(AppConfig):
    default = True
    name = "pare"
    verbose_name = _("Réseau et géographie")
    menu_entry = MenuEntry(5, "organisations:index", _("Partenaires"))

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from pare.collation import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="pare-sqlite-functions")

        from pare.cache import content_changed

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, dispatch_uid=f"pare-cache-{signal}")

        from axes.signals import user_locked_out
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from pare import accounts

        user_logged_in.connect(accounts.remember_login_time, dispatch_uid="pare-login-time")
        user_locked_out.connect(accounts.log_lockout, dispatch_uid="pare-log-lockout")
        user_login_failed.connect(accounts.count_failure, dispatch_uid="pare-count-failure")
        post_save.connect(
            accounts.end_sessions_of_deactivated_user,
            sender=get_user_model(),
            dispatch_uid="pare-end-sessions",
        )
