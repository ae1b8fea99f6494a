"""What subscribers receive: the e-mail edition of an issue, and the confirmation of their address.

An issue is rendered once, from the same sections and entry properties as its page, with its CSS
moved inline; each recipient's copy then differs only by the unsubscribe link put in its place.
There is no open or click tracking: links point straight to where they say.
"""

import re
import textwrap
from urllib.parse import urljoin, urlsplit

import css_inline
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from newsletters.models import CONFIRMATION_MAX_AGE
from pare.models import SiteProfile

# Stands for the recipient's unsubscribe token until each copy is made.
TOKEN_PLACEHOLDER = "pare-unsubscribe-token-placeholder"
# The token of test sends and previews: its link says so and unsubscribes no one.
TEST_TOKEN = "essai"

INLINER = css_inline.CSSInliner(keep_at_rules=True, minify_css=True, load_remote_stylesheets=False)
# Once the CSS is inline, only the classes its @media rule names are of use: the rest go, for
# Gmail clips messages past 102 KB.
MEDIA_CLASSES = {"container", "content", "masthead", "footer", "topbar", "facts-box"}
CLASS_ATTRIBUTE = re.compile(r' class="([^"]*)"')


def _keep_media_classes(match):
    names = [name for name in match.group(1).split() if name in MEDIA_CLASSES]
    return f' class="{" ".join(names)}"' if names else ""


def inline_css(html):
    """E-mail HTML with its stylesheet moved into style attributes."""
    return CLASS_ATTRIBUTE.sub(_keep_media_classes, INLINER.inline(html))


TEXT_WIDTH = 72
# French spacing: no line of the text part starts with « ; », « : », « ! », « ? » or « » ».
NO_BREAK_BEFORE = (" ;", " :", " !", " ?", " »")
WHOLE_WORDS = {"break_long_words": False, "break_on_hyphens": False}


def _wrap_line(line):
    for mark in NO_BREAK_BEFORE:
        line = line.replace(mark, f"\u00a0{mark[1]}")
    line = line.replace("« ", "«\u00a0")
    if len(line) <= TEXT_WIDTH:
        return line
    for prefix, indent in (("  - ", "    "), ("> ", "> ")):
        if line.startswith(prefix):
            return textwrap.fill(
                line[len(prefix) :],
                TEXT_WIDTH,
                initial_indent=prefix,
                subsequent_indent=indent,
                **WHOLE_WORDS,
            )
    return textwrap.fill(line, TEXT_WIDTH, **WHOLE_WORDS)


def wrap(text):
    """Plain text for mail clients: lines of 72 characters at most, web addresses kept whole."""
    return "\n".join(_wrap_line(line) for line in text.strip().splitlines()) + "\n"


def on_site(url):
    """An address that works from a mail client: the site's own paths get its domain."""
    return urljoin(f"{settings.SITE_URL}/", str(url))


def unsubscribe_url(token):
    return on_site(reverse("subscriptions:unsubscribe", kwargs={"token": token}))


def list_headers(token):
    """RFC 2369 and RFC 8058: mail clients offer their own one-click « unsubscribe » button."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    one_click = on_site(reverse("subscriptions:unsubscribe_one_click", kwargs={"token": token}))
    return {
        "List-Id": f"<lettre.{host}>",
        "List-Unsubscribe": f"<{one_click}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _message(subject, text, html, to, token, site):
    """One e-mail; its subject on one line, whatever line breaks the site's texts hold."""
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        to=[to],
        headers=list_headers(token),
        reply_to=[site.contact_email] if site.contact_email else None,
    )
    message.attach_alternative(html, "text/html")
    return message


class IssueEdition:
    """An issue as e-mail, rendered once: message() makes each recipient's copy."""

    def __init__(self, issue, user=None):
        self.issue = issue
        self.site = SiteProfile.load()
        context = {
            "issue": issue,
            "sections": issue.sections(user or AnonymousUser()),
            "site": self.site,
            "subject": self.subject,
            "issue_url": on_site(issue.get_absolute_url()),
            "subscribe_url": on_site(reverse("subscriptions:subscribe") + "?source=lettre"),
            "unsubscribe_url": unsubscribe_url(TOKEN_PLACEHOLDER),
        }
        self.html = inline_css(render_to_string("newsletters/email/issue.html", context))
        self.text = wrap(render_to_string("newsletters/email/issue.txt", context))

    @property
    def subject(self):
        return self.issue.title

    def html_for(self, token):
        return self.html.replace(TOKEN_PLACEHOLDER, token)

    def text_for(self, token):
        return self.text.replace(TOKEN_PLACEHOLDER, token)

    def message(self, to, token):
        """The issue for one address, whose links unsubscribe the holder of this token."""
        return _message(
            self.subject, self.text_for(token), self.html_for(token), to, token, self.site
        )

    def message_for(self, subscriber):
        return self.message(subscriber.email, subscriber.unsubscribe_token)


def confirmation_message(subscriber):
    """The message that asks a new subscriber to confirm their address (double opt-in)."""
    site = SiteProfile.load()
    context = {
        "site": site,
        "confirm_url": on_site(
            reverse("subscriptions:confirm", kwargs={"token": subscriber.confirmation_token()})
        ),
        "unsubscribe_url": unsubscribe_url(subscriber.unsubscribe_token),
        "site_url": settings.SITE_URL,
        "max_age_days": CONFIRMATION_MAX_AGE.days,
    }
    subject = _("Confirmez votre inscription à la lettre %(site)s") % {
        "site": site.site_name or "PARÉ"
    }
    context["subject"] = subject
    html = inline_css(render_to_string("newsletters/email/confirm.html", context))
    text = wrap(render_to_string("newsletters/email/confirm.txt", context))
    return _message(subject, text, html, subscriber.email, subscriber.unsubscribe_token, site)


def review_message(issue):
    """Tell every active publisher with an address that an issue awaits their reading."""
    publishers = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__codename="publish_issue")
            | Q(user_permissions__codename="publish_issue")
        )
        .exclude(email="")
        .distinct()
    )
    change_url = on_site(reverse("admin:newsletters_issue_change", args=[issue.pk]))
    subject = _("À relire : %(issue)s") % {"issue": issue.title}
    body = _(
        "La rédaction a terminé la %(issue)s : elle attend votre relecture et votre "
        "publication.\n\n%(url)s\n"
    ) % {"issue": issue.title, "url": change_url}
    return EmailMessage(subject, body, to=[user.email for user in publishers])


def not_sent_message(job):
    """Tell who scheduled a sending that it did not go: the issue was not public at that time."""
    subject = _("Envoi annulé : %(issue)s") % {"issue": job.issue.title}
    body = _(
        "L'envoi programmé de la %(issue)s n'est pas parti : le numéro n'était pas en ligne à "
        "l'heure prévue. Publiez-le, puis relancez l'envoi depuis son édition e-mail :\n\n"
        "%(url)s\n"
    ) % {
        "issue": job.issue.title,
        "url": on_site(reverse("admin:newsletters_issue_email", args=[job.issue_id])),
    }
    return EmailMessage(subject, body, to=[job.requested_by.email])
