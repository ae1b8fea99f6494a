"""The e-mail edition of an issue: both parts, inline CSS, absolute links, the size Gmail keeps."""

import datetime
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.models import Event
from news.models import Initiative
from newsletters.email import TEST_TOKEN, IssueEdition, confirmation_message
from newsletters.models import Subscriber
from pare.models import Status
from resources.models import Resource
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
    make_subscriber,
)

GMAIL_CLIPS_AFTER = 102 * 1024


class Links(HTMLParser):
    """Every address an e-mail's HTML points to or loads."""

    def __init__(self, html):
        super().__init__()
        self.hrefs, self.srcs, self.alts, self.tags = [], [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "src" in attrs:
            self.srcs.append(attrs["src"])
            self.alts.append(attrs.get("alt"))


def words(text):
    """The text with its line breaks and non-breaking spaces as plain spaces."""
    return " ".join(text.split())


def html_part(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


@pytest.fixture
def subscriber(db):
    return make_subscriber("lectrice@example.org")


@pytest.fixture
def png(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (800, 400), "purple").save(buffer, "PNG")
    return SimpleUploadedFile("affiche.png", buffer.getvalue(), content_type="image/png")


def test_demo_issue_has_an_html_part_and_a_plain_text_part(demo_issue, subscriber, site_url):
    message = IssueEdition(demo_issue).message_for(subscriber)

    assert message.subject == "Lettre PARÉ du 3e trimestre 2023"
    assert message.to == ["lectrice@example.org"]
    html, text = html_part(message), message.body
    for part in (html, text):
        assert "Mardi 14 novembre 2023" in part
        assert "14h30 à 16h30" in part
        assert "Du 21 au 23 novembre 2023" in part
        assert "Gratuit, sur inscription" in part
        assert "Fondation Droit d'Enfance" in part
    assert "<" not in text.replace("« ", "").replace("<https", "")
    assert text.index("AGENDA") < text.index("ACTUALITÉS DU RÉSEAU") < text.index("RESSOURCES")
    # The seed's events are over by now: their facts stay, their calls to register go.
    assert "Événement passé" in text
    assert "S'inscrire : https://www.droitdenfance.org" not in words(text)
    assert max(len(line) for line in text.splitlines() if "://" not in line) <= 72


@pytest.mark.parametrize("with_images", [False, True], ids=["as loaded", "an image per entry"])
def test_demo_issue_html_stays_under_the_size_gmail_clips(
    demo_issue, subscriber, settings, with_images
):
    settings.SITE_URL = "https://pare-exploitation-sexuelle-des-mineurs.droitdenfance.org"
    if with_images:
        # The seed's items almost all had an image (« Image retirée »): each adds its tag.
        for model in (Event, Initiative, Resource):
            model.objects.update(
                image="images/2023/10/affiche-de-la-rencontre-du-reseau.jpg",
                image_alt="L'affiche de la rencontre, avec son titre, sa date et son lieu",
                image_width=1600,
                image_height=900,
            )
    message = IssueEdition(demo_issue).message_for(subscriber)
    assert html_part(message).count("<img") == (27 if with_images else 0)
    html = html_part(message)

    assert len(html.encode()) < GMAIL_CLIPS_AFTER
    [encoded] = [
        part for part in message.message().walk() if part.get_content_type() == "text/html"
    ]
    assert len(encoded.get_payload()) < GMAIL_CLIPS_AFTER


def test_css_is_inline_and_the_layout_is_tables(demo_issue, subscriber):
    html = html_part(IssueEdition(demo_issue).message_for(subscriber))

    assert "<link" not in html
    [stylesheet] = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert stylesheet.strip().startswith("@media")
    assert re.search(r'<body[^>]* style="[^"]*font-family', html)
    assert re.search(r'<h2[^>]* style="[^"]*color:#7a1f5c', html)
    tags = Links(html).tags
    assert tags.count("table") > 27
    assert "dl" not in tags and "article" not in tags and "script" not in tags


def test_every_link_and_image_is_absolute_and_untracked(db, subscriber, site_url, png, settings):
    settings.REACH_COUNTING = False
    organisation = make_organisation(name="Association du Nord")
    event = make_event(
        title="Colloque",
        organisers=[organisation],
        image=png,
        image_alt="L'affiche du colloque",
        cta_label="S'inscrire",
        cta_url="https://inscriptions.example.net/colloque",
        text="Le programme : https://programme.example.net/colloque",
    )
    initiative = make_initiative(email="contact@example.net", phone="01 02 03 04 05")
    issue = make_issue(events=[event], initiatives=[initiative], resources=[make_resource()])

    html = html_part(IssueEdition(issue).message_for(subscriber))

    links = Links(html)
    assert links.srcs == [f"{site_url}/media/{event.image.name}"]
    assert links.alts == ["L'affiche du colloque"]
    assert links.hrefs
    for href in links.hrefs:
        assert href.startswith((f"{site_url}/", "https://", "mailto:", "tel:")), href
    assert f"{site_url}{event.get_absolute_url()}" in links.hrefs
    assert f"{site_url}{organisation.get_absolute_url()}" in links.hrefs
    assert "https://inscriptions.example.net/colloque" in links.hrefs
    assert "https://programme.example.net/colloque" in links.hrefs
    assert "mailto:contact@example.net" in links.hrefs


def test_an_entry_whose_image_file_went_missing_still_goes_out(db, subscriber, site_url):
    event = make_event(image="images/2023/10/disparue.jpg", image_alt="Disparue")
    html = html_part(IssueEdition(make_issue(events=[event])).message_for(subscriber))
    assert Links(html).srcs == [f"{site_url}/media/images/2023/10/disparue.jpg"]


def test_view_in_browser_and_a_personal_unsubscribe_link(demo_issue, subscriber, site_url):
    message = IssueEdition(demo_issue).message_for(subscriber)
    issue_url = f"{site_url}/numeros/2023/t3/lettre/"
    unsubscribe_url = f"{site_url}/lettre/desinscription/{subscriber.unsubscribe_token}/"

    hrefs = Links(html_part(message)).hrefs
    assert issue_url in hrefs
    assert unsubscribe_url in hrefs
    assert f"Afficher dans le navigateur : {issue_url}" in words(message.body)
    assert f"Se désinscrire : {unsubscribe_url}" in words(message.body)


def test_each_copy_unsubscribes_only_its_recipient(demo_issue, db):
    edition = IssueEdition(demo_issue)
    one, other = make_subscriber(), make_subscriber()

    first, second = edition.message_for(one), edition.message_for(other)

    assert one.unsubscribe_token in first.body and other.unsubscribe_token not in first.body
    assert other.unsubscribe_token in html_part(second)
    assert one.unsubscribe_token not in html_part(second)


def test_every_message_carries_the_one_click_unsubscribe_headers(demo_issue, subscriber, site_url):
    url = f"{site_url}/lettre/desinscription/{subscriber.unsubscribe_token}/un-clic/"

    for message in (
        IssueEdition(demo_issue).message_for(subscriber),
        confirmation_message(subscriber),
    ):
        headers = message.message()
        assert headers["List-Unsubscribe"] == f"<{url}>"
        assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert headers["List-Id"] == "<lettre.pare.example.org>"
        assert headers["Reply-To"] == "chloe.baudry@droitdenfance.org"


def test_a_test_copy_links_to_a_page_that_unsubscribes_no_one(demo_issue, site_url):
    message = IssueEdition(demo_issue).message("equipe@example.org", TEST_TOKEN)

    header = message.message()["List-Unsubscribe"]
    assert header == f"<{site_url}/lettre/desinscription/essai/un-clic/>"


def test_the_sent_edition_leaves_out_drafts_that_staff_preview(db, admin_user, subscriber):
    public = make_event(title="Colloque publié")
    draft = make_event(title="Formation en préparation", status=Status.DRAFT)
    issue = make_issue(events=[public, draft], status=Status.DRAFT)

    sent = IssueEdition(issue, AnonymousUser()).message_for(subscriber)
    preview = IssueEdition(issue, admin_user).message_for(subscriber)

    assert "Colloque publié" in sent.body and "Formation en préparation" not in sent.body
    assert "Formation en préparation" in preview.body
    assert "Formation en préparation" in html_part(preview)


def test_dates_are_derived_from_the_fields_as_on_the_site(db, subscriber):
    event = make_event(
        first_day=datetime.date(2023, 11, 22),
        last_day=datetime.date(2023, 11, 23),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(17, 30),
    )
    initiative = make_initiative(happened_on=datetime.date(2023, 12, 1))
    resource = make_resource(released_on=datetime.date(2023, 10, 12))
    issue = make_issue(events=[event], initiatives=[initiative], resources=[resource])

    message = IssueEdition(issue).message_for(subscriber)

    for part in (message.body, html_part(message)):
        assert "22 et 23 novembre 2023" in part
        assert "9h30 à 17h30" in part
        assert "Vendredi 1er décembre 2023" in part
        assert "jeudi 12 octobre 2023" in part


def test_plain_text_keeps_lists_and_quotations_readable(db, subscriber):
    initiative = make_initiative(
        text="Cette ligne a pour objectif de :\n\n- Répondre aux questions ;\n- Orienter\n\n"
        "> Une citation."
    )
    message = IssueEdition(make_issue(initiatives=[initiative])).message_for(subscriber)

    assert "objectif de\u00a0:\n\n  - Répondre aux questions\u00a0;\n  - Orienter\n\n> Une" in (
        message.body
    )


def test_confirmation_message_has_both_parts_and_the_signed_link(db, site_url):
    subscriber = make_subscriber(status="pending")

    message = confirmation_message(subscriber)

    [url] = re.findall(rf"{re.escape(site_url)}/lettre/confirmation/[^/\s]+/", message.body)
    assert url in Links(html_part(message)).hrefs
    token = url.removeprefix(f"{site_url}/lettre/confirmation/").removesuffix("/")
    assert Subscriber.from_confirmation_token(token) == subscriber
    assert "7 jours" in message.body
