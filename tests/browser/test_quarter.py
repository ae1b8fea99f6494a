"""A publisher assembles the next issue from the quarter's entries and publishes it: few clicks."""

import datetime

import pytest
from playwright.sync_api import expect

from newsletters.models import Issue
from pare.models import Status
from tests.browser.test_accessibility import axe, run_axe  # noqa: F401 (fixture)
from tests.browser.test_staff import log_in, staff_member
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

D = datetime.date
SUMMER = datetime.datetime(2023, 7, 3, 8, tzinfo=datetime.UTC)
MAX_CLICKS = 12  # it took 97 before « Proposer le contenu » and the one-step publication


class Clicks:
    """Every click the person makes, counted."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        self.count += 1
        locator.click()


def test_the_next_issue_is_assembled_and_published_in_a_dozen_clicks(browse, screenshot):
    make_issue(
        year=2023,
        quarter=3,
        publish_at=SUMMER,
        introduction="Chers partenaires, voici les nouvelles du réseau.",
        events=[make_event(title="Colloque de l'été", first_day=D(2023, 9, 14))],
    )
    partner = make_organisation(name="Association nouvelle", status=Status.DRAFT)
    make_event(title="Procès fictif à Clichy", first_day=D(2023, 11, 22), department="92")
    make_event(
        title="Formation ECPAT",
        first_day=D(2023, 10, 17),
        status=Status.DRAFT,
        department="75",
        organisers=[partner],
    )
    make_initiative(title="Maraude de nuit à Lyon", departments=["69"], status=Status.DRAFT)
    make_resource(title="Podcast « Loin des yeux »")
    staff_member("publication@example.org", "Publication")

    page = browse()
    log_in(page, "publication@example.org")
    click = Clicks()
    click(page.get_by_role("link", name="Numéros", exact=True))
    click(page.get_by_role("link", name="Ajouter Numéro"))
    expect(page.get_by_label("Introduction")).to_have_value(
        "Chers partenaires, voici les nouvelles du réseau."
    )
    click(page.get_by_role("button", name="Enregistrer et continuer les modifications"))
    click(page.get_by_role("link", name="Proposer le contenu"))
    screenshot(page, "proposer")
    click(page.get_by_role("button", name="Ajouter au numéro"))
    expect(page.get_by_text("4 contenus ajoutés")).to_be_visible()
    click(page.get_by_role("link", name="Publier avec ses contenus"))
    expect(page.get_by_role("rowheader", name="Association nouvelle")).to_be_visible()
    screenshot(page, "publier")
    click(page.get_by_role("button", name="Publier le numéro et ces contenus"))
    expect(page.get_by_text("est en ligne")).to_be_visible()
    click(page.get_by_role("link", name="Voir sur le site").first)

    assert click.count <= MAX_CLICKS
    expect(page.get_by_role("heading", level=1)).to_contain_text("4e trimestre 2023")
    agenda = page.locator("#agenda")
    expect(agenda.locator(".entry-title")).to_have_text(
        ["Formation ECPAT", "Procès fictif à Clichy"]
    )
    expect(page.locator(".entry-title", has_text="Maraude de nuit à Lyon")).to_be_visible()
    expect(page.locator(".entry-title", has_text="Podcast « Loin des yeux »")).to_be_visible()
    expect(page.get_by_text("Colloque de l'été")).to_have_count(0)
    screenshot(page, "numero-public")
    assert Issue.objects.published().get(quarter=4).event_items.count() == 2
    print(f"clicks: {click.count}")


def test_the_new_admin_pages_have_no_wcag_violation_the_admin_itself_has_not(  # noqa: F811
    browse,
    axe,  # noqa: F811
    screenshot,
):
    summer = make_issue(year=2023, quarter=3, publish_at=SUMMER)
    draft = make_issue(year=2023, quarter=4, status=Status.DRAFT, publish_at=None)
    make_event(title="Formation ECPAT", first_day=D(2023, 10, 17), status=Status.DRAFT)
    Issue.objects.filter(pk=draft.pk).update(ready_for_review_at=SUMMER)
    staff_member("publication@example.org", "Publication")
    page = browse()
    log_in(page, "publication@example.org")

    def violations(path, name=None):
        page.goto(path)
        if name:
            screenshot(page, name)
        return {violation["id"] for violation in run_axe(page, axe)}

    admin_own = violations(f"/admin/newsletters/issue/{summer.pk}/change/") | violations(
        "/admin/newsletters/issue/"
    )
    new_pages = {
        "index": violations("/admin/"),
        "proposer": violations(f"/admin/newsletters/issue/{draft.pk}/proposer/"),
        "publier": violations(f"/admin/newsletters/issue/{draft.pk}/publier/"),
        "numero": violations(f"/admin/newsletters/issue/{draft.pk}/change/"),
        "edition-email": violations(
            f"/admin/newsletters/issue/{summer.pk}/edition-email/", "edition-email"
        ),
        "import-abonnes": violations("/admin/newsletters/subscriber/importer/", "import-abonnes"),
    }

    assert {name: found - admin_own for name, found in new_pages.items()} == {
        name: set() for name in new_pages
    }
