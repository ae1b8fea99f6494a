"""Mail that keeps arriving: VERP return paths, bounces and complaints read from a real IMAP box."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from newsletters import bounces, sending
from newsletters.models import Bounce, BounceKind, SendJob, Subscriber, SubscriberStatus
from tests.factories import make_issue, make_subscriber


@pytest.fixture
def issue(db):
    return make_issue()


def send_to(issue, *subscribers):
    """Send the issue; return what the SMTP server received, by recipient."""
    sending.run(SendJob.objects.get_or_create(issue=issue)[0].pk)


REPORT = """\
From: {sender}
To: {to}
Subject: {subject}
MIME-Version: 1.0
Content-Type: multipart/report; report-type={report_type}; boundary="REPORT-BOUNDARY"

--REPORT-BOUNDARY
Content-Type: text/plain; charset=utf-8

{human}

--REPORT-BOUNDARY
Content-Type: message/{report_type}

{fields}
--REPORT-BOUNDARY
Content-Type: text/rfc822-headers

{headers}

--REPORT-BOUNDARY--
"""


def dsn(received, status="5.1.1", action="failed", diagnostic="smtp; 550 5.1.1 User unknown"):
    """A delivery status notification (RFC 3464) about a received message, to its return path."""
    return REPORT.format(
        sender="Mail Delivery System <MAILER-DAEMON@mx.example.net>",
        to=received.mail_from,
        subject="Undelivered Mail Returned to Sender",
        report_type="delivery-status",
        human="Votre message n'a pas pu être remis.",
        fields=(
            "Reporting-MTA: dns; mx.example.net\n\n"
            f"Final-Recipient: rfc822; {received.recipients[0]}\n"
            f"Action: {action}\nStatus: {status}\nDiagnostic-Code: {diagnostic}\n"
        ),
        headers=received.header_block,
    ).encode()


def arf(received):
    """A complaint (ARF, RFC 5965) from a mailbox provider, quoting the message as delivered:
    sent to the provider's feedback address, not to the return path."""
    return REPORT.format(
        sender="feedback@fbl.example.net",
        to="abuse@example.org",
        subject="Complaint about message",
        report_type="feedback-report",
        human="This is an email abuse report.",
        fields=(
            "Feedback-Type: abuse\nUser-Agent: FBL/1.0\nVersion: 1\n"
            f"Original-Rcpt-To: {received.recipients[0]}\n"
        ),
        # The receiving server added the Return-Path on delivery.
        headers=f"Return-Path: <{received.mail_from}>\n{received.header_block}",
    ).encode()


def test_each_message_leaves_with_a_return_path_naming_its_recipient(issue, smtp_server, settings):
    settings.BOUNCE_ADDRESS = "retours@pare.example.org"
    settings.DEFAULT_FROM_EMAIL = "PARÉ <lettre@pare.example.org>"
    one, other = make_subscriber(), make_subscriber()

    send_to(issue)

    by_recipient = {item.recipients[0]: item for item in smtp_server.received}
    for subscriber in (one, other):
        item = by_recipient[subscriber.email]
        assert item.mail_from.startswith("retours+") and item.mail_from.endswith(
            "@pare.example.org"
        )
        assert bounces.read_return_path(item.mail_from) == (subscriber.pk, issue.pk)
        assert item.message["From"] == "PARÉ <lettre@pare.example.org>"
        assert subscriber.unsubscribe_token in item.message["List-Unsubscribe"]
        assert item.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert by_recipient[one.email].mail_from != by_recipient[other.email].mail_from


def test_a_forged_return_path_names_no_one(issue, settings):
    settings.BOUNCE_ADDRESS = "bounces@pare.example.org"
    subscriber = make_subscriber()
    address = bounces.return_path(subscriber, issue)
    local, domain = address.split("@")
    number, issue_number, mac = local.removeprefix("bounces+").split("-")

    assert bounces.read_return_path(address.upper()) == (subscriber.pk, issue.pk)
    assert (
        bounces.read_return_path(f"bounces+{int(number) + 1}-{issue_number}-{mac}@{domain}") is None
    )
    assert bounces.read_return_path(f"bounces+{number}-{issue_number}-{'0' * 20}@{domain}") is None


