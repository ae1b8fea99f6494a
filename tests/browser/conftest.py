"""Real Chromium, driven by Playwright, on the live server: staff and readers at work."""

import re

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import sync_playwright

from tests.browser.chromium import ARGS, CHROMIUM, MISSING, WIDTHS

SCREENSHOTS = settings.BASE_DIR / "artifacts" / "screenshots"


@pytest.fixture(scope="package")
def chromium(django_db_setup):
    if CHROMIUM is None:
        pytest.skip(MISSING)
    # Under Playwright, the tests run in a context (contextvars) of its own, where Django would
    # open new connections to the test database, without what serialized_rollback restores.
    test_databases = {alias: connections[alias] for alias in connections}
    # Playwright's event loop runs beside the test code, which Django would take for async code
    # calling the ORM: the tests, like the live server, are synchronous.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, connection in test_databases.items():
            connections[alias] = connection
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(settings, tmp_path, live_server):
    """The live server, its uploads in a temporary folder; every page is computed afresh."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARE_REQUIRE_2FA = False
    return live_server


@pytest.fixture
def browse(chromium, site):
    """Return a function that opens a new browser window (a person: staff or reader).

    Each window fails the test on a JavaScript error or a refused script (CSP).
    """
    contexts, errors = [], []

    def new_page(**options):
        context = chromium.new_context(
            base_url=site.url,
            locale="fr-FR",
            timezone_id="Europe/Paris",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
            **options,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        return page

    yield new_page
    for context in contexts:
        context.close()
    # A 404 page is a page the tests ask for; anything else in red in the console is a bug.
    assert [error for error in errors if "status of 404" not in error] == []


@pytest.fixture
def screenshot(request):
    """Return a function that saves the page at 375 px and 1280 px wide, for people to look at.

    Files go to artifacts/screenshots/, named after the test and the step, which CI keeps.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test = re.sub(r"\W+", "-", request.node.name.removeprefix("test_")).strip("-")
    for old in SCREENSHOTS.glob(f"{test}-*.png"):
        old.unlink()
    steps = iter(range(1, 100))

    def save(page, step):
        size = page.viewport_size
        number = next(steps)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            path = SCREENSHOTS / f"{test}-{number:02d}-{step}-{width}.png"
            page.screenshot(path=path, full_page=True)
        page.set_viewport_size(size)

    return save
