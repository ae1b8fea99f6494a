"""Every kind of public page, with the demo issue loaded, passes axe-core at WCAG 2.1 A and AA."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.chromium import WIDTHS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """tags => axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
}).then(results => results.violations.map(violation => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map(node => node.target.join(" ")),
})))"""
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Reflow (WCAG 1.4.10), which axe does not check: nothing scrolls sideways, even at 320 px.
REFLOW_WIDTH = 320
WIDER_THAN_WINDOW = """() => Array.from(document.querySelectorAll("body *"))
    .filter(element => element.getBoundingClientRect().right > innerWidth + 1)
    .filter(element => !element.closest(".visually-hidden, .skip-link"))
    .map(element => `${element.tagName}: ${element.textContent.trim().slice(0, 60)}`)"""

# One page of each kind; the entries are the demo's richest of their kind.
PAGES = {
    "accueil": reverse("home"),
    "numeros": reverse("newsletters:archive"),
    "numero": reverse("newsletters:detail", kwargs={"year": 2023, "quarter": 3}),
    "agenda": reverse("events:index"),
    "agenda-passes": reverse("events:index") + "?periode=passes&region=ile-de-france",
    "agenda-erreurs": reverse("events:index") + "?region=atlantide&du=2023-13-45",
    "evenement": reverse("events:detail", args=["formation-ecpat-france-paris-novembre-2023"]),
    "initiatives": reverse("news:index"),
    "initiative": reverse("news:detail", args=["haute-loire-puy-de-dome-projet-bts-esf"]),
    "ressources": reverse("resources:index"),
    "ressource": reverse(
        "resources:detail", args=["livre-violences-sexuelles-entre-mineurs-artege"]
    ),
    "partenaires": reverse("organisations:index"),
    "partenaires-gironde": reverse("organisations:index") + "?departement=33",
    "agenda-contradiction": reverse("events:index") + "?region=occitanie&departement=33",
    "mentions-legales": reverse("page", kwargs={"kind": "mentions-legales"}),
    "donnees-personnelles": reverse("page", kwargs={"kind": "donnees-personnelles"}),
    "accessibilite": reverse("page", kwargs={"kind": "accessibilite"}),
    "partenaire": reverse("organisations:detail", args=["fondation-droit-denfance"]),
    "recherche": reverse("search") + "?q=prostitution",
    "inscription": reverse("subscriptions:subscribe"),
    "proposer": reverse("proposals:index"),
    "proposer-evenement": reverse("proposals:propose", args=["evenement"]),
    "page-introuvable": "/cette-page-n-existe-pas/",
}


@pytest.fixture
def axe():
    if not AXE.exists():
        pytest.skip("no axe-core: run `npm ci` (make test does it)")
    return AXE.read_text()


def run_axe(page, axe):
    # Injected through the driver (DevTools), which the site's CSP does not govern: the page
    # itself runs no script that is not its own.
    page.evaluate(axe)
    return page.evaluate(RUN_AXE, TAGS)


def test_axe_reports_what_breaks_wcag(browse, axe):
    page = browse()
    page.goto(PAGES["page-introuvable"])
    page.evaluate(
        """() => {
            document.documentElement.removeAttribute("lang");
            document.querySelector("main").innerHTML += '<img src="x.png"><a href="/"></a>';
        }"""
    )

    found = {violation["id"] for violation in run_axe(page, axe)}

    assert found == {"html-has-lang", "image-alt", "link-name"}


@pytest.mark.parametrize("width", WIDTHS)
def test_every_kind_of_public_page_has_no_wcag_a_or_aa_violation(browse, axe, screenshot, width):
    call_command("load_demo", stdout=StringIO())
    reader = browse()
    reader.set_viewport_size({"width": width, "height": 800})
    found, too_wide = {}, {}

    def check(name):
        found[name] = run_axe(reader, axe)
        for window in (width, REFLOW_WIDTH) if width == min(WIDTHS) else (width,):
            reader.set_viewport_size({"width": window, "height": 800})
            if overflow := reader.evaluate(WIDER_THAN_WINDOW):
                too_wide[f"{name} ({window} px)"] = overflow
        reader.set_viewport_size({"width": width, "height": 800})
        if width == WIDTHS[-1]:
            screenshot(reader, name)

    for name, path in PAGES.items():
        response = reader.goto(path)
        assert response.status == (404 if name == "page-introuvable" else 200), name
        if name == "agenda-erreurs":
            expect(reader.locator("[aria-invalid=true]")).to_have_count(2)
        if name.startswith("partenaires") or name.startswith("agenda"):
            reader.get_by_text("Les chiffres de la carte, en tableau").click()  # axe sees the table
        check(name)
        if name == "inscription":
            reader.get_by_role("button", name="M'inscrire").click()
            expect(reader.get_by_role("alert")).to_contain_text("n'a pas pu être envoyé")
            check("inscription-erreurs")

    assert len(found) == len(PAGES) + 1
    assert {name: violations for name, violations in found.items() if violations != []} == {}
    assert too_wide == {}
