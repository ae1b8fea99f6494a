"""Every CheckConstraint an admin form can hit shows a plain French message next to its field."""

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from events.models import Event, Session
from news.models import Initiative
from newsletters.models import Issue
from pare.models import FieldCheck, Organisation, Publishable, Status
from resources.models import Resource
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
)
from tests.pare.test_admin import no_second_factor, post_data, url  # noqa: F401 (autouse fixture)
from tests.pare.test_images import picture, storage  # noqa: F401 (autouse fixture)

FIXTURES = {
    Event: lambda: make_event(sessions=[{"title": "Module 1", "first_day": "2030-05-10"}]),
    Organisation: make_organisation,
    Initiative: make_initiative,
    Resource: make_resource,
    Issue: make_issue,
}
# Inline rows, edited on their parent's page: (parent model, form prefix).
INLINES = {Session: (Event, "sessions-0-")}


def image():
    return SimpleUploadedFile("affiche.png", picture("PNG", size=(40, 30)), "image/png")


# How to break each rule from the form, by the end of the constraint's name.
BREAKS = {
    "_status_valid": {"status": "n-importe-quoi"},
    "_kind_valid": {"kind": "n-importe-quoi"},
    "_registration_valid": {"registration": "n-importe-quoi"},
    "_reviewed_before_publication": {"status": Status.PUBLISHED, "review_notes": "La date ?"},
    "_quarter_1_to_4": {"quarter": "5"},
    "_image_has_alt": {"image": image, "image_alt": ""},
    "_cta_has_one_target": {"cta_label": "", "cta_url": "https://example.org"},
    "_last_day_after_first": {"first_day": "2030-05-10", "last_day": "2030-05-09"},
    "_end_time_after_start": {"start_time": "", "end_time": "18:00"},
    "event_free_has_no_price": {"is_free": "on", "price": "10 €"},
    "_in_france_or_abroad": {"department": "75", "abroad": "Belgique"},
    "event_in_france_names_its_department": {"department": "", "abroad": "", "is_online": None},
}
# What the entry must hold before the form can break the rule: notes show only once there are some.
PRESETS = {"_reviewed_before_publication": {"status": Status.DRAFT, "review_notes": "La date ?"}}
# Filled in rather than refused: published without a date means published now.
REPAIRED = {
    "_published_has_date": {"status": Status.PUBLISHED, "publish_at_0": "", "publish_at_1": ""}
}


def content_constraints():
    """Every CheckConstraint of the models staff edit in the admin, with its model."""
    content = [m for m in admin.site._registry if issubclass(m, Publishable)] + [*INLINES]
    return [
        pytest.param(model, constraint, id=constraint.name)
        for model in content
        for constraint in model._meta.constraints
        if isinstance(constraint, models.CheckConstraint)
    ]


def recipe(table, name):
    return next((changes for end, changes in table.items() if name.endswith(end)), None)


@pytest.mark.parametrize(("model", "constraint"), content_constraints())
def test_every_check_constraint_shows_a_french_message_next_to_its_field(
    admin_client, model, constraint
):
    assert isinstance(constraint, FieldCheck), "a message, in French, for a field"
    changes = recipe(BREAKS, constraint.name)
    repaired = recipe(REPAIRED, constraint.name)
    assert changes or repaired, f"say how the admin form can hit {constraint.name}"
    parent, prefix = INLINES.get(model, (model, ""))
    entry = FIXTURES[parent]()
    if preset := recipe(PRESETS, constraint.name):
        type(entry).objects.filter(pk=entry.pk).update(**preset)
    page = admin_client.get(url(parent, "change", entry.pk))
    data = {f"{prefix}{k}": v() if callable(v) else v for k, v in (changes or repaired).items()}

    response = admin_client.post(url(parent, "change", entry.pk), post_data(page, **data))

    if repaired:
        assert response.status_code == 302
        entry.refresh_from_db()
        assert entry.publish_at is not None
        return
    assert response.status_code == 200
    forms = [response.context["adminform"].form] + [
        form for inline in response.context["inline_admin_formsets"] for form in inline.formset
    ]
    messages = [message for form in forms for message in form.errors.get(constraint.field, [])]
    assert messages, f"no message on « {constraint.field} »"
    assert all(form.non_field_errors() == [] for form in forms)
    assert constraint.name not in response.text
    assert "contrainte" not in response.text.lower()
