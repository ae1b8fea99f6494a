"""The organisation's logo heads every page once uploaded; the site's name stands in without one."""

from django.urls import reverse

from pare.models import SiteProfile
from tests.pare.test_images import picture, upload
from tests.pare.test_images import storage as storage  # the fixture: media in memory


def test_without_a_logo_the_header_shows_the_site_name(client, db):
    SiteProfile(site_name="PARÉ contre l'exploitation", publisher_name="Droit d'Enfance").save()
    html = client.get(reverse("home")).text
    assert '<a class="site-name" href="/">PARÉ contre l&#x27;exploitation</a>' in html


def test_an_uploaded_logo_replaces_the_name_which_becomes_its_text(client, db):
    SiteProfile(
        site_name="PARÉ",
        publisher_name="Droit d'Enfance",
        logo=upload("logo.png", picture("PNG", (400, 120))),
    ).save()
    profile = SiteProfile.load()
    assert (profile.logo_width, profile.logo_height) == (400, 120)
    html = client.get(reverse("news:index")).text
    assert f'<img src="{profile.logo.url}" alt="PARÉ" width="400" height="120">' in html
