"""Regional editions: each subscriber's territory first, nothing hidden, one rendering each."""

import re
from collections import Counter

import pytest
from django.test.signals import template_rendered
from django.urls import reverse

from newsletters import sending
from newsletters.email import Editions, IssueEdition
from newsletters.models import SendJob, Subscriber, SubscriberStatus, Territory
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
    make_subscriber,
)

REGIONAL = "Dans votre région"


@pytest.fixture
def issue(db):
    """An issue with an event in Haut-Rhin (Grand Est), an initiative in Isère, a resource of a
    partner in Guyane, and one of each that is national."""
    guyane = make_organisation(name="Akatij", department_id="973")
    return make_issue(
        events=[
            make_event(title="Colloque de Mulhouse", department="68"),
            make_event(title="Webinaire national", is_online=True),
        ],
        initiatives=[
            make_initiative(title="Maraude de Grenoble", departments=["38"]),
            make_initiative(title="La MIST"),
        ],
        resources=[
            make_resource(title="Guide guyanais", organisations=[guyane]),
            make_resource(title="Podcast national"),
        ],
    )


def subscriber_in(regions=(), departments=(), **fields):
    subscriber = make_subscriber(**fields)
    subscriber.regions.set(regions)
    subscriber.departments.set(departments)
    return subscriber


def rendered_templates(issue):
    """Send the issue; return how many times each e-mail template was rendered meanwhile."""
    renders = Counter()

    def record(sender, template, **kwargs):
        if template.name and template.name.startswith("newsletters/email/"):
            renders[template.name.removeprefix("newsletters/email/")] += 1

    template_rendered.connect(record)
    try:
        sending.run(SendJob.objects.create(issue=issue).pk)
    finally:
        template_rendered.disconnect(record)
    return renders


def html_of(message):
    return message.get_body(("html",)).get_content()


def text_of(message):
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def regional_part(text):
    """The text part's « Dans votre région », up to the first section."""
    match = re.search(r"DANS VOTRE RÉGION\n(.*?)\n=+\nAGENDA", text, re.S)
    return match[1] if match else None


def test_a_department_lies_in_its_current_region():
    grand_est = Territory(regions=frozenset({"44"}))
    assert grand_est.covers({"68"})
    assert not grand_est.covers({"38"})
    assert Territory(departments=frozenset({"38"})).covers({"38", "75"})
    assert not Territory().covers({"68"})
    assert Territory(frozenset({"44"}), frozenset({"38", "67"})).label() == "Grand Est, Isère"


def test_a_sending_to_three_territories_puts_each_ones_entries_first(issue, smtp_server):
    grand_est = subscriber_in(regions=["44"], email="grand-est@example.org")
    isere = subscriber_in(departments=["38", "973"], email="isere@example.org")
    national = subscriber_in(email="national@example.org")
    job = SendJob.objects.create(issue=issue)

    progress = sending.run(job.pk)

    assert progress["sent"] == 3
    received = {item.recipients[0]: item for item in smtp_server.received}
    assert set(received) == {grand_est.email, isere.email, national.email}

    text = text_of(received[grand_est.email].message)
    assert "Colloque de Mulhouse" in regional_part(text)
    assert "Grand Est" in regional_part(text)
    assert "Maraude de Grenoble" not in regional_part(text)

    text = text_of(received[isere.email].message)
    part = regional_part(text)
    assert "Maraude de Grenoble" in part and "Guide guyanais" in part
    assert "Colloque de Mulhouse" not in part

    text = text_of(received[national.email].message)
    assert regional_part(text) is None
    assert REGIONAL not in html_of(received[national.email].message)

    # Nothing is hidden: every entry is in every e-mail, exactly once.
    titles = (
        "Colloque de Mulhouse",
        "Webinaire national",
        "Maraude de Grenoble",
        "La MIST",
        "Guide guyanais",
        "Podcast national",
    )
    for item in received.values():
        html = html_of(item.message)
        for title in titles:
            assert html.count(f">{title}</a></h3>") == 1, (item.recipients, title)
    html = html_of(received[grand_est.email].message)
    agenda = re.search(r"<h2[^>]*>Agenda</h2>", html).start()
    # What arrives is the edition, to the byte once decoded (MIME ends a part with a line
    # break), with its recipient's own links.
    edition = IssueEdition(issue, territory=grand_est.territory())
    tokens = (grand_est.unsubscribe_token, grand_est.preferences_token)
    for received_part, part in [
        (html, edition.html_for(*tokens)),
        (text_of(received[grand_est.email].message), edition.text_for(*tokens)),
    ]:
        assert received_part.replace("\r\n", "\n").rstrip("\n") == part.rstrip("\n")
    assert html.index(REGIONAL) < html.index("Colloque de Mulhouse") < agenda


def test_each_entry_is_rendered_once_per_sending_and_each_territory_assembled_once(
    issue, smtp_server
):
    for _copy in range(3):
        subscriber_in(regions=["44"])
        subscriber_in(departments=["38"])
        subscriber_in()
    renders = rendered_templates(issue)

    assert len(smtp_server.received) == 9
    # Two of each kind in the issue: each partial once, for the three territories' editions.
    for kind in ("event", "initiative", "resource"):
        assert renders[f"_{kind}.html"] == 2, renders
        assert renders[f"_{kind}.txt"] == 2, renders
    assert renders["issue.txt"] == 3
    # Twice to render the entries, then one frame per territory.
    assert renders["issue.html"] == 2 + 3


