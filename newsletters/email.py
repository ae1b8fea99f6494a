"""What subscribers receive: the e-mail edition of an issue, and the confirmation of their address.

An issue is rendered once per territory its subscribers chose (none: the national edition), from
the same sections and entry properties as its page, with its CSS moved inline: what lies in the
territory comes first, under « Dans votre région », then the rest of the issue. Each recipient's
copy then differs only by its personal links (unsubscribe, preferences) and its return path
(VERP, newsletters.bounces). There is no open tracking; the HTML part's links go through a
redirect that adds one to the day's total of that link (newsletters.reach), and nothing else.
"""

import functools
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
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from newsletters import bounces, reach
from newsletters.models import CONFIRMATION_MAX_AGE, Territory
from pare.models import SiteProfile

# Stand for the recipient's tokens until each copy is made.
TOKEN_PLACEHOLDER = "pare-unsubscribe-token-placeholder"
PREFERENCES_PLACEHOLDER = "pare-preferences-token-placeholder"
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


@functools.lru_cache(maxsize=8192)
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


def preferences_url(token):
    return on_site(reverse("subscriptions:preferences", kwargs={"token": token}))


LINK = re.compile(r' href="(https?://[^"]+)"')


def counted_links(html, issue, browser_url):
    """The HTML's web links through the click-counting redirect.

    Personal links stay direct, and « Afficher dans le navigateur », which counts itself.
    """
    urls = {
        url.replace("&amp;", "&")
        for url in LINK.findall(html)
        if TOKEN_PLACEHOLDER not in url and PREFERENCES_PLACEHOLDER not in url
    } - {browser_url}
    redirects = reach.link_urls(issue, urls)

    def replace(match):
        redirect = redirects.get(match.group(1).replace("&amp;", "&"))
        return f' href="{on_site(redirect)}"' if redirect else match.group(0)

    return LINK.sub(replace, html)


