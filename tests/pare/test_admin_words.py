"""The admin reads as French speakers expect: what a button or a page adds, what a slug is."""

import html
import json
import re

import pytest
from django.urls import reverse

from events.models import Event
from pare.models import Organisation
from tests.pare.test_admin import no_second_factor, url  # noqa: F401 (autouse fixture)


def add_texts(page):
    found = re.findall(r'data-inline-formset="([^"]+)"', page.text)
    return [json.loads(html.unescape(data))["options"]["addText"] for data in found]


@pytest.mark.django_db
def test_inline_buttons_say_what_they_add(admin_client):
    page = admin_client.get(url(Event, "add"))

    assert add_texts(page) == ["Ajouter un organisateur", "Ajouter une session"]
    assert "supplémentaire" not in page.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "title"),
    [(Organisation, "Ajout d'une organisation partenaire"), (Event, "Ajout d'un événement")],
)
def test_add_pages_are_titled_in_good_french(admin_client, model, title):
    page = admin_client.get(url(model, "add"))

    assert page.context["title"] == title
    assert f"<h1>{html.escape(title)}</h1>" in page.text


@pytest.mark.django_db
def test_the_address_slug_is_explained(admin_client):
    page = admin_client.get(url(Event, "add"))

    assert "La fin de l'adresse de la page" in page.text


@pytest.mark.django_db
def test_third_party_sections_are_named_in_french(admin_client):
    page = admin_client.get(reverse("admin:index"))
    names = [app["name"] for app in page.context["app_list"]]

    assert {
        "Connexions refusées et comptes verrouillés",
        "Double authentification",
        "Travail en arrière-plan (envois, invitations, purges)",
    } <= set(names)
    assert not {"Axes", "OTP_TOTP", "Tasks Database Backend"} & set(names)
    [tasks] = [
        app for app in page.context["app_list"] if app["app_label"] == "django_tasks_database"
    ]
    assert [model["name"] for model in tasks["models"]] == ["Tâches en arrière-plan"]
    app = admin_client.get(reverse("admin:app_list", args=["otp_totp"]))
    assert app.context["title"] == "Administration de Double authentification"
