"""What the entries share (pare.models): publication, an image's alternative text, a button.

Each invariant is tested once, over every model that has it.
"""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Event
from news.models import Initiative
from newsletters.models import Issue
from pare.models import CallToAction, Illustrated, Organisation, Publishable, Status
from resources.models import Resource
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
)

_years = itertools.count(2001)

MAKERS = {
    Event: make_event,
    Initiative: make_initiative,
    Resource: make_resource,
    Organisation: make_organisation,
    Issue: lambda **fields: make_issue(year=next(_years), **fields),
}


def models_with(mixin):
    return pytest.mark.parametrize(
        "model", [model for model in MAKERS if issubclass(model, mixin)], ids=lambda m: m.__name__
    )


def errors(entry):
    with pytest.raises(ValidationError) as excinfo:
        entry.full_clean()
    return excinfo.value.message_dict


def assert_refused_by_the_database(model, entry, **values):
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=entry.pk).update(**values)


# Publication: drafts and scheduled entries never reach the public.


@pytest.mark.django_db
@models_with(Publishable)
def test_published_returns_only_published_entries_that_are_due(model):
    now = timezone.now()
    make = MAKERS[model]
    due = make(publish_at=now - datetime.timedelta(minutes=1))
    make(publish_at=now + datetime.timedelta(minutes=5))
    make(status=Status.DRAFT)
    make(status=Status.DRAFT, publish_at=now - datetime.timedelta(days=1))

    assert list(model.objects.published()) == [due]


@pytest.mark.django_db
@models_with(Publishable)
def test_scheduled_entry_becomes_public_when_due(model, monkeypatch):
    now = timezone.now()
    entry = MAKERS[model](publish_at=now + datetime.timedelta(hours=1))
    assert not model.objects.published().exists()
    assert entry.is_scheduled and not entry.is_public

    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(hours=2))

    assert list(model.objects.published()) == [entry]
    assert entry.is_public and not entry.is_scheduled


@pytest.mark.django_db
@models_with(Publishable)
def test_save_dates_an_entry_published_without_a_date(model):
    before = timezone.now()

    entry = MAKERS[model](publish_at=None)

    assert before <= entry.publish_at <= timezone.now()
    assert entry in model.objects.published()


@pytest.mark.django_db
@models_with(Publishable)
def test_full_clean_dates_an_entry_published_without_a_date(model):
    entry = MAKERS[model](status=Status.DRAFT)
    entry.status = Status.PUBLISHED

    entry.full_clean()

    assert entry.publish_at is not None
    assert entry.publish_at <= timezone.now()


@pytest.mark.django_db
@models_with(Publishable)
def test_save_leaves_a_draft_undated(model):
    assert MAKERS[model](status=Status.DRAFT).publish_at is None


@pytest.mark.django_db
@models_with(Publishable)
def test_database_refuses_a_published_row_without_a_date_or_an_unknown_status(model):
    entry = MAKERS[model]()

    assert_refused_by_the_database(model, entry, publish_at=None)
    assert_refused_by_the_database(model, entry, status="archived")


@pytest.mark.django_db
@models_with(Publishable)
def test_visible_to_shows_drafts_to_staff_only(model, django_user_model):
    draft = MAKERS[model](status=Status.DRAFT)
    public = MAKERS[model]()
    reader = django_user_model.objects.create_user("reader", password="x")
    staff = django_user_model.objects.create_superuser("staff", password="x")

    assert list(model.objects.visible_to(reader)) == [public]
    assert set(model.objects.visible_to(staff)) == {draft, public}


# Images need their alternative text.


@pytest.mark.django_db
@models_with(Illustrated)
def test_image_without_alt_text_is_refused_on_the_alt_field(model):
    entry = MAKERS[model]()
    entry.image = "images/logo.png"

    assert "texte alternatif" in " ".join(errors(entry)["image_alt"])
    entry.image_alt = "   "
    assert "image_alt" in errors(entry)
    entry.image_alt = "Le logo"
    entry.full_clean()


@pytest.mark.django_db
@models_with(Illustrated)
def test_database_refuses_an_image_without_alt_text(model):
    assert_refused_by_the_database(model, MAKERS[model](), image="images/logo.png")


# A button has a label and one target: a link or an e-mail address.


@pytest.mark.django_db
@models_with(CallToAction)
@pytest.mark.parametrize(
    ("saved", "change", "field", "message"),
    [
        ({}, {"cta_label": "S'inscrire"}, "cta_label", "ne mène nulle part"),
        (
            {"cta_label": "S'inscrire", "cta_url": "https://ecpat-france.fr"},
            {"cta_email": "gvuillard@ecpat-france.org"},
            "cta_email",
            "soit à un lien, soit à une adresse e-mail",
        ),
        ({}, {"cta_url": "https://ecpat-france.fr"}, "cta_label", "libellé"),
    ],
    ids=["label-without-target", "both-targets", "target-without-label"],
)
def test_a_button_needs_a_label_and_one_target(model, saved, change, field, message):
    entry = MAKERS[model](**saved)
    for name, value in change.items():
        setattr(entry, name, value)

    assert message in " ".join(errors(entry)[field])
    assert_refused_by_the_database(model, entry, **change)


@pytest.mark.django_db
@models_with(CallToAction)
def test_button_points_to_its_link_or_email(model):
    make = MAKERS[model]
    by_link = make(cta_label="S'inscrire", cta_url="https://www.ciivise.fr")
    by_email = make(cta_label="S'inscrire", cta_email="gvuillard@ecpat-france.org")

    assert by_link.cta_href == "https://www.ciivise.fr"
    assert by_email.cta_href == "mailto:gvuillard@ecpat-france.org"
    assert make().cta_href == ""
