"""Subscribing with double opt-in, and leaving in one click, without asking anyone."""

import datetime
import re
import time

import pytest
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from newsletters import subscription_views
from newsletters.models import DeliveryStatus, Subscriber, SubscriberStatus
from pare import throttle
from tests.factories import make_issue, make_subscriber

SUBSCRIBE = "/lettre/inscription/"
HERE, ELSEWHERE = "203.0.113.7", "198.51.100.23"
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/lettre/confirmation/[^/\s]+/)")

pytestmark = pytest.mark.usefixtures("immediate_tasks")


def subscribe(client, email="lectrice@example.org", source="accueil", consent=True):
    data = {"email": email, "source": source}
    if consent:
        data["consent"] = "on"
    return client.post(SUBSCRIBE, data)


def confirmation_path(message):
    return CONFIRM_LINK.search(message.body).group(1)


def unsubscribe_path(subscriber, token=None):
    return reverse("subscriptions:unsubscribe", args=[token or subscriber.unsubscribe_token])


def test_subscription_form_is_in_french_and_labelled(client, db):
    response = client.get(SUBSCRIBE + "?source=numero")

    assert response.status_code == 200
    html = response.text
    assert '<label for="id_email">Votre adresse e-mail</label>' in html
    assert 'autocomplete="email"' in html
    assert '<label for="id_consent">J&#x27;accepte de recevoir la lettre' in html
    assert 'name="source" value="numero"' in html
    assert "csrfmiddlewaretoken" in html


def test_the_form_is_linked_from_the_footer_the_home_page_and_the_issue_page(client, db):
    issue = make_issue()

    for url, source in (
        (reverse("newsletters:archive"), "pied-de-page"),
        (reverse("home"), "accueil"),
        (issue.get_absolute_url(), "numero"),
    ):
        assert f'href="{SUBSCRIBE}?source={source}"' in client.get(url).text


def test_subscribing_records_a_pending_address_and_mails_a_confirmation_link(client, db):
    response = subscribe(client, email="Lectrice@Example.org ")

    assert response.status_code == 302
    assert response.url == reverse("subscriptions:sent")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lectrice@example.org"
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.source == "accueil"
    assert subscriber.confirmed_at is None
    [message] = mail.outbox
    assert message.to == ["lectrice@example.org"]
    assert message.subject.startswith("Confirmez votre inscription")
    token = confirmation_path(message).removeprefix("/lettre/confirmation/").removesuffix("/")
    assert Subscriber.from_confirmation_token(token) == subscriber
    assert "Vérifiez votre boîte aux lettres" in client.get(response.url).text


def test_consent_box_must_be_ticked(client, db):
    response = subscribe(client, consent=False)

    assert response.status_code == 200
    assert "Cochez cette case pour recevoir la lettre." in response.text
    assert not Subscriber.objects.exists()
    assert not mail.outbox


def test_the_answer_never_tells_whether_an_address_is_known(client, db):
    make_subscriber("deja@example.org")
    make_subscriber("partie@example.org", status=SubscriberStatus.UNSUBSCRIBED)

    answers = [
        subscribe(client, email=email)
        for email in ("nouvelle@example.org", "deja@example.org", "partie@example.org")
    ]

    assert {(answer.status_code, answer.url) for answer in answers} == {
        (302, reverse("subscriptions:sent"))
    }
    # The confirmed address is not mailed again; the two others are asked to confirm.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "nouvelle@example.org",
        "partie@example.org",
    ]


def test_confirming_takes_a_button_and_records_the_consent(client, db):
    subscribe(client)
    path = confirmation_path(mail.outbox[0])

    page = client.get(path)
    assert page.status_code == 200
    assert "Oui, je confirme mon inscription" in page.text
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING

    done = client.post(path)
    assert done.status_code == 200
    assert "Inscription confirmée" in done.text
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert subscriber.source == "accueil"


