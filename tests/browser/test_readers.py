"""Readers find an issue, filter the agenda by region and date, and take an event home."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from tests.factories import make_event, make_issue, make_organisation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MULHOUSE = "Formation au repérage à Mulhouse"


@pytest.fixture
def until():
    """The last day readers want: a month from now."""
    return timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def agenda(until):
    """A published issue whose agenda spans several regions and dates, some events free."""
    soon = until - datetime.timedelta(days=10)
    events = [
        make_event(
            title=MULHOUSE,
            first_day=soon,
            start_time=datetime.time(9, 30),
            venue="Maison des associations",
            city="Mulhouse",
            department="68",
            is_free=True,
            organisers=[make_organisation(name="Alter Égaux")],
        ),
        make_event(
            title="Procès fictif à Metz",
            first_day=soon + datetime.timedelta(days=1),
            department="57",
            price="40 €",
        ),
        make_event(
            title="Colloque à Strasbourg",
            first_day=until + datetime.timedelta(days=60),
            department="67",
            is_free=True,
        ),
        make_event(title="Colloque à Lyon", first_day=soon, department="69", is_free=True),
        make_event(title="Webinaire national", first_day=soon, is_online=True, is_free=True),
    ]
    return make_issue(year=soon.year, quarter=(soon.month - 1) // 3 + 1, events=events)


def titles(page):
    return page.locator(".results article h3").all_inner_texts()


def test_a_reader_finds_an_event_in_the_agenda_and_adds_it_to_a_calendar(
    browse, screenshot, agenda, until
):
    reader = browse()
    reader.goto("/")
    reader.get_by_role("link", name="Tous les numéros parus").click()
    reader.get_by_role("link", name=f"Lettre du {agenda.period}").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(agenda.period.capitalize())
    expect(reader.locator("#agenda article")).to_have_count(5)
    screenshot(reader, "numero")

    reader.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Agenda"
    ).click()
    reader.get_by_label("Région").select_option(label="Grand Est")
    reader.get_by_role("button", name="Afficher").click()
    expect(reader.get_by_role("status")).to_have_text("3 résultats")
    assert titles(reader) == [MULHOUSE, "Procès fictif à Metz", "Colloque à Strasbourg"]

    reader.get_by_label("Jusqu'au").fill(until.isoformat())
    reader.get_by_role("button", name="Afficher").click()
    expect(reader.get_by_role("status")).to_have_text("2 résultats")
    assert titles(reader) == [MULHOUSE, "Procès fictif à Metz"]
    screenshot(reader, "agenda-filtre")

    reader.get_by_role("link", name=MULHOUSE, exact=True).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(MULHOUSE)
    screenshot(reader, "evenement")
    with reader.expect_download() as download:
        reader.get_by_role("link", name="Ajouter à mon agenda").click()
    assert download.value.suggested_filename.endswith(".ics")
    [event] = Calendar.from_ical(download.value.path().read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == MULHOUSE
    starts = event.decoded("DTSTART")
    soon = until - datetime.timedelta(days=10)
    assert (starts.date(), starts.time(), starts.tzinfo.key) == (
        soon,
        datetime.time(9, 30),
        "Europe/Paris",
    )


# What a keyboard user must see: the focus outline of site.css, on an element on screen.
FOCUS_VISIBLE = """element => {
    const style = getComputedStyle(element);
    // :focus-within: on a date field's calendar button, inside the field
    return element.matches(":focus-visible, :focus-within") && style.outlineStyle !== "none"
        && parseFloat(style.outlineWidth) >= 2;
}"""
ON_SCREEN = """() => {
    const box = document.activeElement.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight;
}"""


def assert_focus_visible(page):
    focused = page.evaluate_handle("document.activeElement")
    assert focused.evaluate(FOCUS_VISIBLE), focused.evaluate("element => element.outerHTML")
    page.wait_for_function(ON_SCREEN)  # after the scroll, smooth unless motion is reduced


def tab_to(page, target, limit=40):
    """Press Tab until target has the focus, which every element on the way shows."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert_focus_visible(page)
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} never got the focus after {limit} Tab presses")


def type_date(page, field, day):
    """Type day into the focused date field: jj/mm/aaaa, or mm/dd/yyyy in an English Chromium.

    Debian's chromium package carries only its en-US locale (French is in chromium-l10n).
    """
    page.keyboard.type(day.strftime("%d%m%Y"))
    if field.input_value() != day.isoformat():
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        page.keyboard.type(day.strftime("%m%d%Y"))
    expect(field).to_have_value(day.isoformat())


