"""An entry reads the same on the issue page, in the HTML e-mail and in the text e-mail."""

import datetime
from html.parser import HTMLParser

import pytest

from newsletters.email import IssueEdition
from tests.factories import make_event, make_initiative, make_issue, make_resource


class Text(HTMLParser):
    """What a reader sees of an HTML document: its text, without the style sheet or scripts."""

    def __init__(self, html):
        super().__init__()
        self.parts, self.hidden = [], 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("style", "script")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def words(text):
    """Text with its line breaks and runs of spaces as single spaces, in any case."""
    return " ".join(text.split()).casefold()


@pytest.fixture
def entries(db):
    event = make_event(
        is_online=True,
        online_details="sur Teams",
        venue="Cinéma le Palace",
        city="Mulhouse",
        is_free=True,
        registration_note="sur inscription",
        sessions=[
            {
                "title": "Module 1",
                "first_day": datetime.date(2023, 11, 21),
                "last_day": datetime.date(2023, 11, 23),
                "start_time": datetime.time(9, 30),
                "end_time": datetime.time(17, 30),
            }
        ],
    )
    national = make_initiative(
        phone="07 57 76 46 58",
        email="boussole@example.org",
        social_network="Snapchat",
        social_account="ecouteboussole",
    )
    local = make_initiative(departments=["43", "63"])
    resource = make_resource(
        authors="Anne Dupont", publisher="Artège", released_on=datetime.date(2023, 10, 12)
    )
    issue = make_issue(events=[event], initiatives=[national, local], resources=[resource])
    return issue, event, national, local, resource


@pytest.fixture(params=["page", "html e-mail", "text e-mail"])
def medium(request, client, entries):
    """The issue as one medium shows it, as words."""
    issue = entries[0]
    if request.param == "page":
        return words("  ".join(Text(client.get(issue.get_absolute_url()).text).parts))
    edition = IssueEdition(issue)
    if request.param == "html e-mail":
        return words("  ".join(Text(edition.html).parts))
    return words(edition.text)


def test_every_medium_prints_the_entries_properties(entries, medium):
    _, event, national, local, resource = entries
    printed = [
        (event.where, "En visio sur Teams — Cinéma le Palace, Mulhouse"),
        (event.cost_line, "Gratuit, sur inscription"),
        (event.sessions.get().when, "Du 21 au 23 novembre 2023, 9h30 à 17h30"),
        (national.area_label, "National"),
        (local.area_label, "Haute-Loire et Puy-de-Dôme"),
        (resource.byline, "Anne Dupont — Artège, jeudi 12 octobre 2023"),
    ]
    for contact, label, value in zip(
        national.contacts,
        ("Téléphone", "E-mail", "Snapchat"),
        ("07 57 76 46 58", "boussole@example.org", "ecouteboussole"),
        strict=True,
    ):
        printed += [(contact.label, label), (contact.value, value)]
    for text, expected in printed:
        assert text == expected
        assert words(text) in medium
