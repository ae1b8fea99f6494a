import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pare import richtext
from pare.models import Department, Organisation, Region, SiteProfile
from tests.factories import make_organisation

# Publication (the rest is in tests/pare/test_entries.py, over every entry model).


@pytest.mark.django_db
def test_published_is_chainable():
    make_organisation(name="Alpha", department=Department.objects.get(code="68"))
    make_organisation(name="Beta")

    names = Organisation.objects.filter(department__code="68").published().values_list("name")

    assert list(names) == [("Alpha",)]


# Organisations are in a department, abroad, or national.


@pytest.mark.django_db
def test_organisation_in_a_department_and_abroad_is_refused():
    entry = Organisation(name="Partout", slug="partout", department_id="75", abroad="Belgique")

    with pytest.raises(ValidationError) as excinfo:
        entry.full_clean()

    assert "soit dans un département, soit à l'étranger" in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()


@pytest.mark.django_db
def test_organisation_place():
    assert make_organisation(abroad="Québec").place == "Québec"
    assert make_organisation(department=Department.objects.get(code="973")).place == "Guyane"
    isere = make_organisation(department=Department.objects.get(code="38"))
    assert isere.place == "Isère, Auvergne-Rhône-Alpes"
    assert make_organisation().place == ""


# The site profile is one row.


@pytest.mark.django_db
def test_site_profile_is_a_single_row():
    SiteProfile(publisher_name="A").save()
    SiteProfile(publisher_name="B").save()

    assert SiteProfile.objects.count() == 1
    assert SiteProfile.load().publisher_name == "B"


@pytest.mark.django_db
def test_database_refuses_a_second_site_profile():
    # save() forces pk=1: bulk_create bypasses it, as a raw insert would.
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteProfile.objects.bulk_create([SiteProfile(pk=2, publisher_name="Autre")])


@pytest.mark.django_db
def test_site_profile_load_without_a_row():
    profile = SiteProfile.load()

    assert profile.pk is None
    assert profile.site_name == "PARÉ contre l'exploitation sexuelle des mineurs"


# Rich text: what staff type is escaped, then lightly formatted.


def test_richtext_escapes_html_typed_by_staff():
    html = richtext.render('<script>alert("x")</script>\n\n<b onclick="x()">gras</b>')

    assert "<script" not in html
    assert "&lt;script&gt;" in html
    assert "<b" not in html
    assert "&lt;b onclick" in html


def test_richtext_renders_paragraphs_and_line_breaks():
    html = richtext.render("Premier paragraphe\nsuite\n\n\nSecond paragraphe")

    assert html == "<p>Premier paragraphe<br>suite</p><p>Second paragraphe</p>"


def test_richtext_renders_lists():
    html = richtext.render("Objectifs :\n\n- Prévenir ;\n- Orienter.")

    assert html == "<p>Objectifs :</p><ul><li>Prévenir ;</li><li>Orienter.</li></ul>"


def test_richtext_renders_quotations():
    html = richtext.render("> « Car les violences »\n> sont un problème public.")

    assert html == (
        "<blockquote><p>« Car les violences »<br>sont un problème public.</p></blockquote>"
    )


def test_richtext_links_web_and_email_addresses():
    html = richtext.render("Voir https://www.ciivise.fr ou écrire à formation@mouvementdunid.org")

    assert '<a href="https://www.ciivise.fr" rel="nofollow noopener">' in html
    assert '<a href="mailto:formation@mouvementdunid.org" rel="nofollow noopener">' in html


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        '<a href="javascript:alert(1)">clic</a>',
        "[clic](javascript:alert(1))",
        "<a href='JaVaScRiPt:alert(1)'>clic</a>",
    ],
)
def test_richtext_never_produces_javascript_links(text):
    html = richtext.render(text)

    assert "<a" not in html


def test_richtext_links_the_safe_address_only():
    html = richtext.render("https://www.ciivise.fr javascript:alert(1)")

    assert html.count("<a ") == 1
    assert '<a href="https://www.ciivise.fr"' in html


def test_richtext_of_nothing_is_empty():
    assert richtext.render("") == ""
    assert richtext.render(None) == ""


def test_richtext_plain_drops_the_markup():
    assert richtext.plain("- un\n> deux\n\ntrois") == "un deux trois"


def test_organisations_and_regions_sort_as_in_a_french_index(db):
    names = ["Éditions Artège", "Mouvement Le Cri", "ALTHEA 38", "Mouvement du Nid"]
    names += ["Métropole de Lyon", "Agir"]
    for name in names:
        make_organisation(name=name)
    assert list(Organisation.objects.values_list("name", flat=True)) == [
        "Agir",
        "ALTHEA 38",
        "Éditions Artège",
        "Métropole de Lyon",
        "Mouvement du Nid",
        "Mouvement Le Cri",
    ]
    regions = list(Region.objects.values_list("name", flat=True))
    assert regions.index("Hauts-de-France") < regions.index("Île-de-France")
    assert regions.index("Île-de-France") < regions.index("Normandie")
