"""Mail that keeps arriving: return paths that name their recipient, and what the bounces say.

Each message leaves with its own envelope sender (VERP): bounces+<subscriber>-<issue>-<mac>@domain,
the mac a keyed hash in lower-case hex (some servers lower-case addresses). A delivery status
notification (RFC 3464) comes back to that address; a complaint report (ARF, RFC 5965) quotes the
message, whose Return-Path carries it too, as does its List-Unsubscribe link. read_mailbox() reads
the bounce mailbox over IMAP and hands each message to handle(), in the worker every quarter of an
hour (newsletters.tasks) or through manage.py process_bounces.
"""

import datetime
import email
import email.policy
import hmac
import imaplib
import re

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from newsletters.models import Bounce, BounceKind, Issue, Subscriber, SubscriberStatus

SOFT_BOUNCE_LIMIT = 3
SOFT_BOUNCE_WINDOW = datetime.timedelta(days=30)
MAC_LENGTH = 20


def _mac(value):
    return salted_hmac("newsletters.bounces", value, algorithm="sha256").hexdigest()[:MAC_LENGTH]


def _mailbox():
    local, _at, domain = settings.BOUNCE_ADDRESS.rpartition("@")
    return local, domain


def return_path(subscriber=None, issue=None):
    """The envelope sender of a message to this subscriber (of this issue), or the plain one."""
    local, domain = _mailbox()
    if subscriber is None:
        return settings.BOUNCE_ADDRESS
    value = f"{subscriber.pk}-{issue.pk if issue else 0}"
    return f"{local}+{value}-{_mac(value)}@{domain}"


def read_return_path(address):
    """(subscriber number, issue number or None) named by a return path, or None if forged."""
    local, domain = _mailbox()
    pattern = rf"{re.escape(local)}\+([0-9]{{1,18}})-([0-9]{{1,18}})-([0-9a-f]{{{MAC_LENGTH}}})@"
    match = re.search(pattern + re.escape(domain), address, re.IGNORECASE)
    if not match:
        return None
    subscriber, issue, mac = match.groups()
    if not hmac.compare_digest(_mac(f"{subscriber}-{issue}"), mac.lower()):
        return None
    return int(subscriber), int(issue) or None


UNSUBSCRIBE_LINK = re.compile(r"/desinscription/([^/>\s]+)/")


def parse(raw):
    """What a message from the bounce mailbox reports: a list of (kind, status, diagnostic,
    subscriber, issue number), empty if it is neither a DSN nor an ARF report about our mail.
    """
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    if message.get_content_type() != "multipart/report":
        return []
    report_type = (message.get_param("report-type") or "").lower()
    parts = message.get_payload()
    if report_type == "delivery-status":
        return _delivery_status(message, parts)
    if report_type == "feedback-report":
        return _feedback(message, parts)
    return []


def _headers_text(message):
    """Every header of a message and of the messages it quotes, as text to search."""
    lines = [f"{name}: {value}" for name, value in message.items()]
    if message.is_multipart():
        for part in message.get_payload():
            if part.get_content_type() in ("message/rfc822", "text/rfc822-headers"):
                payload = part.get_payload()
                if isinstance(payload, list):
                    lines.extend(_headers_text(payload[0]))
                else:
                    lines.append(str(payload))
            elif part.is_multipart():
                lines.extend(_headers_text(part))
    return lines


def _recipient(message):
    """The subscriber and issue named by a return path (or an unsubscribe link) in the message."""
    headers = "\n".join(_headers_text(message))
    for candidate in re.findall(r"[\w.+-]+@[\w.-]+", headers):
        found = read_return_path(candidate)
        if found:
            subscriber = Subscriber.objects.filter(pk=found[0]).first()
            if subscriber:
                return subscriber, found[1]
    for token in UNSUBSCRIBE_LINK.findall(headers):
        try:
            return Subscriber.from_unsubscribe_token(token), None
        except signing.BadSignature:
            continue
    return None, None


def _fields(part):
    """The groups of fields of a message/delivery-status or message/feedback-report part."""
    payload = part.get_payload()
    if isinstance(payload, list):  # compat32 parses each group of a DSN as a message.
        return [{name.lower(): value for name, value in group.items()} for group in payload]
    group = email.message_from_string(str(payload).lstrip(), policy=email.policy.compat32)
    return [{name.lower(): value for name, value in group.items()}]


