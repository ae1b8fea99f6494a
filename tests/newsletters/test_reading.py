"""An issue that reads well on a phone, and issues shown as cards on the home page and archive."""

import re

import pytest
from django.urls import reverse

from pare.models import Status
from tests.factories import make_event, make_initiative, make_issue, make_resource
from tests.pare.test_images import picture, upload
from tests.pare.test_images import storage as storage  # the fixture: media in memory


@pytest.fixture
def issue(db):
    events = [make_event(title=f"Colloque {n}") for n in range(3)]
    initiatives = [make_initiative(title="La Boussole")]
    resources = [make_resource(title="Un podcast"), make_resource(title="Un livre")]
    hidden = make_event(title="Brouillon", status=Status.DRAFT)
    return make_issue(events=[*events, hidden], initiatives=initiatives, resources=resources)


def test_the_table_of_contents_links_every_entry_by_section(client, issue):
    html = client.get(issue.get_absolute_url()).text
    toc = html[html.index('id="sommaire"') : html.index("</nav>", html.index('id="sommaire"'))]
    assert "Sommaire" in toc
    links = re.findall(r'<a href="#([\w-]+)">([^<]+)</a>', toc)
    assert [title for _, title in links] == [
        "Agenda",
        "Colloque 0",
        "Colloque 1",
        "Colloque 2",
        "Actualités du réseau",
        "La Boussole",
        "Ressources",
        "Un podcast",
        "Un livre",
    ]
    for anchor, _ in links:
        assert f'id="{anchor}"' in html, anchor


def test_each_section_ends_with_a_way_back_up_and_section_links_stay_in_reach(client, issue):
    html = client.get(issue.get_absolute_url()).text
    assert html.count('<a href="#contenu">Haut de page</a>') == 3
    bar = html[
        html.index('class="section-bar"') : html.index("</nav>", html.index('class="section-bar"'))
    ]
    assert '<a href="#agenda">Agenda</a>' in bar and '<a href="#ressources">Ressources</a>' in bar


def test_archive_and_home_show_issues_as_cards_with_their_counts(client, issue):
    make_issue(year=2023, quarter=2, events=[make_event()])
    make_issue(year=2023, quarter=4)
    for url in (reverse("newsletters:archive"), reverse("home")):
        html = client.get(url).text
        assert "3 événements · 1 initiative · 2 ressources" in html, url  # the draft not counted
        assert "1 événement · 0 initiative · 0 ressource" in html, url


def test_an_issue_card_shows_its_lead_image(client, issue):
    issue.image = upload("une.png", picture("PNG", (1200, 600)))
    issue.image_alt = "Des professionnels réunis"
    issue.save()
    html = client.get(reverse("newsletters:archive")).text
    assert re.search(
        r'<img class="issue-card-image" src="[^"]+" [^>]*alt="Des professionnels réunis"', html
    )


def test_archive_query_count_does_not_grow_with_issues(page_queries, issue):
    _, few = page_queries(reverse("newsletters:archive"), 10)
    for quarter in (1, 2, 4):
        make_issue(year=2022, quarter=quarter, events=[make_event()], resources=[make_resource()])
    _, many = page_queries(reverse("newsletters:archive"), 10)
    assert many == few
