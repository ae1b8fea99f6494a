import datetime

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from news.models import Initiative
from newsletters.models import Issue, SendJob, Subscriber, SubscriberImport
from pare.models import Department, Organisation, Page, Region, SiteProfile, Status
from resources.models import Resource
from tests.factories import make_event, make_organisation
from tests.pare.html import active_content

MODELS = [Region, Department, Organisation, SiteProfile, Event, Initiative, Resource, Issue]
PUBLISHABLE = [Organisation, Event, Initiative, Resource, Issue]
READ_ONLY = {Region, Department}
# Subscribers and sendings: publishers only, tested in tests/newsletters/test_email_admin.py.
EMAIL_MODELS = {Subscriber, SendJob, SubscriberImport}
EDITORS, PUBLISHERS = "Rédaction", "Publication"


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    """These tests are about content, not about logging in (see test_accounts.py)."""
    settings.PARE_REQUIRE_2FA = False


def staff(client, group):
    """Log client in as a new staff member of group (« Rédaction » or « Publication »)."""
    user = User.objects.create_user(f"{group.lower()}@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def post_data(response, **changes):
    """What the change form in response would send, with changes (field name: value)."""
    context = response.context
    all_forms = [context["adminform"].form]
    data = {"_save": "Enregistrer"}
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        all_forms.extend(formset.forms)
        management = formset.management_form
        data.update({management.add_prefix(k): v for k, v in management.initial.items()})
    for form in all_forms:
        for field in form:
            value = field.value()
            widget = field.field.widget
            if value is None or value is False or isinstance(field.field, forms.FileField):
                continue
            if isinstance(widget, forms.MultiWidget):
                for index, part in enumerate(widget.decompress(value)):
                    data[f"{field.html_name}_{index}"] = str(part)
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            else:
                data[field.html_name] = "on" if value is True else str(value)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def action_names(response):
    return {name for name, _label in response.context["action_form"].fields["action"].choices}


# Every page loads, for superusers and for both staff groups.


def test_every_model_of_the_project_is_in_the_admin():
    labels = {"pare", "events", "news", "resources", "newsletters"}
    registered = {model for model in admin.site._registry if model._meta.app_label in labels}
    assert registered == set(MODELS) | EMAIL_MODELS | {
        Page
    }  # Page: tests/pare/test_footer_pages.py


@pytest.fixture(params=["superuser", EDITORS, PUBLISHERS])
def any_staff(request, client, db):
    if request.param == "superuser":
        client.force_login(User.objects.create_superuser("admin@example.org"))
        return client
    return staff(client, request.param)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_loads(any_staff, model):
    response = any_staff.get(url(model, "changelist"))

    assert response.status_code == 200
    assert active_content(response) == []


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_add_form_loads(any_staff, model):
    response = any_staff.get(url(model, "add"))
    editor = not response.wsgi_request.user.has_perm("pare.publish_organisation")

    if model in READ_ONLY or (model is SiteProfile and editor):
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert active_content(response) == []


@pytest.mark.django_db
def test_site_header_is_in_french(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert "Administration de PARÉ" in response.text


# Reference data: searched by autocompletes, never edited.


@pytest.mark.django_db
def test_regions_and_departments_cannot_be_changed(admin_client):
    response = admin_client.post(
        url(Department, "change", "68"), {"code": "68", "name": "Alsace du Sud"}
    )

    assert response.status_code == 403
    assert Department.objects.get(code="68").name == "Haut-Rhin"
    assert admin_client.get(url(Region, "delete", "44")).status_code == 403


@pytest.mark.django_db
def test_departments_autocomplete_for_an_editor(client):
    staff(client, EDITORS)

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "pare",
            "model_name": "organisation",
            "field_name": "department",
            "term": "rhin",
        },
    )

    assert response.status_code == 200
    assert {result["text"] for result in response.json()["results"]} == {
        "Bas-Rhin (67)",
        "Haut-Rhin (68)",
    }


@pytest.mark.django_db
def test_organisations_filter_by_region_and_abroad(admin_client):
    make_organisation(name="Alter Égaux", department=Department.objects.get(code="68"))
    make_organisation(name="Child Focus", abroad="Belgique")
    make_organisation(name="Koutcha")

    def names(query):
        response = admin_client.get(url(Organisation, "changelist"), query)
        return {organisation.name for organisation in response.context["cl"].result_list}

    assert names({"department__region__code__exact": "44"}) == {"Alter Égaux"}
    assert names({"implantation": "abroad"}) == {"Child Focus"}
    assert names({"implantation": "national"}) == {"Koutcha"}


# Publication: editors write drafts, publishers publish.


@pytest.mark.django_db
def test_an_editor_sees_status_and_date_read_only(client):
    staff(client, EDITORS)

    response = client.get(url(Organisation, "add"))

    form = response.context["adminform"].form
    assert "status" not in form.fields and "publish_at" not in form.fields
    assert "Brouillon" in response.text