def _delivery_status(message, parts):
    subscriber, issue_id = _recipient(message)
    status_part = next(
        (part for part in parts if part.get_content_type() == "message/delivery-status"), None
    )
    if subscriber is None or status_part is None:
        return []
    reports = []
    for group in _fields(status_part)[1:] or _fields(status_part):
        action = group.get("action", "").strip().lower()
        status = group.get("status", "").strip()
        if (action and action != "failed") or not status.startswith(("4.", "5.")):
            continue  # delayed, delivered, relayed, expanded: nothing to act on
        kind = BounceKind.HARD if status.startswith("5.") else BounceKind.SOFT
        diagnostic = " ".join(group.get("diagnostic-code", "").split())
        reports.append((kind, status, diagnostic, subscriber, issue_id))
    return reports


def _feedback(message, parts):
    feedback = next(
        (part for part in parts if part.get_content_type() == "message/feedback-report"), None
    )
    subscriber, issue_id = _recipient(message)
    if feedback is None or subscriber is None:
        return []
    fields = _fields(feedback)[0]
    kind = fields.get("feedback-type", "abuse").strip().lower()
    return [(BounceKind.COMPLAINT, "", kind, subscriber, issue_id)]


def handle(raw):
    """Record and act on one message; False if it was not understood (it stays in the box)."""
    reports = parse(raw)
    if not reports:
        return False
    issues = set(Issue.objects.filter(pk__in={r[4] for r in reports}).values_list("pk", flat=True))
    with transaction.atomic():
        for kind, status, diagnostic, subscriber, issue_id in reports:
            Bounce.objects.create(
                subscriber=subscriber,
                issue_id=issue_id if issue_id in issues else None,
                kind=kind,
                status=status,
                diagnostic=diagnostic[:2000],
            )
            act(subscriber, kind, status, diagnostic)
    return True


def act(subscriber, kind, status, diagnostic):
    if kind == BounceKind.COMPLAINT:
        subscriber.unsubscribe()
    elif kind == BounceKind.HARD:
        subscriber.suspend(
            _("Adresse refusée (%(status)s) : %(diagnostic)s")
            % {"status": status, "diagnostic": diagnostic or _("sans précision")}
        )
    elif subscriber.status == SubscriberStatus.CONFIRMED:
        since = timezone.now() - SOFT_BOUNCE_WINDOW
        recent = subscriber.bounces.filter(kind=BounceKind.SOFT, received_at__gte=since).count()
        if recent >= SOFT_BOUNCE_LIMIT:
            subscriber.suspend(
                _("%(count)d échecs temporaires en %(days)d jours ; le dernier : %(diagnostic)s")
                % {
                    "count": recent,
                    "days": SOFT_BOUNCE_WINDOW.days,
                    "diagnostic": diagnostic or status,
                }
            )


class MailboxError(Exception):
    pass


def connect():
    if not settings.BOUNCE_IMAP_HOST:
        raise MailboxError(_("BOUNCE_IMAP_HOST n'est pas réglé : aucune boîte de retours à lire."))
    imap_class = imaplib.IMAP4_SSL if settings.BOUNCE_IMAP_SSL else imaplib.IMAP4
    try:
        imap = imap_class(settings.BOUNCE_IMAP_HOST, settings.BOUNCE_IMAP_PORT, timeout=30)
        imap.login(settings.BOUNCE_IMAP_USER, settings.BOUNCE_IMAP_PASSWORD)
    except (OSError, imaplib.IMAP4.error) as error:
        raise MailboxError(
            _("Boîte de retours injoignable : %(error)s") % {"error": error}
        ) from error
    return imap


def read_mailbox(still_running=None):
    """Handle every message of the bounce mailbox; remove those understood. Say how many.

    still_running, if given, is called after each message.
    """
    imap = connect()
    handled = unknown = 0
    try:
        imap.select(settings.BOUNCE_IMAP_FOLDER)
        _status, data = imap.uid("SEARCH", None, "ALL")
        for uid in data[0].split():
            _status, fetched = imap.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next(item[1] for item in fetched if isinstance(item, tuple))
            if handle(raw):
                imap.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
                handled += 1
            else:
                unknown += 1
            if still_running:
                still_running()
        imap.expunge()
    finally:
        imap.logout()
    return {"handled": handled, "unknown": unknown}
