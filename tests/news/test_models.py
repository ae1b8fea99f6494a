import datetime

import pytest
from django.db import IntegrityError, transaction

from news.models import Initiative
from pare.models import Region, Status
from tests.factories import make_initiative, make_organisation


def valid_initiative(**fields):
    values = {"title": "La Boussole", "slug": "la-boussole", "status": Status.DRAFT}
    return Initiative(**{**values, **fields})


@pytest.mark.django_db
def test_valid_initiative_passes():
    valid_initiative(
        phone="07 57 76 46 58", social_network="Snapchat", social_account="ecouteboussole"
    ).full_clean()


@pytest.mark.django_db
def test_national_initiatives_are_those_without_department():
    mist = make_initiative(title="La MIST")
    koutcha = make_initiative(title="Koutcha", happened_on=datetime.date(2023, 10, 18))
    make_initiative(departments=["59"])

    assert set(Initiative.objects.national()) == {mist, koutcha}
    assert koutcha.date_label == "mercredi 18 octobre 2023"


@pytest.mark.django_db
def test_in_region_matches_any_of_the_departments_once():
    auvergne = make_initiative(departments=["43", "63"])
    make_initiative(departments=["973"])
    national = make_initiative()
    region = Region.objects.get(name="Auvergne-Rhône-Alpes")

    assert list(Initiative.objects.in_region(region)) == [auvergne]
    assert set(Initiative.objects.in_region(region, with_national=True)) == {auvergne, national}


@pytest.mark.django_db
def test_overseas_initiative_is_in_its_region():
    guyane = make_initiative(departments=["973"])

    assert list(Initiative.objects.in_region(Region.objects.get(name="Guyane"))) == [guyane]


@pytest.mark.django_db
def test_area_names_the_departments():
    assert make_initiative(departments=["43", "63"]).area == "Haute-Loire et Puy-de-Dôme"
    assert make_initiative(departments=["59"]).area == "Nord"
    assert make_initiative().area == ""


@pytest.mark.django_db
def test_area_label_says_national_for_no_department():
    assert make_initiative(departments=["59"]).area_label == "Nord"
    assert make_initiative().area_label == "National"


def test_contacts_list_each_way_to_reach_with_its_link():
    initiative = valid_initiative(
        phone="07 57 76 46 58",
        email="contact@example.org",
        social_network="Snapchat",
        social_account="ecouteboussole",
    )
    assert initiative.contacts == [
        ("Téléphone", "07 57 76 46 58", "tel:0757764658"),
        ("E-mail", "contact@example.org", "mailto:contact@example.org"),
        ("Snapchat", "ecouteboussole", ""),
    ]
    assert valid_initiative(social_account="boussole").contacts == [
        ("Réseau social", "boussole", "")
    ]
    assert valid_initiative().contacts == []


@pytest.mark.django_db
def test_carriers_keep_their_order():
    metropole = make_organisation(name="Métropole de Lyon")
    relais = make_organisation(name="Le Relais")
    initiative = make_initiative(organisations=[relais, metropole])

    assert initiative.organisation_list == [relais, metropole]


@pytest.mark.django_db
def test_an_organisation_carries_an_initiative_once():
    relais = make_organisation(name="Le Relais")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_initiative(organisations=[relais, relais])
