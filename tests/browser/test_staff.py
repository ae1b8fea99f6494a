"""An editor prepares an issue in the admin; a publisher publishes it; readers then find it."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from pare.models import Status
from tests.factories import make_event, make_issue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Former au repérage des victimes"
PASSWORD = "une phrase de passe pour les tests"


def staff_member(username, group):
    """A staff member of group (« Rédaction » or « Publication ») who logs in with PASSWORD."""
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def log_in(page, username, token=""):
    page.goto("/admin/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    if token:
        page.get_by_label("Code de vérification").fill(token)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Déconnexion").or_(
        page.get_by_role("button", name="Déconnexion")
    ).wait_for()


def poster(path):
    """A small PNG, as an editor would upload: a poster for the event."""
    image = Image.new("RGB", (640, 360), "#f4f1f6")
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 600, 320), outline="#7a1f5c", width=12)
    draw.ellipse((250, 110, 390, 250), fill="#7a1f5c")
    image.save(path, "PNG")
    return path


def pick(page, field, search, choice):
    """Choose in an autocomplete (select2) by typing, as staff do."""
    page.locator(f"#{field} + .select2").click()
    page.locator(".select2-search__field").fill(search)
    page.get_by_role("option", name=choice).click()


def test_an_editor_prepares_an_issue_and_a_publisher_publishes_it(
    browse, screenshot, tmp_path, settings
):
    day = timezone.localdate() + datetime.timedelta(days=40)
    issue = make_issue(
        year=day.year,
        quarter=(day.month - 1) // 3 + 1,
        status=Status.DRAFT,
        publish_at=None,
        events=[make_event(title="Colloque à Lyon"), make_event(title="Webinaire national")],
    )
    staff_member("redaction@example.org", "Rédaction")

    editor = browse()
    log_in(editor, "redaction@example.org")
    editor.get_by_role("link", name="Événements", exact=True).click()
    editor.get_by_role("link", name="Ajouter Événement").click()
    editor.get_by_label("Titre").fill(TITLE)
    editor.get_by_label("Type").select_option(label="Formation")
    editor.get_by_label("Premier jour").fill(day.strftime("%d/%m/%Y"))
    editor.get_by_label("Heure de début").fill("09:30")
    editor.get_by_label("Ville").fill("Mulhouse")
    pick(editor, "id_department", "Haut-Rhin", "Haut-Rhin (68)")
    editor.get_by_label("Gratuit").check()
    editor.locator("input[type=file]").set_input_files(poster(tmp_path / "affiche.png"))
    editor.get_by_label("Texte alternatif").fill("Affiche de la formation")
    screenshot(editor, "nouvel-evenement")
    editor.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(editor.locator(".messagelist")).to_contain_text("a été ajouté avec succès")

    editor.get_by_role("link", name="Numéros", exact=True).click()
    editor.get_by_role("link", name=issue.title).click()
    agenda = editor.locator("#event_items-group")
    pick(editor, "id_event_items-2-entry", "repérage", TITLE)
    agenda.get_by_role("button", name="Monter la ligne 3").click()
    agenda.get_by_role("button", name="Monter la ligne 2").click()
    screenshot(editor, "numero-ordonne")
    editor.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    expect(editor.locator(".messagelist")).to_contain_text("a été modifié avec succès")
    assert [item.entry.title for item in issue.event_items.order_by("position")] == [
        TITLE,
        "Colloque à Lyon",
        "Webinaire national",
    ]

    editor.get_by_role("link", name="Prévisualiser").click()
    expect(editor.get_by_role("status")).to_contain_text("cette page n'est pas publiée")
    first = editor.locator("#agenda article").first
    expect(first.get_by_role("heading")).to_have_text(TITLE)
    expect(first.get_by_role("img", name="Affiche de la formation")).to_be_visible()
    screenshot(editor, "apercu")

    # Publishers log in with a second factor.
    settings.PARE_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(
        user=staff_member("publication@example.org", "Publication"), name="Téléphone"
    )
    publisher = browse()
    log_in(publisher, "publication@example.org", token=f"{totp(device.bin_key):06d}")
    publisher.get_by_role("link", name="Événements", exact=True).click()
    publisher.get_by_role("checkbox", name=TITLE).check()
    publisher.get_by_role("combobox", name="Action").select_option(label="Publier maintenant")
    publisher.get_by_role("button", name="Exécuter").click()
    expect(publisher.locator(".messagelist")).to_contain_text("Mise en ligne : 1 événement.")
    publisher.get_by_role("link", name="Numéros", exact=True).click()
    publisher.get_by_role("link", name=issue.title).click()
    publisher.get_by_label("Statut").select_option(label="Publié")
    screenshot(publisher, "publication")
    publisher.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(publisher.locator(".messagelist")).to_contain_text("a été modifié avec succès")
    issue.refresh_from_db()
    assert issue.is_public

    reader = browse()
    reader.goto("/")
    reader.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Numéros"
    ).click()
    reader.get_by_role("link", name=f"Lettre du {issue.period}").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(issue.period.capitalize())
    expect(reader.locator(".preview-banner")).to_have_count(0)
    expect(reader.locator("#agenda article").first.get_by_role("heading")).to_have_text(TITLE)
    screenshot(reader, "numero-publie")
