import datetime
import html
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from newsletters.models import Issue, IssueEvent
from pare.models import Status
from tests.browser.chromium import ARGS, CHROMIUM, MISSING
from tests.factories import make_event, make_initiative, make_issue, make_resource
from tests.pare.html import active_content
from tests.pare.test_admin import (
    EDITORS,
    PUBLISHERS,
    messages_of,
    no_second_factor,  # noqa: F401 (autouse fixture)
    post_data,
    staff,
    url,
)

REFUSAL = "Ce numéro ne peut pas paraître"


def entries(issue, items="event_items"):
    return [item.entry.title for item in getattr(issue, items).order_by("position")]


@pytest.mark.django_db
def test_issue_change_form_shows_its_three_sections_in_order(admin_client):
    issue = make_issue(
        events=[make_event(title="Webinaire")],
        initiatives=[make_initiative(title="La Boussole")],
        resources=[make_resource(title="Un podcast")],
    )

    response = admin_client.get(url(Issue, "change", issue.pk))

    assert response.status_code == 200
    headings = re.findall(
        r'<h2 id="\w+-heading" class="inline-heading">\s*(.+?)\s*</h2>', response.text
    )
    assert headings == ["Agenda", "Actualités du réseau", "Ressources"]
    for title in ("Webinaire", "La Boussole", "Un podcast"):
        assert title in response.text
    assert "admin/js/reorder.js" in response.text
    assert active_content(response) == []


@pytest.mark.django_db
def test_publishing_an_issue_that_points_at_a_draft_is_refused_and_saves_nothing(client):
    not_ready = make_event(title="Pas prêt", status=Status.DRAFT)
    issue = make_issue(status=Status.DRAFT, events=[make_event(title="Publié"), not_ready])
    other = make_event(title="Ajouté")
    staff(client, PUBLISHERS)
    page = client.get(url(Issue, "change", issue.pk))

    response = client.post(
        url(Issue, "change", issue.pk),
        post_data(
            page,
            status="published",
            introduction="Nouvelle introduction",
            **{
                "event_items-TOTAL_FORMS": "3",
                "event_items-2-issue": str(issue.pk),
                "event_items-2-entry": str(other.pk),
                "event_items-2-position": "2",
            },
        ),
    )

    assert response.status_code == 200
    assert REFUSAL in response.text and "« Pas prêt »" in response.text
    issue.refresh_from_db()
    assert issue.status == Status.DRAFT
    assert issue.introduction == ""
    assert entries(issue) == ["Publié", "Pas prêt"]


@pytest.mark.django_db
def test_adding_a_draft_to_a_published_issue_is_refused(client):
    issue = make_issue(events=[make_event(title="Publié")])
    draft = make_event(title="Brouillon", status=Status.DRAFT)
    staff(client, PUBLISHERS)
    page = client.get(url(Issue, "change", issue.pk))

    response = client.post(
        url(Issue, "change", issue.pk),
        post_data(
            page,
            **{
                "event_items-TOTAL_FORMS": "2",
                "event_items-1-issue": str(issue.pk),
                "event_items-1-entry": str(draft.pk),
                "event_items-1-position": "1",
            },
        ),
    )

    assert response.status_code == 200
    assert "« Brouillon »" in response.text
    assert entries(issue) == ["Publié"]


@pytest.mark.django_db
def test_an_issue_cannot_go_out_before_an_entry_scheduled_after_it(client):
    later = timezone.now() + datetime.timedelta(days=10)
    issue = make_issue(
        status=Status.DRAFT, resources=[make_resource(title="Rapport", publish_at=later)]
    )
    staff(client, PUBLISHERS)
    page = client.get(url(Issue, "change", issue.pk))

    response = client.post(url(Issue, "change", issue.pk), post_data(page, status="published"))

    assert "« Rapport »" in response.text
    issue.refresh_from_db()
    assert issue.status == Status.DRAFT


@pytest.mark.django_db
def test_publishing_an_issue_whose_entries_are_published_works(client):
    issue = make_issue(
        status=Status.DRAFT,
        events=[make_event()],
        initiatives=[make_initiative()],
        resources=[make_resource()],
    )
    staff(client, PUBLISHERS)
    page = client.get(url(Issue, "change", issue.pk))

    response = client.post(
        url(Issue, "change", issue.pk),
        post_data(page, status="published", publish_at_0="", publish_at_1=""),
    )

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.is_public


@pytest.mark.django_db
def test_an_editor_puts_drafts_in_a_draft_issue_but_cannot_publish_it(client):
    issue = make_issue(status=Status.DRAFT)
    draft = make_event(title="Brouillon", status=Status.DRAFT)
    staff(client, EDITORS)
    page = client.get(url(Issue, "change", issue.pk))

    response = client.post(
        url(Issue, "change", issue.pk),
        post_data(
            page,
            status="published",
            **{
                "event_items-TOTAL_FORMS": "1",
                "event_items-0-issue": str(issue.pk),
                "event_items-0-entry": str(draft.pk),
                "event_items-0-position": "0",
            },
        ),
    )

    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == Status.DRAFT
    assert entries(issue) == ["Brouillon"]