def test_confirming_twice_is_harmless(client, db):
    subscribe(client)
    path = confirmation_path(mail.outbox[0])
    client.post(path)
    first = Subscriber.objects.get().confirmed_at

    again = client.post(path)

    assert again.status_code == 200
    assert "Inscription confirmée" in again.text
    assert Subscriber.objects.get().confirmed_at == first
    assert "Inscription confirmée" in client.get(path).text


def sign_days_ago(monkeypatch, days):
    """Sign as if days had passed since: TimestampSigner writes the time it signs at."""
    past = int(timezone.now().timestamp()) - days * 24 * 60 * 60
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(past))


def test_a_confirmation_link_expires_after_seven_days(client, db, monkeypatch):
    subscriber = make_subscriber(status=SubscriberStatus.PENDING)
    sign_days_ago(monkeypatch, 6)
    still_valid = reverse("subscriptions:confirm", args=[subscriber.confirmation_token()])
    sign_days_ago(monkeypatch, 8)
    expired = reverse("subscriptions:confirm", args=[subscriber.confirmation_token()])
    monkeypatch.undo()

    response = client.post(expired)
    assert response.status_code == 400
    assert "Ce lien de confirmation a expiré." in response.text
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING

    assert client.post(still_valid).status_code == 200
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "9999" + token[token.index(":") :],
        lambda token: token.split(":", 1)[1],
        lambda token: "n'importe-quoi",
    ],
)
def test_a_tampered_confirmation_link_is_refused(client, db, tamper):
    subscriber = make_subscriber(status=SubscriberStatus.PENDING)
    path = reverse("subscriptions:confirm", args=[tamper(subscriber.confirmation_token())])

    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert "Ce lien n'est pas valable" in response.text
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_a_new_request_makes_the_previous_confirmation_link_void(client, db):
    subscriber = make_subscriber(
        status=SubscriberStatus.PENDING,
        requested_at=timezone.now() - datetime.timedelta(hours=1),
    )
    old_link = reverse("subscriptions:confirm", args=[subscriber.confirmation_token()])

    subscribe(client, email=subscriber.email)

    assert client.post(old_link).status_code == 400
    assert client.post(confirmation_path(mail.outbox[0])).status_code == 200


def test_a_pending_address_is_not_mailed_again_within_minutes(client, db):
    subscribe(client)
    subscribe(client)

    assert len(mail.outbox) == 1


def test_resubscribing_after_leaving_goes_through_opt_in_again(client, db):
    subscriber = make_subscriber("partie@example.org")
    client.post(unsubscribe_path(subscriber))
    old_confirmation = reverse("subscriptions:confirm", args=[subscriber.confirmation_token()])

    subscribe(client, email="partie@example.org", source="pied-de-page")

    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.source == "pied-de-page"
    [message] = mail.outbox
    assert client.post(old_confirmation).status_code == 400
    client.post(confirmation_path(message))
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_a_confirmation_link_does_not_resubscribe_someone_who_left(client, db):
    subscribe(client)
    path = confirmation_path(mail.outbox[0])
    client.post(path)
    subscriber = Subscriber.objects.get()
    client.post(unsubscribe_path(subscriber))

    response = client.post(path)

    assert response.status_code == 400
    assert "désinscrite depuis l'envoi de ce lien" in response.text
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED


def one_click_path(subscriber, token=None):
    token = token or subscriber.unsubscribe_token
    return reverse("subscriptions:unsubscribe_one_click", args=[token])


def test_opening_the_unsubscribe_link_only_asks(client, db):
    subscriber = make_subscriber("lectrice@example.org")
    path = unsubscribe_path(subscriber)

    response = client.get(path)

    assert response.status_code == 200
    assert "<strong>l…@example.org</strong>" in response.text
    assert "lectrice@example.org" not in response.text
    assert f'<form method="post" action="{path}">' in response.text
    assert "csrfmiddlewaretoken" in response.text
    assert "Me désinscrire" in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED


