"""The shared core names no app: it finds the models it serves through the app registry."""

import re

from django.conf import settings

from pare.apps import site_apps

SHARED = settings.BASE_DIR / "pare"
# The two files that wire the apps into one site.
WIRING = {SHARED / "settings.py", SHARED / "urls.py"}


def app_names():
    """Every label and module name of the site's apps but the shared one."""
    return {
        name
        for config in site_apps()
        if config.label != "pare"
        for name in (config.label, config.name)
    }


def named_apps(text):
    pattern = rf"\b({'|'.join(sorted(app_names()))})\b"
    return sorted(set(re.findall(pattern, text)))


def test_the_guard_knows_every_app_and_finds_a_named_one():
    assert {"events", "news", "resources", "newsletters"} <= app_names()
    assert named_apps('from events.models import Event\nreverse("news:index")') == [
        "events",
        "news",
    ]
    assert named_apps("a newsletter's resource, an event: the news_letter") == []


def test_the_shared_core_names_no_app_outside_its_settings_and_root_urls():
    found = {}
    for path in sorted(SHARED.rglob("*")):
        if path.is_file() and path not in WIRING and "__pycache__" not in path.parts:
            names = named_apps(path.read_text(errors="replace"))
            if names:
                found[str(path.relative_to(settings.BASE_DIR))] = names
    assert found == {}
    assert named_apps((SHARED / "urls.py").read_text()), "the root URLs wire every app"
