"""Edit history: every change is kept with who made it and when; an old version can be restored."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from events.models import Event
from news.models import Initiative
from newsletters.models import Issue
from pare.models import Organisation, SiteProfile, Status
from resources.models import Resource
from tests.factories import (
    make_event,
    make_initiative,
    make_issue,
    make_organisation,
    make_resource,
)


class FormReader(HTMLParser):
    """The values a browser would send back from the page's main form, as the user left it."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag not in ("option",):
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file", "image"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append(
                (attrs["name"], attrs.get("value", "on" if "checked" in attrs else ""))
            )
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.data.append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea:
            name, value = self.data[-1]
            self.data[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self._textarea = None
            name, value = self.data[-1]
            self.data[-1] = (name, value.removeprefix("\n"))
        elif tag == "form":
            self.inside = False


def form_data(response, form_id):
    reader = FormReader(form_id)
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return data


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def edit(client, obj, **changes):
    url = change_url(obj)
    data = form_data(client.get(url), f"{obj._meta.model_name}_form")
    data.update({name: [value] for name, value in changes.items()})
    data["_save"] = [""]
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


def restore(client, obj, version):
    url = reverse(
        f"admin:{obj._meta.app_label}_{obj._meta.model_name}_simple_history",
        args=[obj.pk, version.history_id],
    )
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page, f"historical{obj._meta.model_name}_form")
    data["_save"] = [""]
    return client.post(url, data)


@pytest.fixture
def resource(db):
    return make_resource(title="Le titre d'origine", authors="Une autrice")


def test_an_edit_in_the_admin_is_kept_with_its_author_and_time(admin_client, admin_user, resource):
    edit(admin_client, resource, title="Un titre corrigé")
    latest, first = resource.history.all()[:2]
    assert (first.title, latest.title) == ("Le titre d'origine", "Un titre corrigé")
    assert latest.history_user == admin_user
    assert latest.history_type == "~"
    assert latest.history_date > first.history_date
    page = admin_client.get(reverse("admin:resources_resource_history", args=[resource.pk]))
    assert page.status_code == 200
    assert admin_user.username in page.text


def test_a_previous_version_is_restored_from_the_admin(admin_client, admin_user, resource):
    edit(admin_client, resource, title="Un titre abîmé", authors="Personne")
    original = resource.history.earliest()
    response = restore(admin_client, resource, original)
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.title, resource.authors) == ("Le titre d'origine", "Une autrice")
    assert resource.history.count() == 3
    assert resource.history.latest().history_user == admin_user


def test_every_entry_kind_and_the_site_profile_keep_their_history(db):
    organisation = make_organisation(name="Child Focus")
    entries = [
        organisation,
        make_event(organisers=[organisation]),
        make_initiative(),
        make_resource(),
        make_issue(),
    ]
    profile = SiteProfile(publisher_name="Fondation")
    profile.save()
    for obj in (*entries, profile):
        before = obj.history.count()
        obj.save()
        assert obj.history.count() == before + 1, type(obj)
    assert {type(e) for e in entries} == {Organisation, Event, Initiative, Resource, Issue}


@pytest.fixture
def editor(db, client):
    user = User.objects.create_user("redactrice", password="x", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_resource", "change_resource"])
    )
    client.force_login(user)
    return client


def test_an_editor_cannot_restore_over_a_published_entry(editor, resource):
    resource.status = Status.DRAFT
    resource.save()
    draft = resource.history.latest()
    resource.status = Status.PUBLISHED
    resource.title = "En ligne"
    resource.save()
    url = reverse("admin:resources_resource_simple_history", args=[resource.pk, draft.history_id])
    assert editor.post(url, {"title": "x"}).status_code == 403
    resource.refresh_from_db()
    assert (resource.status, resource.title) == (Status.PUBLISHED, "En ligne")


def test_restoring_a_published_version_does_not_publish_for_an_editor(editor, resource):
    published = resource.history.latest()
    assert published.status == Status.PUBLISHED
    resource.status = Status.DRAFT
    resource.title = "Brouillon repris"
    resource.save()
    response = restore(editor, resource, published)
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "Le titre d'origine"
    assert resource.status == Status.DRAFT