def test_the_page_button_posts_its_own_form_with_a_csrf_token(db):
    subscriber = make_subscriber("lectrice@example.org")
    browser = Client(enforce_csrf_checks=True)
    path = unsubscribe_path(subscriber)

    forged = browser.post(path)
    page = browser.get(path)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    done = browser.post(path, {"csrfmiddlewaretoken": token})

    assert forged.status_code == 403
    assert done.status_code == 200
    assert "<strong>l…@example.org</strong> ne recevra plus la lettre" in done.text
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED


def test_one_click_post_unsubscribes_without_a_csrf_token(db):
    subscriber = make_subscriber()
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        one_click_path(subscriber),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert "ne recevra plus la lettre" in response.text


@pytest.mark.parametrize(
    "body",
    ["", "List-Unsubscribe=Yes", "one-click=1", "List-Unsubscribe=one-click"],
)
def test_the_one_click_address_acts_only_on_the_rfc_8058_post(db, body):
    subscriber = make_subscriber()
    path = one_click_path(subscriber)

    opened = Client().get(path)
    posted = Client(enforce_csrf_checks=True).post(
        path, body, content_type="application/x-www-form-urlencoded"
    )

    assert opened.status_code == 302 and opened.url == unsubscribe_path(subscriber)
    assert posted.status_code == 400
    assert "personne n'a été désinscrit" in posted.text
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED


def test_a_token_stops_working_once_the_subscription_ends(client, db):
    subscriber = make_subscriber()
    token = subscriber.unsubscribe_token
    client.post(unsubscribe_path(subscriber, token))
    first = Subscriber.objects.get().unsubscribed_at

    for response in (
        client.get(unsubscribe_path(subscriber, token)),
        client.post(unsubscribe_path(subscriber, token)),
        client.post(
            one_click_path(subscriber, token),
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        ),
    ):
        assert response.status_code == 400
        assert "Ce lien de désinscription ne sert plus" in response.text
        assert subscriber.email not in response.text
    assert Subscriber.objects.get().unsubscribed_at == first


def test_a_token_of_an_earlier_subscription_does_not_end_the_renewed_one(client, db):
    subscriber = make_subscriber("partie@example.org")
    old_token = subscriber.unsubscribe_token
    client.post(unsubscribe_path(subscriber))
    subscribe(client, email="partie@example.org")
    client.post(confirmation_path(mail.outbox[0]))

    response = client.post(unsubscribe_path(subscriber, old_token))

    assert response.status_code == 400
    assert Subscriber.objects.get().status == SubscriberStatus.CONFIRMED
    renewed = Subscriber.objects.get().unsubscribe_token
    assert renewed != old_token
    assert client.post(unsubscribe_path(subscriber, renewed)).status_code == 200


def test_unsubscribing_cancels_what_was_still_to_be_sent(client, db):
    subscriber = make_subscriber()
    issue = make_issue()
    delivery = issue.deliveries.create(subscriber=subscriber)

    client.post(unsubscribe_path(subscriber))

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SKIPPED


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + "xx",
        lambda token: str(int(token.split(":")[0]) + 1) + token[token.index(":") :],
        lambda token: token.split(":")[0],
        lambda token: "²" + token[token.index(":") :],
        lambda token: "9" * 30 + token[token.index(":") :],
    ],
)
def test_a_tampered_unsubscribe_token_is_refused_in_french(client, db, tamper):
    subscriber = make_subscriber()
    make_subscriber()
    path = unsubscribe_path(subscriber, tamper(subscriber.unsubscribe_token))

    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert "Ce lien n'est pas valable" in response.text
        assert '<html lang="fr">' in response.text
    assert not Subscriber.objects.exclude(status=SubscriberStatus.CONFIRMED).exists()


