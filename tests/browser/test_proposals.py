"""A professional proposes an event; staff accept, finish and publish it; the agenda shows it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Event
from proposals.models import Proposal, State
from tests.browser.test_accessibility import REFLOW_WIDTH, WIDER_THAN_WINDOW, run_axe
from tests.browser.test_staff import log_in, poster, staff_member
from tests.factories import make_organisation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("immediate_tasks"),
]

TITLE = "Projection-débat « Les Mineurs invisibles »"
LINK = re.compile(r"http://[^/\s]+(/\S+/)")


def link_in(message):
    return LINK.search(message.body).group(1)


@pytest.fixture
def axe_clean(request):
    """Return a function that fails the test if axe finds anything on the page (or no axe)."""
    from tests.browser.test_accessibility import AXE

    if not AXE.exists():
        pytest.skip("no axe-core: run `npm ci` (make test does it)")
    script = AXE.read_text()
    found = {}

    def check(page, name):
        found[name] = run_axe(page, script)

    yield check
    assert found and {name: v for name, v in found.items() if v} == {}


def test_a_proposed_event_is_confirmed_accepted_published_and_announced(
    browse, screenshot, axe_clean, tmp_path, settings, site
):
    settings.SITE_URL = site.url
    partner = make_organisation(name="Mouvement du Nid")

    proposer = browse()
    proposer.goto("/agenda/")
    proposer.get_by_role("link", name="Proposer un événement").click()
    expect(proposer.get_by_role("heading", level=1)).to_have_text("Proposer un événement")
    proposer.get_by_label("Titre", exact=True).fill(TITLE)
    proposer.get_by_label("Type", exact=True).select_option(label="Projection-débat")
    proposer.get_by_label("Premier jour").fill("2031-11-14")
    proposer.get_by_label("Heure de début").fill("20:00")
    proposer.get_by_label("Lieu", exact=True).fill("Cinéma le Palace")
    proposer.get_by_label("Ville").fill("Mulhouse")
    proposer.get_by_label("Département").select_option(label="Haut-Rhin (68)")
    proposer.get_by_label("Organisateur").fill("mouvement du nid")
    proposer.get_by_label("Présentation").fill("Une soirée pour comprendre, suivie d'un débat.")
    proposer.get_by_label("Lien pour en savoir plus").fill("https://exemple.org/palace")
    proposer.get_by_label("Image (facultative)").set_input_files(poster(tmp_path / "affiche.png"))
    proposer.get_by_label("Ce que montre l'image").fill("Affiche de la projection")
    proposer.get_by_label("Votre nom").fill("Camille Martin")
    proposer.get_by_label("Votre structure").fill("Service de prévention, Mulhouse")
    proposer.get_by_label("Votre adresse e-mail").fill("camille@example.org")
    proposer.get_by_label("J'accepte que l'équipe").check()
    screenshot(proposer, "formulaire")
    proposer.get_by_role("button", name="Envoyer ma proposition").click()
    expect(proposer.get_by_role("heading", level=1)).to_have_text(
        "Vérifiez votre boîte aux lettres"
    )
    axe_clean(proposer, "envoyee")
    assert Proposal.objects.get().state == State.UNCONFIRMED

    [confirmation] = mail.outbox
    assert confirmation.to == ["camille@example.org"]
    proposer.goto(link_in(confirmation))
    axe_clean(proposer, "confirmation")
    proposer.get_by_role("button", name="Oui, je confirme ma proposition").click()
    expect(proposer.get_by_role("status")).to_contain_text("est transmise à l'équipe")
    axe_clean(proposer, "confirmee")
    screenshot(proposer, "confirmee")

    staff_member("redaction@example.org", "Rédaction")
    editor = browse()
    log_in(editor, "redaction@example.org")
    editor.get_by_role("link", name="Propositions (1 à examiner)").click()
    editor.get_by_role("link", name=TITLE).click()
    expect(editor.get_by_role("img", name="Affiche de la projection")).to_be_visible()
    expect(editor.locator("a[href='https://exemple.org/palace']")).to_have_count(0)
    screenshot(editor, "proposition")
    editor.get_by_role("button", name="Accepter et créer le brouillon").click()
    expect(editor.locator(".messagelist")).to_contain_text("Proposition acceptée")
    expect(editor.get_by_label("Titre")).to_have_value(TITLE)
    editor.get_by_label("Gratuit").check()
    editor.get_by_label("Modalités d'inscription").fill("sur inscription")
    editor.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(editor.locator(".messagelist")).to_contain_text("a été modifié avec succès")
    event = Event.objects.get()
    assert not event.is_public and event.organisation_list == [partner]
    assert len(mail.outbox) == 1  # nothing to tell yet

    reader = browse()
    reader.goto("/agenda/")
    expect(reader.get_by_role("heading", name=TITLE)).to_have_count(0)

    staff_member("publication@example.org", "Publication")
    publisher = browse()
    log_in(publisher, "publication@example.org")
    publisher.get_by_role("link", name="Événements", exact=True).click()
    publisher.get_by_role("checkbox", name=TITLE).check()
    publisher.get_by_role("combobox", name="Action").select_option(label="Publier maintenant")
    publisher.get_by_role("button", name="Exécuter").click()
    expect(publisher.locator(".messagelist")).to_contain_text("Mise en ligne : 1 événement.")

    reader.goto("/agenda/")
    card = reader.locator("article", has=reader.get_by_role("heading", name=TITLE))
    expect(card).to_contain_text("Cinéma le Palace")
    screenshot(reader, "agenda")
    card.get_by_role("link", name=TITLE, exact=True).click()
    expect(reader.get_by_role("img", name="Affiche de la projection")).to_be_visible()
    expect(reader.get_by_role("link", name="Mouvement du Nid")).to_be_visible()
    # One request at a time: the live server's threads share the test database's connection.
    reader.wait_for_load_state("networkidle")

    announcement = mail.outbox[-1]
    assert len(mail.outbox) == 2 and announcement.to == ["camille@example.org"]
    proposer.goto(link_in(announcement))
    expect(proposer.get_by_role("heading", level=1)).to_have_text(TITLE)
    proposer.wait_for_load_state("networkidle")
    assert Proposal.objects.get().notified_at is not None


@pytest.mark.parametrize("width", [REFLOW_WIDTH, 1280])
def test_refusals_are_accessible_french_pages(chromium, site, axe_clean, settings, width):
    """Pages answered with a 4xx, which a browse() window would count as console errors."""
    context = chromium.new_context(
        base_url=site.url, locale="fr-FR", viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    page.goto("/proposer/")
    axe_clean(page, "proposer")
    page.get_by_role("link", name="Un événement").click()
    page.get_by_label("Lien pour en savoir plus").fill("pas une adresse")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_role("alert")).to_contain_text("n'a pas pu être envoyée")
    expect(page.locator("[aria-invalid=true]")).to_have_count(7)
    axe_clean(page, "formulaire-erreurs")
    assert page.evaluate(WIDER_THAN_WINDOW) == []

    settings.PROPOSALS_PER_ADDRESS_PER_HOUR = 0
    page.get_by_role("button", name="Envoyer ma proposition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Votre proposition n'a pas été envoyée"
    )
    axe_clean(page, "refusee")
    page.goto("/proposer/confirmation/12:abc/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce lien n'est pas valable")
    axe_clean(page, "lien-non-valable")
    context.close()
