"""The personal-data page says what is counted for reach, unless staff reworded it already."""

import importlib

import pytest
from django.apps import apps

from pare.models import Page, PageKind

pytestmark = pytest.mark.django_db

migration = importlib.import_module("pare.migrations.0010_personal_data_page_counts_reach")


def page():
    return Page.objects.get(kind=PageKind.PERSONAL_DATA)


def test_the_page_says_what_is_counted_and_that_nothing_identifies_a_reader(client):
    html = client.get(page().get_absolute_url()).text
    assert "<h2>Ce que le site compte</h2>" in html
    for counted in ("Afficher dans le navigateur", ".ics", "par numéro, par lien et par jour"):
        assert counted in html, counted
    assert "Aucun cookie" in html and "aucune adresse IP ni aucun identifiant" in html
    assert "ni les robots" in html and "Un réglage du site arrête tout comptage" in html


def test_a_page_still_in_its_draft_wording_is_reworded():
    Page.objects.filter(kind=PageKind.PERSONAL_DATA).update(body=migration.DRAFT)

    migration.say_what_is_counted(apps, None)

    assert page().body == migration.WORDING
    assert page().body.count("## Ce que le site compte") == 1
    migration.back_to_the_draft(apps, None)
    assert page().body == migration.DRAFT


def test_a_page_staff_edited_is_left_as_they_wrote_it():
    edited = migration.DRAFT.replace("[à compléter : par exemple trois ans]", "trois ans")
    Page.objects.filter(kind=PageKind.PERSONAL_DATA).update(body=edited)

    migration.say_what_is_counted(apps, None)

    assert page().body == edited
    Page.objects.filter(kind=PageKind.PERSONAL_DATA).update(body="Notre propre texte.")
    migration.say_what_is_counted(apps, None)
    migration.back_to_the_draft(apps, None)
    assert page().body == "Notre propre texte."