def test_the_link_of_a_test_send_unsubscribes_no_one(client, db):
    make_subscriber()

    for path in (
        reverse("subscriptions:unsubscribe", args=["essai"]),
        reverse("subscriptions:unsubscribe_one_click", args=["essai"]),
    ):
        response = client.post(
            path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 200
        assert "il ne désinscrit personne" in response.text
    assert not Subscriber.objects.exclude(status=SubscriberStatus.CONFIRMED).exists()


# --- Limits: the form cannot be used to flood a mailbox ---


def subscribe_from(address, email):
    return Client(REMOTE_ADDR=address).post(SUBSCRIBE, {"email": email, "consent": "on"})


def test_one_confirmation_a_day_reaches_a_mailbox_whatever_its_plus_variants(db, monkeypatch):
    answers = [
        subscribe_from(f"192.0.2.{n}", f"victime+{n}@example.org").status_code for n in range(30)
    ]
    answers.append(subscribe_from("192.0.2.200", "Victime@Example.org").status_code)

    assert answers == [302] * 31
    assert [message.to for message in mail.outbox] == [["victime+0@example.org"]]
    tomorrow = time.time() + 25 * 60 * 60
    monkeypatch.setattr(throttle.time, "time", lambda: tomorrow)
    subscribe_from("192.0.2.1", "victime+1@example.org")
    assert len(mail.outbox) == 2


def test_requests_from_one_client_address_are_limited_with_a_french_page(db):
    limit = subscription_views.REQUESTS_PER_ADDRESS.limit
    answers = [subscribe_from(HERE, f"lecteur{n}@example.org") for n in range(limit + 1)]

    assert [answer.status_code for answer in answers] == [302] * limit + [429]
    assert "Trop de demandes d'inscription" in answers[-1].text
    assert '<html lang="fr">' in answers[-1].text
    assert len(mail.outbox) == limit
    assert not Subscriber.objects.filter(email=f"lecteur{limit}@example.org").exists()
    assert subscribe_from(ELSEWHERE, "autre@example.org").status_code == 302


def test_requests_for_one_domain_are_limited(db):
    limit = subscription_views.REQUESTS_PER_DOMAIN.limit
    for n in range(limit):
        assert (
            subscribe_from(f"10.1.{n // 200}.{n % 200}", f"x{n}@petite.example").status_code == 302
        )

    assert subscribe_from(HERE, "encore@petite.example").status_code == 429
    assert subscribe_from(HERE, "lectrice@ailleurs.example").status_code == 302


def normalized_queries(client, email):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(SUBSCRIBE, {"email": email, "consent": "on"})
    assert response.status_code == 302
    return [re.sub(r"'[^']*'|\b\d+\b", "?", query["sql"]) for query in queries]


def test_the_form_does_the_same_work_whether_or_not_the_address_is_known(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_subscriber("abonnee@example.org")
    make_subscriber("attente@example.org", status=SubscriberStatus.PENDING)
    make_subscriber("partie@example.org", status=SubscriberStatus.UNSUBSCRIBED)
    normalized_queries(client, "premiere@example.org")  # what every first request caches

    work = {
        email: normalized_queries(client, email)
        for email in (
            "nouvelle@example.org",
            "abonnee@example.org",
            "attente@example.org",
            "partie@example.org",
        )
    }

    assert work["nouvelle@example.org"], "the request is queued"
    assert all(queries == work["nouvelle@example.org"] for queries in work.values()), work
    assert not any("newsletters_subscriber" in sql for sql in work["abonnee@example.org"])


def test_subscription_pages_are_never_cached(client, db):
    subscriber = make_subscriber()
    for path in (
        SUBSCRIBE,
        reverse("subscriptions:confirm", args=[subscriber.confirmation_token()]),
        unsubscribe_path(subscriber),
    ):
        response = client.get(path)
        assert "no-store" in response["Cache-Control"], path
    assert client.get(SUBSCRIBE).cookies.get("csrftoken")