def test_a_reader_filters_the_agenda_with_the_keyboard_alone(browse, screenshot, agenda, until):
    reader = browse()
    reader.goto("/agenda/")

    reader.keyboard.press("Tab")
    skip = reader.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    assert_focus_visible(reader)
    screenshot(reader, "lien-d-evitement")
    reader.keyboard.press("Enter")

    region = reader.get_by_label("Région")
    tab_to(reader, region)
    for _ in range(30):
        if region.evaluate("select => select.selectedOptions[0].text") == "Grand Est":
            break
        reader.keyboard.press("ArrowDown")
    expect(region).to_have_value("grand-est")

    until_field = reader.get_by_label("Jusqu'au")
    tab_to(reader, until_field)
    type_date(reader, until_field, until)

    free = reader.get_by_label("Gratuits seulement")
    tab_to(reader, free)
    reader.keyboard.press("Space")
    expect(free).to_be_checked()
    screenshot(reader, "filtres-au-clavier")

    tab_to(reader, reader.get_by_role("button", name="Afficher"))
    reader.keyboard.press("Enter")
    expect(reader.get_by_role("status")).to_have_text("1 résultat")
    query = parse_qs(urlsplit(reader.url).query)
    assert query["region"] == ["grand-est"] and query["au"] == [until.isoformat()]
    assert titles(reader) == [MULHOUSE]

    tab_to(reader, reader.get_by_role("link", name=MULHOUSE, exact=True))
    screenshot(reader, "resultat-au-clavier")
    reader.keyboard.press("Enter")
    expect(reader.get_by_role("heading", level=1)).to_have_text(MULHOUSE)


def test_a_reader_picks_a_department_on_the_map_with_the_keyboard_alone(browse, screenshot, agenda):
    reader = browse()
    reader.goto("/agenda/")
    haut_rhin = reader.get_by_role("link", name="Haut-Rhin : 1 événement", exact=True)
    expect(reader.get_by_role("link", name="Lozère : 0 événement", exact=True)).to_have_count(1)

    tab_to(reader, reader.get_by_role("link", name="La carte par département"))
    reader.keyboard.press("Enter")
    tab_to(reader, haut_rhin, limit=120)
    screenshot(reader, "carte-au-clavier")
    reader.keyboard.press("Enter")

    expect(reader.get_by_role("status")).to_have_text("1 résultat")
    assert parse_qs(urlsplit(reader.url).query)["departement"] == ["68"]
    assert titles(reader) == [MULHOUSE]
    expect(reader.get_by_label("Département", exact=True)).to_have_value("68")
    expect(reader.locator('.area[aria-current="true"]')).to_have_attribute(
        "aria-label", "Haut-Rhin : 1 événement"
    )
    screenshot(reader, "carte-liste-filtree")


def test_on_a_phone_the_table_of_contents_leads_to_an_entry_the_section_bar_leaves_visible(
    browse, screenshot, agenda
):
    reader = browse(reduced_motion="reduce")
    reader.set_viewport_size({"width": 375, "height": 700})
    reader.goto(agenda.get_absolute_url())
    toc = reader.get_by_role("navigation", name="Sommaire")
    toc.get_by_role("link", name="Colloque à Strasbourg").click()
    heading = reader.get_by_role("heading", name="Colloque à Strasbourg", level=3)
    bar = reader.get_by_role("navigation", name="Rubriques du numéro")
    expect(bar).to_be_in_viewport()
    assert heading.bounding_box()["y"] >= bar.bounding_box()["y"] + bar.bounding_box()["height"]
    screenshot(reader, "numero-sommaire")
    reader.get_by_role("link", name="Haut de page").first.click()
    expect(toc).to_be_in_viewport()


def test_where_javascript_runs_the_departments_narrow_to_the_region_chosen(browse, agenda):
    reader = browse()
    reader.goto("/agenda/")
    reader.get_by_label("Région").select_option(label="Grand Est")
    groups = reader.locator("#id_departement optgroup:not([disabled])")
    assert groups.evaluate_all("groups => groups.map(group => group.label)") == ["Grand Est"]
    reader.get_by_label("Département", exact=True).select_option("68")
    reader.get_by_label("Région").select_option(label="Bretagne")
    expect(reader.get_by_label("Département", exact=True)).to_have_value("")

    reader.goto("/agenda/?region=occitanie&departement=33")
    expect(reader.get_by_label("Département", exact=True)).to_have_value("33")
    expect(reader.get_by_text("Gironde n'est pas en région Occitanie")).to_be_visible()