@pytest.mark.django_db
def test_an_editor_forging_a_published_status_creates_a_draft(client):
    staff(client, EDITORS)

    response = client.post(
        url(Organisation, "add"),
        {
            "name": "Fondation Droit d'Enfance",
            "slug": "fondation-droit-denfance",
            "status": "published",
            "publish_at_0": "2023-10-01",
            "publish_at_1": "09:00",
        },
    )

    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="fondation-droit-denfance")
    assert organisation.status == Status.DRAFT
    assert organisation.publish_at is None


@pytest.mark.django_db
def test_an_editor_forging_a_published_status_on_a_draft_leaves_it_a_draft(client):
    draft = make_organisation(name="Brouillon", status=Status.DRAFT)
    staff(client, EDITORS)
    page = client.get(url(Organisation, "change", draft.pk))

    response = client.post(
        url(Organisation, "change", draft.pk),
        post_data(page, description="Corrigé", status="published"),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.description == "Corrigé"
    assert draft.status == Status.DRAFT


@pytest.mark.django_db
def test_an_editor_cannot_change_what_is_published(client):
    published = make_organisation(name="En ligne")
    staff(client, EDITORS)

    page = client.get(url(Organisation, "change", published.pk))
    response = client.post(url(Organisation, "change", published.pk), {"name": "Changé"})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.name == "En ligne"


@pytest.mark.django_db
@pytest.mark.parametrize("model", PUBLISHABLE, ids=lambda model: model.__name__)
def test_publish_actions_are_offered_to_publishers_only(client, model):
    editor_page = staff(client, EDITORS).get(url(model, "changelist"))
    publisher_page = staff(client, PUBLISHERS).get(url(model, "changelist"))

    assert {"publish", "unpublish"}.isdisjoint(action_names(editor_page))
    assert {"publish", "unpublish"} <= action_names(publisher_page)


@pytest.mark.django_db
def test_an_editor_forging_the_publish_action_publishes_nothing(client):
    draft = make_organisation(status=Status.DRAFT)
    staff(client, EDITORS)

    client.post(
        url(Organisation, "changelist"),
        {"action": "publish", "_selected_action": [draft.pk], "index": 0},
    )

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.django_db
def test_a_publisher_publishes_with_the_form(client):
    draft = make_organisation(name="Brouillon", status=Status.DRAFT)
    staff(client, PUBLISHERS)
    page = client.get(url(Organisation, "change", draft.pk))

    response = client.post(
        url(Organisation, "change", draft.pk),
        post_data(page, status="published", publish_at_0="", publish_at_1=""),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_public


@pytest.mark.django_db
def test_a_publisher_publishes_and_unpublishes_from_the_list(client):
    drafts = [make_organisation(status=Status.DRAFT) for _ in range(2)]
    online = make_organisation()
    staff(client, PUBLISHERS)
    selected = [organisation.pk for organisation in [*drafts, online]]

    published = client.post(
        url(Organisation, "changelist"),
        {"action": "publish", "_selected_action": selected, "index": 0},
        follow=True,
    )

    assert all(o.is_public for o in Organisation.objects.filter(pk__in=selected))
    assert "Mise en ligne : 2 organisations partenaires." in messages_of(published)
    assert "Déjà en ligne, rien à faire : 1 organisation partenaire." in messages_of(published)

    drafted = client.post(
        url(Organisation, "changelist"),
        {"action": "unpublish", "_selected_action": [online.pk], "index": 0},
        follow=True,
    )

    online.refresh_from_db()
    assert online.status == Status.DRAFT
    assert any("Retour en brouillon : 1 organisation partenaire" in m for m in messages_of(drafted))


@pytest.mark.django_db
def test_the_list_tells_drafts_scheduled_and_online_apart(admin_client):
    make_organisation(name="Brouillon", status=Status.DRAFT)
    make_organisation(name="Plus tard", publish_at=timezone.now() + datetime.timedelta(days=3))
    make_organisation(name="En ligne")

    response = admin_client.get(url(Organisation, "changelist"))
    scheduled = admin_client.get(url(Organisation, "changelist"), {"publication": "scheduled"})

    assert "Programmé : " in response.text
    assert "Brouillon" in response.text and "En ligne" in response.text
    assert [o.name for o in scheduled.context["cl"].result_list] == ["Plus tard"]


# Previews: staff see a draft at its public address.


@pytest.mark.django_db
def test_staff_preview_a_draft_from_the_list_and_from_view_on_site(client):
    draft = make_organisation(name="Brouillon", slug="brouillon", status=Status.DRAFT)
    staff(client, EDITORS)

    listing = client.get(url(Organisation, "changelist"))
    content_type = ContentType.objects.get_for_model(Organisation)
    view_on_site = client.get(reverse("admin:view_on_site", args=[content_type.pk, draft.pk]))

    assert f'<a href="{draft.get_absolute_url()}">Prévisualiser</a>' in listing.text
    assert view_on_site["Location"].endswith(draft.get_absolute_url())
    assert client.get(draft.get_absolute_url()).status_code == 200


# The site profile: one row, edited in place.


@pytest.mark.django_db
def test_site_profile_list_is_the_form_that_creates_it(admin_client):
    response = admin_client.get(url(SiteProfile, "changelist"))

    assert response.context["add"] is True
    assert f'action="{url(SiteProfile, "add")}"' in response.text


@pytest.mark.django_db
def test_site_profile_list_is_the_form_of_its_only_row(admin_client):
    SiteProfile.objects.create(publisher_name="Fondation Droit d'Enfance")

    response = admin_client.get(url(SiteProfile, "changelist"))

    assert response.context["original"].pk == 1
    assert f'action="{url(SiteProfile, "change", 1)}"' in response.text
    assert admin_client.get(url(SiteProfile, "add")).status_code == 403
    assert admin_client.post(url(SiteProfile, "delete", 1), {"post": "yes"}).status_code == 403
    assert SiteProfile.objects.exists()


@pytest.mark.django_db
def test_site_profile_is_edited_in_place(admin_client):
    SiteProfile.objects.create(publisher_name="Fondation Droit d'Enfance")
    page = admin_client.get(url(SiteProfile, "change", 1))

    response = admin_client.post(
        url(SiteProfile, "change", 1), post_data(page, site_name="PARÉ"), follow=True
    )

    assert response.redirect_chain[-1][0] == url(SiteProfile, "changelist")
    assert SiteProfile.objects.get().site_name == "PARÉ"
    assert SiteProfile.objects.count() == 1


@pytest.mark.django_db
def test_an_editor_reads_the_site_profile_but_cannot_change_it(client):
    SiteProfile.objects.create(publisher_name="Fondation Droit d'Enfance", site_name="PARÉ")
    editor = staff(client, EDITORS)
    page = editor.get(url(SiteProfile, "change", 1))
    version = SiteProfile.objects.get().history.latest()

    changed = editor.post(url(SiteProfile, "change", 1), post_data(page, site_name="Défiguré"))
    restored = editor.post(
        reverse("admin:pare_siteprofile_simple_history", args=[1, version.history_id]),
        post_data(page, site_name="Défiguré"),
    )

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert changed.status_code == 403
    assert restored.status_code == 403
    assert SiteProfile.objects.get().site_name == "PARÉ"


@pytest.mark.django_db
def test_an_editor_cannot_create_the_site_profile(client):
    response = staff(client, EDITORS).post(
        url(SiteProfile, "add"), {"site_name": "Défiguré", "publisher_name": "X"}
    )

    assert response.status_code == 403
    assert not SiteProfile.objects.exists()


@pytest.mark.django_db
def test_a_publisher_changes_the_site_profile(client):
    SiteProfile.objects.create(publisher_name="Fondation Droit d'Enfance")
    publisher = staff(client, PUBLISHERS)
    page = publisher.get(url(SiteProfile, "change", 1))

    publisher.post(url(SiteProfile, "change", 1), post_data(page, site_name="PARÉ"))

    assert SiteProfile.objects.get().site_name == "PARÉ"


# Protected deletions: refused with Django's explanation, never a 500.


@pytest.mark.django_db
def test_deleting_an_organisation_that_organises_an_event_is_refused(admin_client):
    organisation = make_organisation(name="ECPAT France")
    make_event(title="Module 1", organisers=[organisation])

    page = admin_client.get(url(Organisation, "delete", organisation.pk))
    response = admin_client.post(url(Organisation, "delete", organisation.pk), {"post": "yes"})

    assert page.status_code == response.status_code == 200
    assert page.context["protected"]
    assert "ECPAT France" in response.text
    assert Organisation.objects.filter(pk=organisation.pk).exists()


@pytest.mark.django_db
def test_bulk_deleting_an_organisation_that_organises_an_event_is_refused(admin_client):
    organisation = make_organisation(name="ECPAT France")
    make_event(organisers=[organisation])

    response = admin_client.post(
        url(Organisation, "changelist"),
        {"action": "delete_selected", "_selected_action": [organisation.pk], "post": "yes"},
    )

    assert response.status_code == 200
    assert response.context["protected"]
    assert Organisation.objects.filter(pk=organisation.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["68", "Haut-Rhin", "haut-rhin"])
def test_the_department_picker_finds_a_department_by_name_or_code(admin_client, term):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "events", "model_name": "event", "field_name": "department"},
    )

    assert {"id": "68", "text": "Haut-Rhin (68)"} in response.json()["results"]