def test_a_bounce_and_a_complaint_are_processed_from_the_imap_box(issue, smtp_server, imap_server):
    gone, complaining, fine = make_subscriber(), make_subscriber(), make_subscriber()
    send_to(issue)
    by_recipient = {item.recipients[0]: item for item in smtp_server.received}
    imap_server.append(dsn(by_recipient[gone.email]))
    imap_server.append(arf(by_recipient[complaining.email]))
    unknown = b"From: someone@example.net\r\nSubject: Bonjour\r\n\r\nUne question.\r\n"
    imap_server.append(unknown)
    out = StringIO()

    call_command("process_bounces", stdout=out)

    assert "2 retours traités, 1 messages non compris" in out.getvalue()
    gone.refresh_from_db()
    assert gone.status == SubscriberStatus.SUSPENDED
    assert "5.1.1" in gone.suspension_reason and "User unknown" in gone.suspension_reason
    complaining.refresh_from_db()
    assert complaining.status == SubscriberStatus.UNSUBSCRIBED
    fine.refresh_from_db()
    assert fine.status == SubscriberStatus.CONFIRMED
    assert set(Bounce.objects.values_list("subscriber", "kind", "issue")) == {
        (gone.pk, BounceKind.HARD, issue.pk),
        (complaining.pk, BounceKind.COMPLAINT, issue.pk),
    }
    # Understood messages leave the box; the one not understood stays, untouched.
    assert imap_server.messages() == [unknown]

    # A suspended address gets no more issues.
    smtp_server.received.clear()
    send_to(make_issue(year=2024, quarter=1))
    assert [item.recipients for item in smtp_server.received] == [[fine.email]]


def test_three_soft_bounces_within_thirty_days_suspend(issue, smtp_server):
    subscriber = make_subscriber()
    send_to(issue)
    [received] = smtp_server.received
    soft = dsn(received, status="4.2.2", diagnostic="smtp; 452 4.2.2 Mailbox full")
    Bounce.objects.create(
        subscriber=subscriber,
        kind=BounceKind.SOFT,
        received_at=timezone.now() - datetime.timedelta(days=40),
    )

    assert bounces.handle(soft) and bounces.handle(soft)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED

    assert bounces.handle(soft)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.SUSPENDED
    assert "3 échecs temporaires en 30 jours" in subscriber.suspension_reason


def test_a_delayed_notice_changes_nothing_and_stays(issue, smtp_server):
    subscriber = make_subscriber()
    send_to(issue)
    [received] = smtp_server.received

    assert not bounces.handle(dsn(received, status="4.4.7", action="delayed"))
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED
    assert not Bounce.objects.exists()


def test_without_a_mailbox_the_command_says_so(db, settings):
    settings.BOUNCE_IMAP_HOST = ""
    with pytest.raises(CommandError, match="BOUNCE_IMAP_HOST"):
        call_command("process_bounces")


def test_staff_see_bounces_per_sending_and_subscriber_and_can_reinstate(
    issue, smtp_server, admin_client
):
    subscriber = make_subscriber(email="partie@example.org")
    send_to(issue)
    [received] = smtp_server.received
    bounces.handle(dsn(received))
    job = SendJob.objects.get(issue=issue)

    page = admin_client.get(reverse("admin:newsletters_sendjob_change", args=[job.pk]))
    assert "1 retours, 1 adresses suspendues" in page.text
    assert "partie@example.org" in page.text and "5.1.1" in page.text
    page = admin_client.get(reverse("admin:newsletters_subscriber_change", args=[subscriber.pk]))
    assert "Échec définitif" in page.text and "User unknown" in page.text

    response = admin_client.post(
        reverse("admin:newsletters_subscriber_changelist"),
        {"action": "reinstate", "_selected_action": [subscriber.pk]},
        follow=True,
    )

    assert "Rétablis : 1" in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.CONFIRMED and not subscriber.suspension_reason
    assert Subscriber.objects.get(pk=subscriber.pk).confirmed_at is not None
