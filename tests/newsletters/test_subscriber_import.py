"""Publishers bring in the existing mailing list: consented or invited, merged, never forced."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsletters.models import (
    ImportMode,
    Subscriber,
    SubscriberImport,
    SubscriberStatus,
    SubscriptionSource,
)
from newsletters.subscriber_import import ImportRefused, import_subscribers
from newsletters.tasks import send_invitations
from tests.factories import make_subscriber
from tests.newsletters.test_subscriptions import confirmation_path
from tests.pare.test_admin import (
    EDITORS,
    PUBLISHERS,
    messages_of,
    no_second_factor,  # noqa: F401 (autouse fixture)
    staff,
)
from tests.processes import committed, on_postgresql, outputs, start_pythons

IMPORT_URL = reverse("admin:newsletters_subscriber_import")
CONSENTED_CSV = (
    "email;nom;date;source\n"
    "claire.martin@example.org;Claire Martin;14/09/2022;Salon de Lyon, formulaire papier\n"
    "Paul@Example.org;;2021-03-02;Ancienne liste\n"
)


@pytest.fixture
def publisher(client, db):
    return staff(client, PUBLISHERS)


@pytest.fixture
def user(publisher):
    return publisher.get(IMPORT_URL).context["user"]


def upload(client, text, mode=ImportMode.CONSENTED, encoding="utf-8", **fields):
    file = SimpleUploadedFile("liste.csv", text.encode(encoding), content_type="text/csv")
    return client.post(IMPORT_URL, {"file": file, "mode": mode, **fields})


def test_consented_addresses_are_subscribed_with_their_consent_record(publisher, user):
    response = upload(publisher, CONSENTED_CSV)

    record = SubscriberImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:newsletters_subscriberimport_change", args=[record.pk])
    assert (record.file_name, record.mode, record.imported_by) == ("liste.csv", "consentis", user)
    assert (record.created_count, record.merged_count, record.rejected_count) == (2, 0, 0)
    claire = Subscriber.objects.get(email="claire.martin@example.org")
    assert claire.status == SubscriberStatus.CONFIRMED
    assert claire.name == "Claire Martin"
    assert claire.source == SubscriptionSource.IMPORT
    assert claire.consent_source == "Salon de Lyon, formulaire papier"
    assert timezone.localdate(claire.confirmed_at) == datetime.date(2022, 9, 14)
    assert claire.imported_in == record
    assert Subscriber.objects.get(email="Paul@Example.org").confirmed_at.year == 2021
    assert not mail.outbox  # they consented already: nothing asks them again
    assert messages_of(publisher.get(response.url))[0].startswith(
        "Import enregistré : 2 adresses nouvelles"
    )


def test_a_spreadsheet_export_in_windows_1252_with_its_own_headings_is_read(publisher):
    text = "Adresse e-mail;Nom et prénom;Date du consentement;Origine;Service\n"
    text += "jose@example.org;José Éluard;01/02/2020;Colloque d'Angers;Justice\n"
    upload(publisher, text, encoding="cp1252")

    subscriber = Subscriber.objects.get()
    assert (subscriber.email, subscriber.name) == ("jose@example.org", "José Éluard")
    assert subscriber.consent_source == "Colloque d'Angers"
    assert "Colonnes non reconnues, ignorées : Service." in SubscriberImport.objects.get().report


def test_bad_lines_are_reported_line_by_line_and_nothing_is_half_imported(publisher):
    existing = make_subscriber("claire.martin@example.org", name="")
    text = CONSENTED_CSV + "pas-une-adresse;;01/01/2020;Liste\nmarie@example.org;;;Liste\n"
    text += "luc@example.org;;31/02/2020;Liste\nnoe@example.org;;01/01/2099;Liste\n"

    response = upload(publisher, text)

    assert response.status_code == 400
    assert "4 lignes sont en erreur : rien n&#x27;a été importé." in response.text
    errors = dict(response.context["errors"])
    assert errors[4] == "« pas-une-adresse » n'est pas une adresse e-mail."
    assert errors[5].startswith("Date du consentement manquante")
    assert errors[6] == "Date du consentement illisible : « 31/02/2020 » (écrivez 14/09/2023)."
    assert errors[7] == "La date du consentement est dans le futur."
    assert "Ligne 4 : « pas-une-adresse »" in response.text
    assert list(Subscriber.objects.values_list("email", flat=True)) == [existing.email]
    existing.refresh_from_db()
    assert existing.name == ""  # the good lines were not applied either
    assert not SubscriberImport.objects.exists()


def test_staff_may_import_the_good_lines_and_keep_the_list_of_the_others(publisher):
    text = CONSENTED_CSV + "pas-une-adresse;;01/01/2020;Liste\n"

    upload(publisher, text, skip_errors="on")

    record = SubscriberImport.objects.get()
    assert (record.created_count, record.rejected_count, record.line_count) == (2, 1, 3)
    assert "Ligne 4 : « pas-une-adresse » n'est pas une adresse e-mail. ; ignorée." in record.report
    assert (
        "Ligne 4"
        in publisher.get(
            reverse("admin:newsletters_subscriberimport_change", args=[record.pk])
        ).text
    )


def test_known_addresses_are_merged_and_never_resubscribed(user):
    confirmed = make_subscriber("claire.martin@example.org")
    left = make_subscriber(
        "paul@example.org", status=SubscriberStatus.UNSUBSCRIBED, unsubscribed_at=timezone.now()
    )
    text = CONSENTED_CSV + "CLAIRE.MARTIN@example.org;Autre nom;01/01/2020;Liste\n"

    record = import_subscribers(text.encode(), "liste.csv", ImportMode.CONSENTED, user)

    assert Subscriber.objects.count() == 2
    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.name) == (SubscriberStatus.CONFIRMED, "Claire Martin")
    assert confirmed.source == SubscriptionSource.PAGE  # their own consent stays the record
    left.refresh_from_db()
    assert left.status == SubscriberStatus.UNSUBSCRIBED
    assert (record.created_count, record.merged_count, record.left_alone_count) == (0, 1, 1)
    assert "Ligne 3 : Paul@Example.org est « Désinscrit » ; laissée telle quelle." in record.report
    assert "1 adresse apparaissait deux fois" in record.report

    again = import_subscribers(text.encode(), "liste.csv", ImportMode.INVITE, user)
    left.refresh_from_db()
    assert left.status == SubscriberStatus.UNSUBSCRIBED and not left.awaiting_invitation
    assert again.left_alone_count == 1


def test_a_suspended_address_stays_suspended(user):
    make_subscriber("paul@example.org", status=SubscriberStatus.SUSPENDED)
    import_subscribers(CONSENTED_CSV.encode(), "liste.csv", ImportMode.CONSENTED, user)
    assert Subscriber.objects.get(email="paul@example.org").status == SubscriberStatus.SUSPENDED


def test_a_pending_address_with_a_proven_consent_becomes_subscribed(user):
    pending = make_subscriber("paul@example.org", status=SubscriberStatus.PENDING)
    import_subscribers(CONSENTED_CSV.encode(), "liste.csv", ImportMode.CONSENTED, user)
    pending.refresh_from_db()
    assert pending.status == SubscriberStatus.CONFIRMED
    assert pending.consent_source == "Ancienne liste"


def test_invited_addresses_get_a_confirmation_at_a_bounded_rate(
    user, worker, settings, client, django_capture_on_commit_callbacks
):
    settings.IMPORT_INVITATIONS_PER_MINUTE = 2
    text = "email\n" + "".join(f"lecteur{n}@example.org\n" for n in range(5))

    with django_capture_on_commit_callbacks(execute=True):
        record = import_subscribers(text.encode(), "liste.csv", ImportMode.INVITE, user)

    assert Subscriber.objects.filter(status=SubscriberStatus.PENDING).count() == 5
    assert not mail.outbox  # nothing is sent while the publisher waits
    worker()
    assert len(mail.outbox) == 2
    next_round = DBTaskResult.objects.filter(status="READY").get()
    assert next_round.run_after - timezone.now() > datetime.timedelta(seconds=50)
    worker()
    assert len(mail.outbox) == 2  # not before the minute is up
    worker(now=True)
    worker(now=True)
    assert sorted(message.to[0] for message in mail.outbox) == [
        f"lecteur{n}@example.org" for n in range(5)
    ]
    record.refresh_from_db()
    assert record.invitations_sent == 5
    message = mail.outbox[0]
    assert message.subject.startswith("Continuez à recevoir la lettre PARÉ")
    assert "Vous figurez sur la liste de diffusion" in message.body
    client.post(confirmation_path(message))
    assert Subscriber.objects.get(email=message.to[0]).status == SubscriberStatus.CONFIRMED


def test_a_file_without_addresses_is_refused_with_a_french_message(publisher):
    response = upload(publisher, "nom;ville\nClaire;Lyon\n")
    assert response.status_code == 400
    assert "Aucune colonne d&#x27;adresses e-mail" in response.text

    response = publisher.post(IMPORT_URL, {"mode": ImportMode.CONSENTED})
    assert response.status_code == 400
    assert not SubscriberImport.objects.exists()


def test_a_binary_file_is_refused_not_a_crash(user):
    with pytest.raises(ImportRefused, match="n'est pas un CSV lisible"):
        import_subscribers(bytes(range(256)) * 40, "liste.xlsx", ImportMode.INVITE, user)


def test_only_publishers_import_and_the_link_is_theirs(client, db):
    staff(client, EDITORS)
    assert client.get(IMPORT_URL).status_code == 403
    assert upload(client, CONSENTED_CSV).status_code == 403
    assert not Subscriber.objects.exists()

    publisher = staff(client, PUBLISHERS)
    changelist = publisher.get(reverse("admin:newsletters_subscriber_changelist"))
    assert IMPORT_URL in changelist.text
    records = publisher.get(reverse("admin:newsletters_subscriberimport_changelist"))
    assert records.status_code == 200


INVITE = """
import django
django.setup()
from newsletters.tasks import send_invitations
print(send_invitations.call({pk}))
"""


@on_postgresql
@committed
def test_two_workers_never_invite_the_same_address_twice(tmp_path):
    user = get_user_model().objects.create_user("chloe@example.org", is_staff=True)
    text = "email\n" + "".join(f"lecteur{n}@example.org\n" for n in range(40))
    record = import_subscribers(text.encode(), "liste.csv", ImportMode.INVITE, user)
    outbox = tmp_path / "outbox"
    workers = start_pythons(
        INVITE.format(pk=record.pk),
        (1, 2),
        EMAIL_URL=f"filemail:///{outbox}",
        IMPORT_INVITATIONS_PER_MINUTE="100",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
    )
    sent = [int(output.split()[-1]) for output in outputs(workers)]
    assert sum(sent) == 40
    recipients = [
        line.split(": ", 1)[1]
        for message in outbox.iterdir()
        for line in message.read_text().splitlines()
        if line.startswith("To: ")
    ]
    assert sorted(recipients) == sorted(f"lecteur{n}@example.org" for n in range(40))
    record.refresh_from_db()
    assert record.invitations_sent == 40


def test_the_subscribers_export_imports_again_elsewhere(admin_client, user):
    make_subscriber("claire.martin@example.org", name="Claire Martin", consent_source="Salon")
    exported = admin_client.post(
        reverse("admin:newsletters_subscriber_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Subscriber.objects.values_list("pk", flat=True)),
        },
    ).content
    Subscriber.objects.all().delete()

    record = import_subscribers(exported, "abonnes.csv", ImportMode.CONSENTED, user)

    subscriber = Subscriber.objects.get()
    assert (subscriber.name, subscriber.consent_source) == ("Claire Martin", "Salon")
    assert subscriber.status == SubscriberStatus.CONFIRMED and record.rejected_count == 0


def test_importing_the_same_invitations_twice_keeps_them_waiting(user):
    text = b"email\na@example.org\nb@example.org\n"
    import_subscribers(text, "liste.csv", ImportMode.INVITE, user)
    again = import_subscribers(text, "liste.csv", ImportMode.INVITE, user)

    assert Subscriber.objects.filter(awaiting_invitation=True).count() == 2
    assert again.merged_count == 2


def test_an_expired_invitation_is_sent_again_by_the_new_import(user, settings):
    settings.IMPORT_INVITATIONS_PER_MINUTE = 10
    first = import_subscribers(b"email\na@example.org\n", "a.csv", ImportMode.INVITE, user)
    send_invitations.call(first.pk)
    Subscriber.objects.update(requested_at=timezone.now() - datetime.timedelta(days=8))
    mail.outbox.clear()

    second = import_subscribers(b"email\na@example.org\n", "b.csv", ImportMode.INVITE, user)
    send_invitations.call(second.pk)

    assert [message.to for message in mail.outbox] == [["a@example.org"]]


def test_a_failed_send_gives_the_rest_of_its_round_back(user, settings, monkeypatch, worker):
    settings.IMPORT_INVITATIONS_PER_MINUTE = 10
    text = "email\n" + "".join(f"p{n}@example.org\n" for n in range(5))
    record = import_subscribers(text.encode(), "liste.csv", ImportMode.INVITE, user)
    sends = iter([None, OSError("le serveur ne répond plus")])

    def send(message, fail_silently=False):
        error = next(sends, None)
        if error:
            raise error
        return 1

    monkeypatch.setattr("django.core.mail.EmailMessage.send", send)
    send_invitations.call(record.pk)

    assert Subscriber.objects.filter(awaiting_invitation=True).count() == 4


def test_people_who_left_in_an_exported_file_are_not_subscribed_again(user):
    text = "adresse e-mail;statut;consentement donné le;origine du consentement\n"
    text += "reste@example.org;Inscrit;2022-01-01 10:00;Salon\n"
    text += "parti@example.org;Désinscrit;2022-01-01 10:00;Salon\n"
    text += "rebond@example.org;Suspendu (adresse en échec);2022-01-01 10:00;Salon\n"

    record = import_subscribers(text.encode(), "abonnes.csv", ImportMode.CONSENTED, user)

    assert list(Subscriber.objects.values_list("email", flat=True)) == ["reste@example.org"]
    assert record.left_alone_count == 2
    assert "Ligne 3 : statut « Désinscrit » dans le fichier ; laissée de côté." in record.report


def test_a_consent_older_than_a_suspension_does_not_confirm(user):
    make_subscriber(
        "paul@example.org",
        status=SubscriberStatus.PENDING,
        suspended_at=timezone.now() - datetime.timedelta(days=30),
        suspension_reason="550 boîte inconnue",
    )
    import_subscribers(CONSENTED_CSV.encode(), "liste.csv", ImportMode.CONSENTED, user)

    paul = Subscriber.objects.get(email="paul@example.org")
    assert paul.status == SubscriberStatus.PENDING  # their own confirmation link decides


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("a@b.fr;01/01/0001", "Date du consentement illisible : « 01/01/0001 »"),
        ("a" * 250 + "@b.fr;01/01/2020", "n'est pas une adresse e-mail"),
    ],
)
def test_impossible_values_are_line_errors_not_crashes(publisher, line, message):
    response = upload(publisher, f"email;date;source\n{line};Liste\n")
    assert response.status_code == 400
    assert message in dict(response.context["errors"])[2].replace("&#x27;", "'")


def test_blank_lines_before_the_headings_are_skipped(user):
    record = import_subscribers(
        b"\n;;\nemail;date;source\na@example.org;01/01/2020;Liste\n",
        "liste.csv",
        ImportMode.CONSENTED,
        user,
    )
    assert record.created_count == 1
