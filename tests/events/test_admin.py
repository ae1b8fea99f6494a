import datetime

import pytest

from events.models import Event, EventOrganiser
from newsletters.models import Issue
from pare.models import Organisation, Status
from tests.factories import make_event, make_issue, make_organisation
from tests.pare.html import active_content
from tests.pare.test_admin import (
    EDITORS,
    no_second_factor,  # noqa: F401 (autouse fixture)
    post_data,
    staff,
    url,
)


@pytest.mark.django_db
def test_event_change_form_shows_its_organisers_and_sessions(admin_client):
    event = make_event(
        title="Formation ECPAT",
        organisers=[make_organisation(name="ECPAT France")],
        sessions=[{"title": "Module 1 : repérer", "first_day": datetime.date(2023, 11, 21)}],
    )

    response = admin_client.get(url(Event, "change", event.pk))

    assert response.status_code == 200
    assert "ECPAT France" in response.text
    assert 'value="Module 1 : repérer"' in response.text
    assert "admin/js/reorder.js" in response.text
    assert response.text.count("data-reorder") >= 2
    assert active_content(response) == []


@pytest.mark.django_db
def test_an_editor_creates_an_event_with_its_organisers_in_order(client):
    first, second = make_organisation(name="Alter Égaux"), make_organisation(name="CIDFF")
    staff(client, EDITORS)
    page = client.get(url(Event, "add"))

    response = client.post(
        url(Event, "add"),
        post_data(
            page,
            title="Procès fictif",
            slug="proces-fictif",
            kind="proces-fictif",
            first_day="2023-11-22",
            **{
                "organisation_links-TOTAL_FORMS": "2",
                "organisation_links-0-organisation": str(second.pk),
                "organisation_links-0-position": "1",
                "organisation_links-1-organisation": str(first.pk),
                "organisation_links-1-position": "0",
            },
        ),
    )

    assert response.status_code == 302
    event = Event.objects.get(slug="proces-fictif")
    assert event.status == Status.DRAFT
    assert event.organisation_list == [first, second]


@pytest.mark.django_db
def test_events_filter_by_region_through_their_department(admin_client):
    make_event(title="À Mulhouse", department="68")
    make_event(title="À Gap", department="05")

    response = admin_client.get(url(Event, "changelist"), {"department__region__code__exact": "44"})

    assert [event.title for event in response.context["cl"].result_list] == ["À Mulhouse"]


@pytest.mark.django_db
def test_event_list_queries_do_not_grow_with_events(admin_client, django_assert_max_num_queries):
    for number in range(20):
        make_event(title=f"Événement {number}", department="68", status=Status.DRAFT)

    with django_assert_max_num_queries(15):
        response = admin_client.get(url(Event, "changelist"))

    assert len(response.context["cl"].result_list) == 20


@pytest.mark.django_db
def test_deleting_an_event_an_issue_shows_is_refused(admin_client):
    event = make_event(title="Webinaire")
    make_issue(events=[event])

    page = admin_client.get(url(Event, "delete", event.pk))
    response = admin_client.post(url(Event, "delete", event.pk), {"post": "yes"})

    assert page.status_code == response.status_code == 200
    assert page.context["protected"]
    assert Event.objects.filter(pk=event.pk).exists()
    assert Issue.objects.get().event_items.count() == 1


@pytest.mark.django_db
def test_bulk_deleting_an_event_an_issue_shows_is_refused(admin_client):
    shown, alone = make_event(title="Dans le numéro"), make_event(title="Seul")
    make_issue(events=[shown])

    response = admin_client.post(
        url(Event, "changelist"),
        {"action": "delete_selected", "_selected_action": [shown.pk, alone.pk], "post": "yes"},
    )

    assert response.status_code == 200
    assert response.context["protected"]
    assert Event.objects.count() == 2


@pytest.mark.django_db
def test_deleting_an_event_deletes_its_organiser_links_not_the_organisation(admin_client):
    organisation = make_organisation()
    event = make_event(organisers=[organisation])

    response = admin_client.post(url(Event, "delete", event.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not EventOrganiser.objects.exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def save_event(client, event, **changes):
    page = client.get(url(Event, "change", event.pk))
    return client.post(url(Event, "change", event.pk), post_data(page, **changes), follow=True)


def place_messages(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.django_db
def test_a_city_that_is_a_known_commune_proposes_its_department(admin_client):
    event = make_event(title="Colloque", department=None, status=Status.DRAFT)

    response = save_event(admin_client, event, city="Mulhouse", department="")

    event.refresh_from_db()
    assert event.department_id == "68"
    assert "Département renseigné d'après la commune « Mulhouse » : Haut-Rhin (68)." in (
        place_messages(response)
    )


@pytest.mark.django_db
def test_a_department_staff_chose_is_kept_and_a_mismatch_is_pointed_out(admin_client):
    event = make_event(title="Colloque", department="38")

    response = save_event(admin_client, event, city="Mulhouse", department="38")

    event.refresh_from_db()
    assert event.department_id == "38"
    assert (
        "« Mulhouse » est une commune de : Haut-Rhin (68) ; l'événement est placé en Isère (38). "
        "Vérifiez le département."
    ) in place_messages(response)


@pytest.mark.django_db
def test_a_name_several_communes_share_asks_which_one_before_publishing(admin_client):
    event = make_event(title="Colloque", department="93")

    response = save_event(admin_client, event, city="Saint-Denis", department="")

    assert response.status_code == 200  # refused, with the choice to make
    [error] = response.context["adminform"].form.errors["department"]
    assert error.startswith("Plusieurs communes s'appellent « Saint-Denis » : La Réunion (974), ")
    assert "Seine-Saint-Denis (93)" in error
    event.refresh_from_db()
    assert event.department_id == "93"


@pytest.mark.django_db
def test_a_place_that_is_no_commune_is_left_alone(admin_client):
    event = make_event(title="Webinaire", department=None, status=Status.DRAFT)

    response = save_event(admin_client, event, city="Teams", department="")

    event.refresh_from_db()
    assert event.department_id is None
    assert not [m for m in place_messages(response) if "commune" in m]
