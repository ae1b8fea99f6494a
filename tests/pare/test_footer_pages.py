"""Legal notice, personal data and accessibility: data staff edit, linked from every footer."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from pare.models import Page, PageKind, SiteProfile
from pare.richtext import render

PAGES = {
    "mentions-legales": ("Mentions légales", ["Hébergement", "Direction de la publication"]),
    "donnees-personnelles": (
        "Données personnelles",
        ["Responsable du traitement", "Abonnés à la lettre", "Vos droits", "CNIL"],
    ),
    "accessibilite": (
        "Accessibilité",
        ["État de conformité", "RGAA", "Comment le site a été testé", "Défenseur des droits"],
    ),
}


@pytest.mark.parametrize("kind", PAGES)
def test_each_page_starts_from_a_complete_draft(client, db, kind):
    title, sections = PAGES[kind]
    response = client.get(f"/{kind}/")
    assert response.status_code == 200
    assert f'<h1 id="page-title">{title}</h1>' in response.text
    for section in sections:
        assert section in response.text, section
    assert response.text.count("<h2>") >= 3  # the draft's « ## » headings


def test_every_footer_links_to_the_three_pages(client, db):
    for url in (reverse("home"), reverse("events:index"), "/nulle-part/"):
        html = client.get(url).text
        footer = html[html.index('<footer class="site-footer">') :]
        for kind, (title, _) in PAGES.items():
            assert f'<a href="/{kind}/">{title}</a>' in footer, (url, kind)


def test_staff_edits_show_at_once_with_the_publishers_details(client, db):
    SiteProfile(publisher_name="Fondation Droit d'Enfance", contact_email="pare@example.org").save()
    page = Page.objects.get(kind=PageKind.LEGAL_NOTICE)
    page.body = "## Hébergeur\n\nHébergé par Exemple SAS, 1 rue du Port, Brest."
    page.save()
    html = client.get(page.get_absolute_url()).text
    assert "<h2>Hébergeur</h2><p>Hébergé par Exemple SAS, 1 rue du Port, Brest.</p>" in html
    assert "pare@example.org" in html
    assert "Fondation Droit d&#x27;Enfance" in html


def test_an_unknown_page_is_a_404(client, db):
    assert client.get("/conditions-generales/").status_code == 404


def test_headings_only_where_asked_and_never_markup(db):
    assert render("## Titre") == "<p>## Titre</p>"
    assert render("## Titre <b>", headings=True) == "<h2>Titre &lt;b&gt;</h2>"


def test_publishers_edit_the_pages_and_editors_only_read_them(db):
    publishers = set(
        Group.objects.get(name="Publication").permissions.values_list("codename", flat=True)
    )
    editors = set(
        Group.objects.get(name="Rédaction").permissions.values_list("codename", flat=True)
    )
    assert {"view_page", "change_page"} <= publishers
    assert "view_page" in editors and "change_page" not in editors
    assert "add_page" not in publishers | editors and "delete_page" not in publishers | editors


def test_footer_pages_are_in_the_sitemap(client, db):
    sitemap = client.get("/sitemap.xml").text
    assert (
        len(re.findall(r"/(mentions-legales|donnees-personnelles|accessibilite)/</loc>", sitemap))
        == 3
    )


def test_breadcrumbs_lead_home_from_every_page(client, db):
    urls = [
        reverse("events:index"),
        reverse("organisations:index"),
        reverse("newsletters:archive"),
        reverse("subscriptions:subscribe"),
        reverse("search"),
        "/accessibilite/",
        "/nulle-part/",
    ]
    for url in urls:
        html = client.get(url).text
        trail = html[
            html.index('<nav class="breadcrumb"') : html.index(
                "</nav>", html.index('<nav class="breadcrumb"')
            )
        ]
        assert '<li><a href="/">Accueil</a></li>' in trail, url
        assert '<li aria-current="page">' in trail, url


def test_a_publisher_edits_a_page_in_the_admin_and_no_one_adds_one(client, db, settings):
    from django.contrib.auth import get_user_model

    settings.PARE_REQUIRE_2FA = False
    user = get_user_model().objects.create_user("pub@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Publication"))
    client.force_login(user)
    assert client.get(reverse("admin:pare_page_change", args=["accessibilite"])).status_code == 200
    assert client.get(reverse("admin:pare_page_add")).status_code == 403