@pytest.mark.parametrize(
    ("territory", "has_regional_part"),
    [
        (Territory(), False),
        (Territory(regions=frozenset({"44"})), True),
        (Territory(regions=frozenset({"84", "93"})), True),
        (Territory(departments=frozenset({"38", "973"})), True),
        (Territory(regions=frozenset({"11"}), departments=frozenset({"68"})), True),
        (Territory(departments=frozenset({"2A"})), False),  # where nothing of the issue lies
    ],
)
def test_an_assembled_edition_is_the_whole_rendering_byte_for_byte(
    issue, territory, has_regional_part
):
    assembled = Editions(issue).for_territory(territory)
    whole = IssueEdition(issue, territory=territory)

    assert assembled.html == whole.html
    assert assembled.text == whole.text
    assert (REGIONAL in assembled.html) is has_regional_part


def test_the_real_issue_assembled_for_every_region_is_its_whole_rendering(demo_issue):
    from pare.models import Region

    editions = Editions(demo_issue)
    territories = [Territory(), Territory(departments=frozenset({"63", "43", "973"}))]
    territories += [
        Territory(regions=frozenset({code}))
        for code in Region.objects.values_list("code", flat=True)
    ]
    regional = 0
    for territory in territories:
        whole = IssueEdition(demo_issue, territory=territory)
        edition = editions.for_territory(territory)
        assert edition.html == whole.html, territory
        assert edition.text == whole.text, territory
        regional += REGIONAL in edition.html
        # The personal links are the recipient's own, in the assembled edition as in the whole.
        assert edition.html_for("jeton", "prefs") == whole.html_for("jeton", "prefs")
    assert regional >= 5
    assert "/lien/" in edition.html  # the links go through the counting redirect


def test_every_email_links_to_its_recipients_preferences(issue, site_url):
    subscriber = subscriber_in(regions=["44"])

    message = IssueEdition(issue, territory=subscriber.territory()).message_for(subscriber)

    url = f"{site_url}/lettre/preferences/{subscriber.preferences_token}/"
    assert f'href="{url}"' in message.alternatives[0].content
    assert url in message.body


def test_preferences_page_shows_and_changes_the_territory(client, db):
    subscriber = subscriber_in(regions=["44"])
    url = reverse("subscriptions:preferences", kwargs={"token": subscriber.preferences_token})

    response = client.get(url)
    assert response.status_code == 200
    assert re.search(r'<input[^>]*value="44"[^>]*checked', response.text)

    response = client.post(url, {"regions": ["84"], "departments": ["973"]})

    assert response.status_code == 200
    assert "Vos préférences sont enregistrées" in response.text
    assert subscriber.territory() == Territory(frozenset({"84"}), frozenset({"973"}))
    client.post(url, {})
    assert not subscriber.territory()


def test_preferences_refuse_an_unknown_territory_and_change_nothing(client, db):
    subscriber = subscriber_in(regions=["44"])
    url = reverse("subscriptions:preferences", kwargs={"token": subscriber.preferences_token})

    response = client.post(url, {"regions": ["99"]})

    assert response.status_code == 400
    assert "un territoire proposé n'existe pas" in response.text
    assert subscriber.territory() == Territory(frozenset({"44"}))


@pytest.mark.parametrize("change", ["tampered", "other subscriber", "unsubscribe token"])
def test_preferences_need_this_subscribers_own_signed_link(client, db, change):
    subscriber, other = subscriber_in(), subscriber_in()
    token = {
        "tampered": subscriber.preferences_token[:-2] + "xx",
        "other subscriber": f"{subscriber.pk}:" + other.preferences_token.split(":", 1)[1],
        "unsubscribe token": subscriber.unsubscribe_token,
    }[change]

    response = client.post(
        reverse("subscriptions:preferences", kwargs={"token": token}), {"regions": ["44"]}
    )

    assert response.status_code == 400
    assert not subscriber.territory()


def test_subscribing_records_the_territory_chosen(client, db, immediate_tasks, mailoutbox):
    response = client.post(
        reverse("subscriptions:subscribe"),
        {"email": "nouvelle@example.org", "consent": "on", "regions": ["53"]},
    )

    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email="nouvelle@example.org")
    assert subscriber.territory() == Territory(frozenset({"53"}))


def test_subscribing_again_does_not_change_a_confirmed_subscribers_territory(client, db):
    subscriber = subscriber_in(regions=["44"], email="connue@example.org")

    client.post(
        reverse("subscriptions:subscribe"),
        {"email": "connue@example.org", "consent": "on", "regions": ["53"]},
    )

    assert subscriber.territory() == Territory(frozenset({"44"}))
    assert Subscriber.objects.get(pk=subscriber.pk).status == SubscriberStatus.CONFIRMED


def test_a_territory_where_nothing_lies_shares_the_national_edition(issue, smtp_server):
    subscriber_in(regions=["53"])  # Bretagne: nothing of this issue is there.
    subscriber_in()
    renders = rendered_templates(issue)

    assert renders["issue.txt"] == 1
    for item in smtp_server.received:
        assert REGIONAL not in html_of(item.message)
