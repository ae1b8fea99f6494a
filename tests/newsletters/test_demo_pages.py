"""The real 2023-Q3 issue, loaded by load_demo, read as the public reads it."""

import gzip
from io import StringIO

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse

from events.models import Event
from news.models import Initiative
from newsletters.demo import EVENTS, INITIATIVES, RESOURCES
from newsletters.models import Issue
from pare.models import Organisation
from resources.models import Resource


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())
    return Issue.objects.get(year=2023, quarter=3)


def test_issue_page_lists_every_entry_of_the_seed_in_its_order(client, demo):
    response = client.get(demo.get_absolute_url())
    assert response.status_code == 200
    sections = response.context["sections"]
    assert [len(section["entries"]) for section in sections] == [9, 11, 7]
    for section, seed in zip(sections, (EVENTS, INITIATIVES, RESOURCES), strict=True):
        assert [entry.slug for entry in section["entries"]] == [item["slug"] for item in seed]
    html = response.text
    positions = [
        html.index(f'href="{entry.get_absolute_url()}"') for s in sections for entry in s["entries"]
    ]
    assert positions == sorted(positions)


def test_issue_page_writes_the_seed_dates_in_words(client, demo):
    html = client.get(demo.get_absolute_url()).text
    for text in (
        "Mardi 14 novembre 2023",
        "14h30 à 16h30",
        "Mardi 24 octobre 2023",
        "Du 6 au 9 novembre 2023",
        "6 et 7 novembre 2023",
        "Du 21 au 23 novembre 2023",
        "22 et 23 novembre 2023",
        "9h30 à 17h30",
        "Vendredi 1er décembre 2023",
        "En visio sur Teams",
        "400 € TTC par participant",
        "Haute-Loire et Puy-de-Dôme",
    ):
        assert text in html, text
    sections = html.split('class="section-bar"', 1)[1]  # past the « Sommaire », which names it too
    assert "Mardi 14 novembre 2023" not in sections.split("Noémie", 1)[1].split("</article>", 1)[0]


def test_every_public_page_renders_with_the_demo(client, demo):
    urls = [
        reverse("home"),
        reverse("newsletters:archive"),
        reverse("events:index") + "?periode=passes",
        reverse("news:index"),
        reverse("resources:index"),
        reverse("organisations:index"),
        "/sitemap.xml",
        "/robots.txt",
    ]
    for model in (Event, Initiative, Resource, Organisation):
        urls += [entry.get_absolute_url() for entry in model.objects.published()]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_issue_page_html_and_css_weigh_under_40_kb_compressed(client, demo):
    html = client.get(demo.get_absolute_url()).content
    with open(finders.find("css/site.css"), "rb") as stylesheet:
        css = stylesheet.read()
    weight = len(gzip.compress(html)) + len(gzip.compress(css))
    assert weight < 40 * 1024, weight