def list_headers(token):
    """RFC 2369 and RFC 8058: mail clients offer their own one-click « unsubscribe » button."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    one_click = on_site(reverse("subscriptions:unsubscribe_one_click", kwargs={"token": token}))
    return {
        "List-Id": f"<lettre.{host}>",
        "List-Unsubscribe": f"<{one_click}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _message(subject, text, html, to, token, site, return_path):
    """One e-mail; its subject on one line, whatever line breaks the site's texts hold.

    The envelope sender is the return path, where bounces go; the From header stays the site's.
    """
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=return_path,
        to=[to],
        headers={"From": settings.DEFAULT_FROM_EMAIL, **list_headers(token)},
        reply_to=[site.contact_email] if site.contact_email else None,
    )
    message.attach_alternative(html, "text/html")
    return message


NATIONAL = Territory()
ISSUE_HTML = "newsletters/email/issue.html"
ISSUE_TEXT = "newsletters/email/issue.txt"


def edition_context(issue, site, territory, regional, sections):
    return {
        "issue": issue,
        "regional": regional,
        "territory_label": territory.label() if territory else "",
        "sections": sections,
        "site": site,
        "subject": issue.title,
        "issue_url": on_site(issue.get_absolute_url()),
        "browser_url": on_site(
            reverse(
                "newsletters:from_email",
                kwargs={"year": issue.year, "quarter": issue.quarter},
            )
        ),
        "subscribe_url": on_site(reverse("subscriptions:subscribe") + "?source=lettre"),
        "unsubscribe_url": unsubscribe_url(TOKEN_PLACEHOLDER),
        "preferences_url": preferences_url(PREFERENCES_PLACEHOLDER),
    }


def finish_html(html, context):
    """The rendered e-mail with its CSS inline and, when reach is counted, its links counted."""
    html = inline_css(html)
    issue = context["issue"]
    if settings.REACH_COUNTING and issue.is_public:
        return counted_links(html, issue, context["browser_url"])
    return html


ENTRY_MARK = "<!--pare-entry-{}-->"
MARKED_ENTRY = re.compile(r"<!--pare-entry-(\d+)-->(.*?)<!--/pare-entry-\1-->", re.DOTALL)
MARKS = re.compile(r"<!--/?pare-entry-(\d+)-->")


class SharedEntries:
    """Every entry of an issue rendered once for a whole sending, in HTML and in text.

    An edition then only renders its frame (headings, order, footer) around marks, and puts the
    entries in place. The HTML of the entries is inlined and its links counted once, inside the
    national edition with each entry between marks: the stylesheet selects by element, class and
    ancestors, the same wherever an entry stands, so an entry comes out as in any edition.
    """

    def __init__(self, issue, site, sections):
        context = edition_context(issue, site, NATIONAL, [], sections)
        raw = {}
        render_to_string(ISSUE_HTML, {**context, "entry_renderings": raw})
        numbers = {key: number for number, key in enumerate(raw)}
        marked = {
            key: mark_safe(f"<!--pare-entry-{number}-->{raw[key]}<!--/pare-entry-{number}-->")
            for key, number in numbers.items()
        }
        html = finish_html(
            render_to_string(ISSUE_HTML, {**context, "entry_renderings": marked}), context
        )
        self.html = {int(number): piece for number, piece in MARKED_ENTRY.findall(html)}
        if len(self.html) != len(numbers):
            raise ValueError("An entry's marks did not survive the rendering of the e-mail.")
        self.marks = {key: mark_safe(ENTRY_MARK.format(number)) for key, number in numbers.items()}
        self.text = {}

    def render_html(self, context):
        frame = render_to_string(ISSUE_HTML, {**context, "entry_renderings": self.marks})
        return MARKS.sub(lambda mark: self.html[int(mark.group(1))], finish_html(frame, context))

    def render_text(self, context):
        return render_to_string(ISSUE_TEXT, {**context, "entry_renderings": self.text})


class IssueEdition:
    """An issue as e-mail for one territory, rendered once: message() makes each copy.

    Given the entries a sending rendered (shared), it only assembles them in its order.
    """

    def __init__(self, issue, user=None, territory=NATIONAL, sections=None, shared=None):
        self.issue = issue
        self.territory = territory
        self.site = shared.site if shared else SiteProfile.load()
        if sections is None:
            sections = issue.sections(user or AnonymousUser())
        regional, sections = split_regional(sections, territory)
        context = edition_context(issue, self.site, territory, regional, sections)
        if shared is None:
            self.html = finish_html(render_to_string(ISSUE_HTML, context), context)
            text = render_to_string(ISSUE_TEXT, context)
        else:
            self.html = shared.entries.render_html(context)
            text = shared.entries.render_text(context)
        self.text = wrap(text)

    @property
    def subject(self):
        return self.issue.title

    def html_for(self, token, preferences_token=None):
        return self.html.replace(TOKEN_PLACEHOLDER, token).replace(
            PREFERENCES_PLACEHOLDER, preferences_token or token
        )

    def text_for(self, token, preferences_token=None):
        return self.text.replace(TOKEN_PLACEHOLDER, token).replace(
            PREFERENCES_PLACEHOLDER, preferences_token or token
        )

    def message(self, to, token, preferences_token=None, return_path=None):
        """The issue for one address, whose links serve the holder of these tokens."""
        return _message(
            self.subject,
            self.text_for(token, preferences_token),
            self.html_for(token, preferences_token),
            to,
            token,
            self.site,
            return_path or bounces.return_path(),
        )

    def message_for(self, subscriber):
        return self.message(
            subscriber.email,
            subscriber.unsubscribe_token,
            subscriber.preferences_token,
            bounces.return_path(subscriber, self.issue),
        )


def split_regional(sections, territory):
    """(what lies in the territory, as (section, entry) pairs; the sections without it).

    Every entry appears once: in « Dans votre région », or in its section.
    """
    if not territory:
        return [], sections
    regional, rest = [], []
    for section in sections:
        entries = []
        for entry in section["entries"]:
            if territory.covers(section["located_in"](entry)):
                regional.append({"section": section, "entry": entry})
            else:
                entries.append(entry)
        rest.append({**section, "entries": entries})
    return regional, rest


class Editions:
    """The editions of one issue for a sending: each territory assembled once, on first need.

    Each entry is rendered once for them all (SharedEntries), on first need too.
    """

    def __init__(self, issue):
        self.issue = issue
        self.site = SiteProfile.load()
        self.sections = [
            {**section, "entries": list(section["entries"])}
            for section in issue.sections(AnonymousUser())
        ]
        self.editions = {}

    @functools.cached_property
    def entries(self):
        return SharedEntries(self.issue, self.site, self.sections)

    def for_territory(self, territory):
        """A territory where none of the issue lies gets the national edition, made once."""
        if territory not in self.editions:
            regional, _rest = split_regional(self.sections, territory)
            if regional or not territory:
                edition = IssueEdition(self.issue, None, territory, self.sections, shared=self)
            else:
                edition = self.for_territory(NATIONAL)
            self.editions[territory] = edition
        return self.editions[territory]

    def message_for(self, subscriber):
        return self.for_territory(subscriber.territory()).message_for(subscriber)


def confirmation_message(subscriber, invited=False):
    """The message that asks a new subscriber to confirm their address (double opt-in).

    invited: the address came from the foundation's former list, not from the site's form.
    """
    site = SiteProfile.load()
    context = {
        "invited": invited,
        "site": site,
        "confirm_url": on_site(
            reverse("subscriptions:confirm", kwargs={"token": subscriber.confirmation_token()})
        ),
        "unsubscribe_url": unsubscribe_url(subscriber.unsubscribe_token),
        "site_url": settings.SITE_URL,
        "max_age_days": CONFIRMATION_MAX_AGE.days,
    }
    subject = (
        _("Continuez à recevoir la lettre %(site)s : confirmez votre adresse")
        if invited
        else _("Confirmez votre inscription à la lettre %(site)s")
    ) % {"site": site.site_name or "PARÉ"}
    context["subject"] = subject
    html = inline_css(render_to_string("newsletters/email/confirm.html", context))
    text = wrap(render_to_string("newsletters/email/confirm.txt", context))
    return _message(
        subject,
        text,
        html,
        subscriber.email,
        subscriber.unsubscribe_token,
        site,
        bounces.return_path(subscriber),
    )


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
