"""Review notes: what a person must check on an entry, a draft until they are cleared."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Event
from news.models import Initiative
from pare.models import Status
from resources.models import Resource
from tests.factories import make_event, make_initiative, make_resource
from tests.pare.test_admin import (
    PUBLISHERS,
    messages_of,
    no_second_factor,  # noqa: F401 (autouse fixture)
    post_data,
    staff,
    url,
)

NOTE = "Le bouton « S'inscrire » a perdu son lien à l'export."
MAKERS = {Event: make_event, Initiative: make_initiative, Resource: make_resource}


@pytest.mark.django_db
@pytest.mark.parametrize("model", MAKERS, ids=lambda model: model.__name__)
def test_the_database_refuses_a_published_entry_with_notes(model):
    entry = MAKERS[model](status=Status.DRAFT, review_notes=NOTE)
    entry.status, entry.publish_at = Status.PUBLISHED, None

    with pytest.raises(ValidationError, match="points restent à vérifier"):
        entry.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        entry.save()
    assert model.objects.get(pk=entry.pk).status == Status.DRAFT


@pytest.mark.django_db
def test_blank_notes_are_no_notes():
    event = make_event(status=Status.DRAFT, review_notes="  \n ")

    assert event.review_notes == ""
    assert event.review_note_list == []


@pytest.mark.django_db
def test_the_list_counts_the_notes_and_filters_entries_to_check(admin_client):
    make_event(title="À relire", status=Status.DRAFT, review_notes=f"{NOTE}\nAutre point.")
    make_event(title="Propre")

    response = admin_client.get(url(Event, "changelist"), {"a_verifier": "oui"})

    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [event.title for event in rows] == ["À relire"]
    assert '<td class="field-review">2</td>' in response.text


@pytest.mark.django_db
def test_the_form_shows_the_notes_first_and_clearing_them_allows_publishing(client):
    event = make_event(status=Status.DRAFT, review_notes=NOTE)
    staff(client, PUBLISHERS)

    page = client.get(url(Event, "change", event.pk))
    fieldsets = page.context["adminform"].fieldsets
    assert fieldsets[0][1]["fields"] == ("review_notes",)
    assert html.escape(NOTE) in page.text

    refused = client.post(url(Event, "change", event.pk), post_data(page, status="published"))
    assert refused.status_code == 200
    assert "Des points restent à vérifier" in refused.text
    assert Event.objects.get(pk=event.pk).status == Status.DRAFT

    client.post(
        url(Event, "change", event.pk), post_data(page, status="published", review_notes="")
    )
    assert Event.objects.get(pk=event.pk).is_public


@pytest.mark.django_db
def test_the_publish_action_refuses_an_entry_with_notes(client):
    noted = make_initiative(title="À relire", status=Status.DRAFT, review_notes=NOTE)
    clean = make_initiative(title="Prête", status=Status.DRAFT)
    staff(client, PUBLISHERS)

    response = client.post(
        url(Initiative, "changelist"),
        {"action": "publish", "_selected_action": [noted.pk, clean.pk]},
        follow=True,
    )

    assert any("« À relire » : publication refusée" in m for m in messages_of(response))
    assert Initiative.objects.get(pk=noted.pk).status == Status.DRAFT
    assert Initiative.objects.get(pk=clean.pk).is_public