@pytest.mark.django_db
def test_the_publish_action_refuses_issues_that_point_at_drafts(client):
    ready = make_issue(year=2023, quarter=3, status=Status.DRAFT, events=[make_event()])
    blocked = make_issue(
        year=2023,
        quarter=4,
        status=Status.DRAFT,
        events=[make_event(title="Pas prêt", status=Status.DRAFT)],
    )
    staff(client, PUBLISHERS)

    response = client.post(
        url(Issue, "changelist"),
        {"action": "publish", "_selected_action": [ready.pk, blocked.pk], "index": 0},
        follow=True,
    )

    ready.refresh_from_db()
    blocked.refresh_from_db()
    assert ready.is_public
    assert blocked.status == Status.DRAFT
    messages = messages_of(response)
    assert "Mise en ligne : 1 numéro." in messages
    assert any(REFUSAL in m and "« Pas prêt »" in m and str(blocked) in m for m in messages)


@pytest.mark.django_db
def test_positions_posted_in_a_new_order_are_saved(admin_client):
    issue = make_issue(
        events=[make_event(title=title) for title in ("Premier", "Deuxième", "Troisième")]
    )
    page = admin_client.get(url(Issue, "change", issue.pk))
    new_order = {"Troisième": 0, "Premier": 1, "Deuxième": 2}
    changes = {}
    for index, item in enumerate(page.context["inline_admin_formsets"][0].formset.forms):
        if item.instance.pk:
            changes[f"event_items-{index}-position"] = str(new_order[item.instance.entry.title])

    response = admin_client.post(url(Issue, "change", issue.pk), post_data(page, **changes))

    assert response.status_code == 302
    assert entries(issue) == ["Troisième", "Premier", "Deuxième"]


@pytest.mark.django_db
def test_deleting_an_entry_from_the_issue_form_removes_only_the_item(admin_client):
    issue = make_issue(events=[make_event(title="Gardé"), make_event(title="Retiré")])
    page = admin_client.get(url(Issue, "change", issue.pk))

    response = admin_client.post(
        url(Issue, "change", issue.pk), post_data(page, **{"event_items-1-DELETE": "on"})
    )

    assert response.status_code == 302
    assert entries(issue) == ["Gardé"]
    assert IssueEvent.objects.count() == 1


# The reorder buttons, in a real browser when one is installed.

DRIVE = """
// After the load event: jQuery runs its ready handlers (the inlines) asynchronously.
window.addEventListener("load", () => setTimeout(() => {
    const group = document.getElementById("event_items-group");
    const rows = () => Array.from(group.querySelectorAll("tbody > tr.form-row:not(.empty-form)"));
    const row = (title) =>
        rows().find((r) => r.querySelector("td.original")?.textContent.includes(title));
    const click = (r, direction) => r.querySelector(`button[data-move=${direction}]`).click();

    click(row("Premier"), "down");
    group.querySelector(".add-row a").click();
    const [blank, added] = rows().filter((r) => !r.classList.contains("has_original"));
    added.querySelector("select").add(new Option("Nouveau", "%(pk)s", true, true));
    for (let i = 0; i < 4; i++) click(added, "up");
    blank.querySelector("a.inline-deletelink").click();

    setTimeout(() => {
        const form = document.getElementById("issue_form");
        form.addEventListener("submit", (event) => event.preventDefault());
        form.requestSubmit();
        document.body.dataset.posted = JSON.stringify(Array.from(new FormData(form)));
        document.body.dataset.labels = JSON.stringify(
            Array.from(group.querySelectorAll("tr.form-row:not(.empty-form) button"), (b) => [
                b.textContent,
                b.getAttribute("aria-label"),
            ]),
        );
    }, 100);
}, 100));
"""


def browse(client, response, tmp_path, script):
    """Run script in a headless browser on the page of response; return the DOM it leaves."""

    def local_copy(match):
        address = match[1]
        if address.startswith(settings.STATIC_URL):
            return f'src="{Path(finders.find(address.removeprefix(settings.STATIC_URL))).as_uri()}"'
        copy = tmp_path / f"{len(list(tmp_path.iterdir()))}.js"
        copy.write_bytes(client.get(html.unescape(address)).content)
        return f'src="{copy.as_uri()}"'

    driver = tmp_path / "drive.js"
    driver.write_text(script)
    page = tmp_path / "page.html"
    text = re.sub(r'src="(/[^"]*)"', local_copy, response.text)
    page.write_text(text.replace("</body>", f'<script src="{driver.as_uri()}"></script></body>'))
    command = [CHROMIUM, "--headless", *ARGS]
    command += ["--virtual-time-budget=10000", "--dump-dom", page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout


def data_attribute(dom, name):
    return json.loads(html.unescape(re.search(rf'data-{name}="([^"]*)"', dom)[1]))


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason=MISSING)
@pytest.mark.django_db
def test_reorder_buttons_put_rows_in_order_and_the_server_saves_it(admin_client, tmp_path):
    issue = make_issue(
        events=[make_event(title=title) for title in ("Premier", "Deuxième", "Troisième")]
    )
    added = make_event(title="Nouveau")
    change = url(Issue, "change", issue.pk)

    dom = browse(admin_client, admin_client.get(change), tmp_path, DRIVE % {"pk": added.pk})

    labels = data_attribute(dom, "labels")
    assert labels[:4] == [
        ["Monter", "Monter la ligne 1"],
        ["Descendre", "Descendre la ligne 1"],
        ["Monter", "Monter la ligne 2"],
        ["Descendre", "Descendre la ligne 2"],
    ]
    posted = MultiValueDict()
    for name, value in data_attribute(dom, "posted"):
        posted.appendlist(name, value)
    posted["_save"] = "Enregistrer"
    response = admin_client.post(change, posted)

    assert response.status_code == 302
    assert entries(issue) == ["Nouveau", "Deuxième", "Premier", "Troisième"]
