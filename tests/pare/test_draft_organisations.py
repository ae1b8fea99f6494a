"""What a published entry shows is public: its organisations too, in every output."""

import pytest
from django.urls import reverse

from events.models import EventOrganiser
from newsletters.email import TEST_TOKEN, IssueEdition
from pare.models import Organisation, Status
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
)
from tests.pare.test_admin import (
    EDITORS,
    PUBLISHERS,
    messages_of,
    no_second_factor,  # noqa: F401 (autouse fixture)
    post_data,
    staff,
    url,
)

pytestmark = pytest.mark.django_db
SECRET = ("Association Secrète", "secrete@asso.example", "06 11 22 33 44", "secrete.example")


@pytest.fixture
def entries():
    public = make_organisation(name="Child Focus", email="contact@childfocus.example")
    draft = make_organisation(
        name="Association Secrète",
        email="secrete@asso.example",
        phone="06 11 22 33 44",
        website="https://secrete.example/",
        status=Status.DRAFT,
    )
    event = make_event(title="Colloque", organisers=[draft, public])
    initiative = make_initiative(title="La Boussole", organisations=[draft, public])
    resource = make_resource(title="Un podcast", kind="podcast", organisations=[draft, public])
    issue = make_issue(events=[event], initiatives=[initiative], resources=[resource])
    return {"event": event, "initiative": initiative, "resource": resource, "issue": issue}


def test_a_draft_organisation_appears_in_no_output(client, entries):
    event, issue = entries["event"], entries["issue"]
    outputs = {
        url: client.get(url).content.decode()
        for url in (
            reverse("home"),
            reverse("events:index"),
            reverse("events:calendar"),
            reverse("events:feed"),
            reverse("newsletters:feed"),
            reverse("events:event_calendar", args=[event.slug]),
            reverse("search") + "?q=Colloque",
            reverse("search") + "?q=Secrète",
            *(entry.get_absolute_url() for entry in entries.values()),
        )
    }
    edition = IssueEdition(issue)
    outputs["e-mail (HTML)"] = edition.html_for(TEST_TOKEN)
    outputs["e-mail (texte)"] = edition.text_for(TEST_TOKEN)

    for name, text in outputs.items():
        for secret in SECRET:
            assert secret not in text, (name, secret)
    for name in (
        "e-mail (HTML)",
        "e-mail (texte)",
        event.get_absolute_url(),
        issue.get_absolute_url(),
    ):
        assert "Child Focus" in outputs[name], name
    assert "mailto:contact@childfocus.example" in outputs[reverse("events:calendar")]


def test_it_appears_once_published(client, entries):
    draft = Organisation.objects.get(status=Status.DRAFT)
    draft.status = Status.PUBLISHED
    draft.save()

    assert "Association Secrète" in client.get(entries["event"].get_absolute_url()).text


def test_publishing_an_entry_naming_a_draft_organisation_is_refused(client):
    draft = make_organisation(name="Association Secrète", status=Status.DRAFT)
    event = make_event(title="Colloque", organisers=[draft], status=Status.DRAFT)
    staff(client, PUBLISHERS)
    page = client.get(url(type(event), "change", event.pk))

    response = client.post(
        url(type(event), "change", event.pk), post_data(page, status=Status.PUBLISHED)
    )

    assert response.status_code == 200
    errors = " ".join(
        error
        for inline in response.context["inline_admin_formsets"]
        for error in inline.formset.non_form_errors()
    )
    assert "Association Secrète" in errors and "Publiez-les d'abord" in errors
    event.refresh_from_db()
    assert event.status == Status.DRAFT


def test_publishing_from_the_list_is_refused_too(client):
    draft = make_organisation(name="Association Secrète", status=Status.DRAFT)
    entry = make_resource(title="Un podcast", organisations=[draft], status=Status.DRAFT)
    staff(client, PUBLISHERS)

    response = client.post(
        url(type(entry), "changelist"),
        {"action": "publish", "_selected_action": [entry.pk]},
        follow=True,
    )

    entry.refresh_from_db()
    assert entry.status == Status.DRAFT
    [refusal] = messages_of(response)
    assert "publication refusée" in refusal and "Association Secrète" in refusal


def test_adding_a_draft_organisation_to_a_published_entry_is_refused(client):
    draft = make_organisation(name="Association Secrète", status=Status.DRAFT)
    event = make_event(title="Colloque")
    staff(client, PUBLISHERS)
    page = client.get(url(type(event), "change", event.pk))
    data = post_data(page, **{"organisation_links-0-organisation": draft.pk})

    response = client.post(url(type(event), "change", event.pk), data)

    assert response.status_code == 200
    assert not EventOrganiser.objects.exists()


def test_publishing_an_issue_whose_entries_name_a_draft_organisation_is_refused(client):
    draft = make_organisation(name="Association Secrète", status=Status.DRAFT)
    event = make_event(title="Colloque")
    EventOrganiser.objects.create(event=event, organisation=draft)  # named before this rule
    issue = make_issue(events=[event], status=Status.DRAFT)
    staff(client, PUBLISHERS)
    page = client.get(url(type(issue), "change", issue.pk))

    response = client.post(
        url(type(issue), "change", issue.pk), post_data(page, status=Status.PUBLISHED)
    )

    assert response.status_code == 200
    assert "Association Secrète" in response.text
    issue.refresh_from_db()
    assert issue.status == Status.DRAFT


def test_an_editor_renaming_a_draft_organisation_changes_no_public_page(client, entries):
    draft = Organisation.objects.get(status=Status.DRAFT)
    staff(client, EDITORS)
    page = client.get(url(Organisation, "change", draft.pk))
    client.post(url(Organisation, "change", draft.pk), post_data(page, name="Nom de défiguration"))
    draft.refresh_from_db()
    assert draft.name == "Nom de défiguration"  # a draft: editors work on it

    client.logout()

    assert "Nom de défiguration" not in client.get(entries["event"].get_absolute_url()).text


def test_an_editor_cannot_change_an_organisation_a_published_entry_shows(client, entries):
    shown = Organisation.objects.get(name="Child Focus")
    staff(client, EDITORS)

    response = client.post(url(Organisation, "change", shown.pk), {"name": "Défiguré"})

    assert response.status_code == 403
    shown.refresh_from_db()
    assert shown.name == "Child Focus"
