"""The e-mail edition in the admin: previews, test sends, sending, subscribers and their export."""

import csv
import io
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.urls import reverse

from newsletters.models import (
    Delivery,
    DeliveryStatus,
    Issue,
    SendJob,
    Subscriber,
    SubscriberStatus,
)
from pare.models import Status
from tests.factories import make_event, make_issue, make_subscriber
from tests.pare.html import active_content
from tests.pare.test_admin import (
    EDITORS,
    PUBLISHERS,
    messages_of,
    no_second_factor,  # noqa: F401 (autouse fixture)
    staff,
    url,
)

pytestmark = pytest.mark.django_db


def email_url(issue, view="email"):
    return reverse(f"admin:newsletters_issue_{view}", args=[issue.pk])


@pytest.fixture
def issue(db):
    return make_issue(events=[make_event(title="Colloque régional")])


def test_the_issue_form_links_to_its_email_edition(admin_client, issue):
    response = admin_client.get(url(Issue, "change", issue.pk))

    assert f'href="{email_url(issue)}"' in response.text


def test_staff_preview_both_parts(client, issue):
    staff(client, EDITORS)

    page = client.get(email_url(issue))
    assert page.status_code == 200
    assert active_content(page) == []
    assert "Lettre PARÉ du 3e trimestre 2023" in page.text
    assert f'<iframe class="email-preview" src="{email_url(issue, "email_html")}"' in page.text
    assert "frame-src 'self'" in page["Content-Security-Policy"]  # the preview shows in place
    assert f'href="{email_url(issue, "email_text")}"' in page.text
    assert "Colloque régional" in page.context["text"]  # the text version, in place too

    html = client.get(email_url(issue, "email_html"))
    assert html.status_code == 200
    assert "Colloque régional" in html.text
    assert 'style="' in html.text
    policy = html["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy
    assert "script-src" not in policy and "default-src 'none'" in policy
    assert "sandbox" in policy
    assert "frame-ancestors 'self'" in policy and html["X-Frame-Options"] == "SAMEORIGIN"

    text = client.get(email_url(issue, "email_text"))
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert "COLLOQUE RÉGIONAL" not in text.text and "Colloque régional" in text.text


def test_the_preview_of_a_draft_shows_its_drafts_to_staff(admin_client):
    draft = make_issue(events=[make_event(title="En préparation", status=Status.DRAFT)])
    draft.status = Status.DRAFT
    draft.save()

    assert "En préparation" in admin_client.get(email_url(draft, "email_text")).text


def test_staff_send_a_test_to_a_staff_account_chosen_from_a_list(client, issue):
    make_subscriber("abonne@example.org")
    staff(client, EDITORS)
    colleague = User.objects.create_user("relecture", "relecture@example.org", is_staff=True)
    User.objects.create_user("lecteur", "lecteur@example.org")  # not staff
    User.objects.create_user("partie", "partie@example.org", is_staff=True, is_active=False)

    page = client.get(email_url(issue))
    response = client.post(email_url(issue), {"test": "1", "recipient": colleague.pk})

    choices = [label for _value, label in page.context["test_form"].fields["recipient"].choices]
    assert choices == ["relecture@example.org"]  # the editor's own account has no address
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["relecture@example.org"]
    assert message.subject == "[Essai] Lettre PARÉ du 3e trimestre 2023"
    assert message.alternatives[0].mimetype == "text/html"
    assert "/lettre/desinscription/essai/" in message.extra_headers["List-Unsubscribe"]
    assert not Delivery.objects.exists()
    assert "Essai envoyé à relecture@example.org." in messages_of(client.get(email_url(issue)))
    [entry] = LogEntry.objects.filter(object_id=str(issue.pk))
    assert entry.user.username == "rédaction@example.org"
    assert entry.change_message == "Essai envoyé à relecture@example.org."


@pytest.mark.parametrize("forged", ["pirate@example.org", "lecteur", "partie", ""])
def test_a_test_goes_to_no_other_address(client, issue, forged):
    staff(client, EDITORS)
    others = {
        "lecteur": User.objects.create_user("lecteur", "lecteur@example.org"),
        "partie": User.objects.create_user(
            "partie", "partie@example.org", is_staff=True, is_active=False
        ),
    }
    recipient = others[forged].pk if forged in others else forged

    response = client.post(
        email_url(issue), {"test": "1", "recipient": recipient, "email": "pirate@example.org"}
    )

    assert response.status_code == 200
    assert response.context["test_form"].errors["recipient"]
    assert not mail.outbox


def test_each_staff_member_sends_a_few_tests_an_hour(client, issue):
    staff(client, EDITORS)
    me = User.objects.get(username="rédaction@example.org")
    me.email = "redaction@example.org"
    me.save()

    sent = [client.post(email_url(issue), {"test": "1", "recipient": me.pk}) for _ in range(6)]

    assert [response.status_code for response in sent] == [302] * 5 + [429]
    [refusal] = sent[-1].context["test_form"].non_field_errors()
    assert "5 essais dans l'heure" in refusal
    assert 'class="errornote"' in sent[-1].text
    assert len(mail.outbox) == 5
    colleague = staff(Client(), PUBLISHERS)
    colleague.post(email_url(issue), {"test": "1", "recipient": me.pk})
    assert len(mail.outbox) == 6


def test_editors_cannot_send_to_subscribers(client, issue):
    make_subscriber()
    staff(client, EDITORS)

    page = client.get(email_url(issue))
    response = client.post(email_url(issue), {"send": "1", "checked": "on"})

    assert 'name="send"' not in page.text
    assert response.status_code == 403
    assert not mail.outbox and not SendJob.objects.exists()


def test_a_publisher_sends_a_published_issue_to_every_confirmed_subscriber(
    client, issue, immediate_tasks
):
    for email in ("une@example.org", "deux@example.org"):
        make_subscriber(email)
    make_subscriber("attente@example.org", status=SubscriberStatus.PENDING)
    staff(client, PUBLISHERS)

    page = client.get(email_url(issue))
    assert 'value="Envoyer aux 2 abonnés"' in page.text
    refused = client.post(email_url(issue), {"send": "1"})
    assert "Cochez la case pour confirmer l&#x27;envoi." in refused.text
    assert not mail.outbox

    response = client.post(email_url(issue), {"send": "1", "checked": "on"})

    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == [
        "deux@example.org",
        "une@example.org",
    ]
    job = SendJob.objects.get()
    assert job.requested_by.username == "publication@example.org"
    after = client.get(email_url(issue))
    assert "Envoyés : 2 · échecs : 0 · restants : 0" in after.text
    assert "Terminé" in after.text


def test_a_draft_issue_cannot_be_sent(client, immediate_tasks):
    make_subscriber()
    draft = make_issue(status=Status.DRAFT)
    staff(client, PUBLISHERS)

    page = client.get(email_url(draft))
    client.post(email_url(draft), {"send": "1", "checked": "on"})

    assert 'name="send"' not in page.text
    assert "Publiez d'abord le numéro" in page.text
    assert not mail.outbox and not SendJob.objects.exists()


def test_sendings_list_shows_sent_failed_and_remaining(admin_client, issue):
    job = SendJob.objects.create(issue=issue)
    for status in (DeliveryStatus.SENT, DeliveryStatus.SENT, DeliveryStatus.FAILED):
        Delivery.objects.create(issue=issue, subscriber=make_subscriber(), status=status)
    Delivery.objects.create(issue=issue, subscriber=make_subscriber())

    response = admin_client.get(url(SendJob, "changelist"))

    assert response.status_code == 200
    assert active_content(response) == []
    cells = [
        re.search(rf'class="field-{name}">(\d+)<', response.text).group(1)
        for name in ("sent", "failed", "remaining")
    ]
    assert cells == ["2", "1", "1"]
    detail = admin_client.get(url(SendJob, "change", job.pk))
    assert "Envoyés : 2 · échecs : 1 · restants : 1" in detail.text


def test_a_publisher_resumes_an_interrupted_sending(client, issue, immediate_tasks):
    make_subscriber("une@example.org")
    job = SendJob.objects.create(issue=issue, status="interrupted", error="Serveur absent")
    staff(client, PUBLISHERS)

    client.post(
        url(SendJob, "changelist"),
        {"action": "resume", "_selected_action": [job.pk]},
    )

    assert [message.to for message in mail.outbox] == [["une@example.org"]]


def test_subscribers_are_listed_with_status_and_consent_date_for_publishers_only(client):
    make_subscriber("lectrice@example.org")
    make_subscriber("attente@example.org", status=SubscriberStatus.PENDING)

    staff(client, EDITORS)
    assert client.get(url(Subscriber, "changelist")).status_code == 403

    client.logout()
    staff(client, PUBLISHERS)
    response = client.get(url(Subscriber, "changelist"))
    assert response.status_code == 200
    assert active_content(response) == []
    for text in ("lectrice@example.org", "Inscrit", "En attente de confirmation"):
        assert text in response.text
    assert "consentement donné le" in response.text.lower()
    assert client.get(url(Subscriber, "add")).status_code == 403


def test_a_subscriber_page_is_read_only(admin_client):
    subscriber = make_subscriber("lectrice@example.org")

    response = admin_client.post(
        url(Subscriber, "change", subscriber.pk), {"email": "autre@example.org"}
    )

    assert response.status_code == 403
    assert Subscriber.objects.get().email == "lectrice@example.org"


def test_subscribers_export_as_csv_without_formula_injection(admin_client):
    make_subscriber("lectrice@example.org", source="numero")
    make_subscriber("=cmd|' /C calc'!A0@example.org")
    make_subscriber("+33@example.org", status=SubscriberStatus.UNSUBSCRIBED)
    make_subscriber("-moins@example.org")
    make_subscriber("@arobase@example.org", status=SubscriberStatus.PENDING)

    response = admin_client.post(
        url(Subscriber, "changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Subscriber.objects.values_list("pk", flat=True)),
        },
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="abonnes-')
    content = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][:3] == ["adresse e-mail", "nom", "statut"]
    assert len(rows) == 6
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    emails = [row[0] for row in rows[1:]]
    assert "'=cmd|' /C calc'!A0@example.org" in emails
    assert "'+33@example.org" in emails
    lectrice = next(row for row in rows if row[0] == "lectrice@example.org")
    assert lectrice[2:4] == ["Inscrit", "Page d'un numéro"]
    assert lectrice[5]  # requested on


def test_publishers_unsubscribe_from_the_list(client):
    subscriber = make_subscriber()
    staff(client, PUBLISHERS)

    client.post(
        url(Subscriber, "changelist"),
        {"action": "unsubscribe", "_selected_action": [subscriber.pk]},
    )

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_publisher_group_may_manage_subscribers():
    user = User.objects.create_user("p@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLISHERS))

    assert user.has_perms(
        [
            "newsletters.view_subscriber",
            "newsletters.change_subscriber",
            "newsletters.delete_subscriber",
            "newsletters.view_sendjob",
            "newsletters.publish_issue",
        ]
    )
    assert not user.has_perm("newsletters.add_subscriber")


def test_the_edition_page_has_the_admin_breadcrumbs_and_previews_in_the_same_tab(
    admin_client, issue
):
    page = admin_client.get(email_url(issue))

    assert '<ol class="breadcrumbs">' in page.text
    assert '<li aria-current="page">Édition e-mail</li>' in page.text
    assert 'target="_blank"' not in page.text
    assert page.context["test_form"]["recipient"].value() == page.context["user"].pk


def test_send_is_disabled_with_its_reason_when_nobody_is_subscribed(admin_client, issue):
    page = admin_client.get(email_url(issue))

    button = re.search(r'<input type="submit" class="default" name="send"[^>]*>', page.text)[0]
    assert "disabled" in button and 'aria-describedby="send-reason"' in button
    assert "aucun abonné n&#x27;a encore confirmé" in page.text or (
        "aucun abonné n'a encore confirmé" in page.text
    )
    make_subscriber("abonne@example.org")
    button = re.search(
        r'<input type="submit" class="default" name="send"[^>]*>',
        admin_client.get(email_url(issue)).text,
    )[0]
    assert "disabled" not in button
