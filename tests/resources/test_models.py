import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pare.models import Status
from resources.models import Resource, ResourceKind, ResourceOrganisation
from tests.factories import make_organisation, make_resource


def valid_resource(**fields):
    values = {
        "title": "Violences sexuelles entre mineurs",
        "slug": "violences-sexuelles-entre-mineurs",
        "kind": ResourceKind.BOOK,
        "status": Status.DRAFT,
    }
    return Resource(**{**values, **fields})


@pytest.mark.django_db
def test_valid_resource_passes():
    valid_resource(
        authors="Olivia Sarton et Claire de Gatellier (dir.)",
        publisher="Éditions Artège",
        cta_label="Découvrir",
        cta_url="https://www.editionsartege.fr",
    ).full_clean()


@pytest.mark.django_db
def test_unknown_kind_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        valid_resource(kind="bande-dessinee").full_clean()

    assert "kind" in excinfo.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        make_resource(kind="bande-dessinee")


@pytest.mark.django_db
def test_latest_release_first():
    older = make_resource(released_on=datetime.date(2023, 10, 12))
    newer = make_resource(released_on=datetime.date(2023, 10, 18))

    assert list(Resource.objects.filter(pk__in=[older.pk, newer.pk])) == [newer, older]


@pytest.mark.django_db
def test_organisations_keep_their_order():
    m2pf = make_organisation(name="M2PF 33")
    gendarmerie = make_organisation(name="Gendarmerie nationale")
    resource = make_resource()
    ResourceOrganisation.objects.create(resource=resource, organisation=gendarmerie, position=1)
    ResourceOrganisation.objects.create(resource=resource, organisation=m2pf, position=0)

    assert resource.organisation_list == [m2pf, gendarmerie]


@pytest.mark.parametrize(
    ("fields", "byline"),
    [
        (
            {
                "authors": "Anne Dupont",
                "publisher": "Artège",
                "released_on": datetime.date(2023, 10, 12),
            },
            "Anne Dupont — Artège, jeudi 12 octobre 2023",
        ),
        ({"authors": "Anne Dupont"}, "Anne Dupont"),
        (
            {"publisher": "La Croix", "released_on": datetime.date(2023, 10, 12)},
            "La Croix, jeudi 12 octobre 2023",
        ),
        ({"released_on": datetime.date(2023, 10, 12)}, "jeudi 12 octobre 2023"),
        ({}, ""),
    ],
)
def test_byline_says_who_made_it_and_when(fields, byline):
    assert valid_resource(**fields).byline == byline
