"""The e-mail on a phone and in a desktop client: Chromium renders its HTML at 375 and 600 px."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from newsletters.email import TEST_TOKEN, IssueEdition
from newsletters.models import Territory
from tests.factories import make_event, make_initiative, make_issue, make_resource

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

GMAIL_CLIPS_AFTER = 102 * 1024

MEASURE = """() => {
    const boxes = [...document.querySelectorAll('h3')].map(cell => {
        const box = cell.getBoundingClientRect();
        return [Math.round(box.left), Math.round(box.right)];
    });
    const images = [...document.images].map(image => ({
        loaded: image.complete && image.naturalWidth > 0,
        left: image.getBoundingClientRect().left,
        right: image.getBoundingClientRect().right,
        width: image.getBoundingClientRect().width,
    }));
    return {
        scrollWidth: document.documentElement.scrollWidth,
        container: document.querySelector('table.container').getBoundingClientRect().width,
        boxes,
        images,
    };
}"""


def picture(name):
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 900), "purple").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def edition(site, settings):
    """An issue whose every entry has a wide image, as its Grand Est edition."""
    settings.SITE_URL = site.url
    alt = {"image_alt": "L'affiche, avec son titre et sa date"}
    issue = make_issue(
        events=[
            make_event(title=f"Rencontre {n}", department="68", image=picture(f"e{n}.jpg"), **alt)
            for n in range(3)
        ],
        initiatives=[
            make_initiative(title=f"Initiative {n}", image=picture(f"i{n}.jpg"), **alt)
            for n in range(3)
        ],
        resources=[
            make_resource(title=f"Ressource {n}", image=picture(f"r{n}.jpg"), **alt)
            for n in range(3)
        ],
    )
    return IssueEdition(issue, territory=Territory(regions=frozenset({"44"})))


@pytest.mark.parametrize("width", [375, 600])
def test_the_email_fits_the_screen_in_one_column_with_its_images_scaled(chromium, edition, width):
    html = edition.html_for(TEST_TOKEN)
    assert len(html.encode()) < GMAIL_CLIPS_AFTER
    page = chromium.new_page(viewport={"width": width, "height": 800})
    try:
        page.set_content(html, wait_until="load")
        measured = page.evaluate(MEASURE)
        page.screenshot(path=f"/tmp/pare-email-{width}.png", full_page=False)
    finally:
        page.close()

    assert measured["scrollWidth"] <= width  # no horizontal scrolling
    assert len(measured["images"]) == 9
    for image in measured["images"]:
        assert image["loaded"]
        assert image["left"] >= 0 and image["right"] <= width
    # One column: every entry starts and ends at the same place, in the container.
    assert len(set(map(tuple, measured["boxes"]))) == 1
    [(left, right)] = set(map(tuple, measured["boxes"]))
    assert right - left > width * 0.8
    assert measured["container"] <= width
