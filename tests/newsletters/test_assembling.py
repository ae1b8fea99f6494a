"""Assembling an issue: it starts as the next quarter, and « Proposer le contenu » fills it."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from news.models import Initiative
from newsletters.models import Issue
from pare.models import Organisation, Status
from resources.models import Resource
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
)
from tests.pare.html import active_content
from tests.pare.test_admin import (
    EDITORS,
    PUBLISHERS,
    messages_of,
    no_second_factor,  # noqa: F401 (autouse fixture)
    post_data,
    staff,
    url,
)

D = datetime.date
PUBLISHED_Q3 = datetime.datetime(2023, 7, 1, 8, tzinfo=datetime.UTC)
WEEK = datetime.timedelta(days=7)


def propose_url(issue):
    return reverse("admin:newsletters_issue_propose", args=[issue.pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("latest", "expected"), [((2023, 3), (2023, 4)), ((2023, 4), (2024, 1))], ids=["q3", "q4"]
)
def test_a_new_issue_starts_as_the_next_quarter_with_the_previous_introduction(
    admin_client, latest, expected
):
    make_issue(year=latest[0], quarter=latest[1], introduction="Chers partenaires, …")
    make_issue(year=2022, quarter=4, introduction="Plus ancien")

    form = admin_client.get(url(Issue, "add")).context["adminform"].form

    assert (form.initial["year"], form.initial["quarter"]) == expected
    assert form.initial["introduction"] == "Chers partenaires, …"


@pytest.fixture
def quarter(db):
    """The 3rd-quarter issue is out; the 4th is a draft; entries were written meanwhile."""
    old_event = make_event(title="Dans le numéro d'été", first_day=D(2023, 11, 1))
    make_issue(year=2023, quarter=3, publish_at=PUBLISHED_Q3, events=[old_event])
    draft = make_issue(year=2023, quarter=4, status=Status.DRAFT, events=[])
    make_event(title="Déjà fini", first_day=D(2023, 9, 20))
    make_event(title="Colloque de décembre", first_day=D(2023, 12, 5), department="05")
    make_event(title="Formation d'octobre", first_day=D(2023, 10, 12), status=Status.DRAFT)
    old = make_initiative(title="Initiative ancienne", publish_at=PUBLISHED_Q3 - WEEK)
    Initiative.objects.filter(pk=old.pk).update(created_at=PUBLISHED_Q3 - WEEK)
    make_initiative(title="Maraude à Lyon", departments=["69"])
    make_resource(title="Podcast nouveau", status=Status.DRAFT)
    return draft


def rows(page):
    return {
        block["section"].slug: [(str(r["entry"]), r["context"], r["status"]) for r in block["rows"]]
        for block in page.context["sections"]
    }


def test_propose_lists_what_no_issue_shows_yet_with_its_context(client, quarter):
    staff(client, EDITORS)

    page = client.get(propose_url(quarter))

    proposed = rows(page)
    assert [title for title, *_ in proposed["agenda"]] == [
        "Formation d'octobre",
        "Colloque de décembre",
    ]
    assert proposed["agenda"][0][2] == "Brouillon"
    assert "Hautes-Alpes (05)" in proposed["agenda"][1][1]
    assert "5 décembre 2023" in proposed["agenda"][1][1]
    assert proposed["actualites"] == [("Maraude à Lyon", "Rhône", "En ligne")]
    assert [title for title, *_ in proposed["ressources"]] == ["Podcast nouveau"]
    assert page.text.count('type="checkbox"') == 4
    assert active_content(page) == []


def test_ticked_entries_are_added_in_one_step_events_in_date_order(client, quarter):
    early = make_event(title="Déjà rangé en novembre", first_day=D(2023, 11, 15))
    quarter.event_items.create(entry=early, position=0)
    staff(client, EDITORS)
    proposed = client.get(propose_url(quarter)).context["sections"]
    ids = {b["section"].slug: [str(r["entry"].pk) for r in b["rows"]] for b in proposed}

    response = client.post(propose_url(quarter), {**ids, "ressources": []})

    assert response.status_code == 302
    assert [item.entry.title for item in quarter.event_items.order_by("position")] == [
        "Formation d'octobre",
        "Déjà rangé en novembre",
        "Colloque de décembre",
    ]
    assert [item.entry.title for item in quarter.initiative_items.all()] == ["Maraude à Lyon"]
    assert not quarter.resource_items.exists()
    assert "3 contenus ajoutés" in messages_of(client.get(url(Issue, "change", quarter.pk)))[0]
    assert rows(client.get(propose_url(quarter)))["agenda"] == []


def test_propose_ignores_entries_it_did_not_offer(client, quarter):
    elsewhere = Issue.objects.get(quarter=3).event_items.get().entry
    staff(client, EDITORS)

    client.post(propose_url(quarter), {"agenda": [str(elsewhere.pk), "x"]})

    assert not quarter.event_items.exists()


def test_propose_is_for_draft_issues_only(client, quarter):
    staff(client, EDITORS)
    published = Issue.objects.get(quarter=3)

    assert client.get(propose_url(published)).status_code == 403
    change = client.get(url(Issue, "change", quarter.pk))
    assert propose_url(quarter) in change.text


# Publishing an issue with its drafts, in one step, after a page that lists them.


def publish_url(issue):
    return reverse("admin:newsletters_issue_publish", args=[issue.pk])


@pytest.fixture
def filled(db):
    draft_partner = make_organisation(name="Partenaire en brouillon", status=Status.DRAFT)
    return make_issue(
        year=2023,
        quarter=4,
        status=Status.DRAFT,
        events=[
            make_event(
                title="Colloque en brouillon", status=Status.DRAFT, organisers=[draft_partner]
            ),
            make_event(title="Déjà en ligne"),
        ],
        resources=[make_resource(title="Podcast programmé", publish_at=timezone.now() + WEEK)],
    )


def test_the_confirmation_lists_everything_that_becomes_public(client, filled):
    staff(client, PUBLISHERS)

    page = client.get(publish_url(filled))

    assert [str(row["object"]) for row in page.context["rows"]] == [
        "Colloque en brouillon",
        "Podcast programmé",
        "Partenaire en brouillon",
    ]
    assert "Déjà en ligne" not in page.text
    assert active_content(page) == []
    assert not Issue.objects.published().exists()


def test_one_click_publishes_the_issue_with_its_drafts(client, filled):
    staff(client, PUBLISHERS)

    response = client.post(publish_url(filled))

    assert response.status_code == 302
    assert Issue.objects.published().get() == filled
    assert Event.objects.published().count() == 2
    assert Resource.objects.published().count() == 1
    assert Organisation.objects.published().filter(name="Partenaire en brouillon").exists()
    public = client.get(filled.get_absolute_url())
    assert "Colloque en brouillon" in public.text and "Podcast programmé" in public.text


def test_editors_cannot_publish_an_issue_with_its_drafts(client, filled):
    staff(client, EDITORS)

    assert client.get(publish_url(filled)).status_code == 403
    assert client.post(publish_url(filled)).status_code == 403
    assert not Event.objects.published().filter(title="Colloque en brouillon").exists()


def test_an_entry_that_cannot_be_public_stops_everything_and_says_which(client, filled):
    Event.objects.filter(title="Colloque en brouillon").update(department=None)
    staff(client, PUBLISHERS)

    page = client.post(publish_url(filled))

    assert page.status_code == 200
    assert "« Colloque en brouillon » ne peut pas paraître" in page.context["error"]
    assert "Indiquez le département" in page.context["error"]
    assert not Issue.objects.published().exists()
    assert not Resource.objects.filter(status=Status.PUBLISHED, publish_at__lte=timezone.now())


def test_saving_warns_of_events_over_at_publication_and_entries_in_another_issue(
    admin_client, quarter
):
    summer = Issue.objects.get(quarter=3)
    shown_twice = summer.event_items.get().entry
    over = make_event(title="Fini avant la parution", first_day=D(2023, 9, 30))
    quarter.publish_at = datetime.datetime(2023, 10, 2, 8, tzinfo=datetime.UTC)
    quarter.save()
    page = admin_client.get(url(Issue, "change", quarter.pk))
    data = post_data(
        page,
        **{
            "event_items-TOTAL_FORMS": "2",
            "event_items-0-entry": str(shown_twice.pk),
            "event_items-0-position": "0",
            "event_items-1-entry": str(over.pk),
            "event_items-1-position": "1",
        },
    )

    response = admin_client.post(url(Issue, "change", quarter.pk), data, follow=True)

    warnings = messages_of(response)
    assert "« Fini avant la parution » sera terminé quand le numéro paraîtra." in warnings
    assert "« Dans le numéro d'été » est déjà dans la Lettre PARÉ du 3e trimestre 2023." in warnings
    assert quarter.event_items.count() == 2


def test_the_entry_picker_shows_dates_place_status_and_issues_already_showing_it(
    admin_client, quarter, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = admin_client.get(
            reverse("admin:autocomplete"),
            {
                "term": "",
                "app_label": "newsletters",
                "model_name": "issueevent",
                "field_name": "entry",
            },
        )

    labels = [result["text"] for result in response.json()["results"]]
    assert (
        "Dans le numéro d'été — Mercredi 1er novembre 2023 · Paris (75) · En ligne · "
        "déjà dans : 3e trimestre 2023"
    ) in labels
    assert any(
        label.startswith("Formation d'octobre — ") and "Brouillon" in label for label in labels
    )


# « Prêt à relire »: publishers see the issue on the admin index and are told by e-mail.


def test_an_editor_marks_an_issue_ready_and_publishers_are_told(
    client, quarter, mailoutbox, django_capture_on_commit_callbacks, immediate_tasks
):
    staff(client, PUBLISHERS)
    publisher = User.objects.get(username="publication@example.org")
    publisher.email = "chloe@example.org"
    publisher.save()
    editor = staff(Client(), EDITORS)

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(reverse("admin:newsletters_issue_ready", args=[quarter.pk]))

    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == ["chloe@example.org"]
    assert message.subject == "À relire : Lettre PARÉ du 4e trimestre 2023"
    assert f"/admin/newsletters/issue/{quarter.pk}/change/" in message.body
    index = client.get(reverse("admin:index"))
    assert "Numéros prêts à relire" in index.text
    assert "Lettre PARÉ du 4e trimestre 2023" in index.text
    assert "Numéros prêts à relire" not in editor.get(reverse("admin:index")).text


def test_marking_ready_is_a_post_on_a_draft_issue(client, quarter):
    staff(client, EDITORS)

    assert (
        client.get(reverse("admin:newsletters_issue_ready", args=[quarter.pk])).status_code == 405
    )
    published = Issue.objects.get(quarter=3)
    assert (
        client.post(reverse("admin:newsletters_issue_ready", args=[published.pk])).status_code
        == 403
    )
