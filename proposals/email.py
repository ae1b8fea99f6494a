"""The short e-mails a proposer receives: the confirmation link, then the outcome.

Plain text, and nothing in them that the proposer wrote: until a person approved it, their text
must not reach anyone's mailbox (the form would otherwise carry spam to any address).
"""

from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pare.dates import long_date
from pare.models import SiteProfile
from proposals.models import CONFIRMATION_MAX_AGE


def absolute(path):
    return urljoin(f"{settings.SITE_URL}/", str(path))


def _message(proposal, subject, template, **context):
    site = SiteProfile.load()
    context.update(
        site=site,
        site_url=settings.SITE_URL,
        retention_days=settings.PROPOSAL_RETENTION_DAYS,
        proposal=proposal,
        kind=proposal.get_kind_display().lower(),
        sent_on=long_date(timezone.localdate(proposal.created_at)),
    )
    subject = subject % {"site": site.site_name or "PARÉ"}
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string(f"proposals/email/{template}.txt", context),
        to=[proposal.proposer_email],
        reply_to=[site.contact_email] if site.contact_email else None,
    )


def confirmation_message(proposal):
    path = reverse("proposals:confirm", kwargs={"token": proposal.confirmation_token()})
    return _message(
        proposal,
        _("Confirmez votre proposition à %(site)s"),
        "confirm",
        confirm_url=absolute(path),
        max_age_days=CONFIRMATION_MAX_AGE.days,
    )


def published_message(proposal):
    entry = proposal.entry
    return _message(
        proposal,
        _("Votre proposition est en ligne sur %(site)s"),
        "published",
        entry_title=entry.title,
        entry_url=absolute(entry.get_absolute_url()),
    )


def declined_message(proposal):
    return _message(
        proposal,
        _("Votre proposition à %(site)s"),
        "declined",
        message=proposal.message_to_proposer,
    )
