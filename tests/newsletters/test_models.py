import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from newsletters.models import SECTIONS, Issue, IssueEvent, IssueItem
from pare.models import Status
from tests.factories import make_event, make_initiative, make_issue, make_resource

ISSUE_DATE = datetime.datetime(2023, 10, 16, 7, 0, tzinfo=datetime.UTC)


# Sections.


def test_sections_hold_every_kind_of_issue_item_once_in_the_seed_order():
    item_models = [model for model in apps.get_models() if issubclass(model, IssueItem)]
    assert sorted(section.item_model.__name__ for section in SECTIONS) == sorted(
        model.__name__ for model in item_models
    )
    assert [section.label for section in SECTIONS] == [
        "Agenda",
        "Actualités du réseau",
        "Ressources",
    ]


@pytest.mark.django_db
def test_sections_give_each_entry_in_the_order_staff_set():
    first, second = make_event(title="Premier"), make_event(title="Second")
    initiative, resource = make_initiative(), make_resource()
    issue = make_issue(events=[second, first], initiatives=[initiative], resources=[resource])
    issue.event_items.filter(entry=first).update(position=0)
    issue.event_items.filter(entry=second).update(position=1)

    sections = issue.sections(AnonymousUser())

    assert [list(section["entries"]) for section in sections] == [
        [first, second],
        [initiative],
        [resource],
    ]
    assert [section["partial"] for section in sections] == [
        "events/_event.html",
        "news/_initiative.html",
        "resources/_resource.html",
    ]


# Quarter and uniqueness.


@pytest.mark.django_db
@pytest.mark.parametrize("quarter", [0, 5])
def test_quarter_outside_one_to_four_is_refused_on_the_quarter(quarter):
    issue = Issue(year=2023, quarter=quarter)

    with pytest.raises(ValidationError) as excinfo:
        issue.full_clean()

    assert set(excinfo.value.message_dict) == {"quarter"}
    assert "n’est pas un choix valide" in excinfo.value.message_dict["quarter"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("quarter", [0, 5])
def test_database_refuses_a_quarter_outside_one_to_four(quarter):
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.create(year=2023, quarter=quarter)


@pytest.mark.django_db
def test_second_issue_for_the_same_quarter_is_refused():
    make_issue(year=2023, quarter=3)

    with pytest.raises(ValidationError) as excinfo:
        Issue(year=2023, quarter=3).full_clean()

    assert excinfo.value.message_dict[NON_FIELD_ERRORS] == [
        "Un numéro existe déjà pour ce trimestre."
    ]
    Issue(year=2023, quarter=4).full_clean()
    Issue(year=2024, quarter=3).full_clean()


@pytest.mark.django_db
def test_database_refuses_a_second_issue_for_the_same_quarter():
    make_issue(year=2023, quarter=3)

    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.create(year=2023, quarter=3)


@pytest.mark.django_db
def test_database_refuses_moving_an_issue_onto_a_taken_quarter():
    make_issue(year=2023, quarter=3)
    other = make_issue(year=2023, quarter=4)

    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.filter(pk=other.pk).update(quarter=3)


@pytest.mark.django_db
def test_title_and_period():
    issue = make_issue(year=2023, quarter=3)

    assert issue.period == "3e trimestre 2023"
    assert str(issue) == "Lettre PARÉ du 3e trimestre 2023"


# The public QuerySet.


@pytest.mark.django_db
def test_issues_come_latest_first():
    older = make_issue(year=2023, quarter=4)
    newer = make_issue(year=2024, quarter=1)
    oldest = make_issue(year=2023, quarter=3)

    assert list(Issue.objects.all()) == [newer, older, oldest]


# An issue cannot go out pointing at drafts or at entries due after it.


@pytest.mark.django_db
def test_unpublished_entries_lists_drafts_and_entries_due_after_the_issue():
    draft = make_event(title="Brouillon", status=Status.DRAFT)
    late = make_initiative(title="Trop tard", publish_at=ISSUE_DATE + datetime.timedelta(hours=1))
    on_time = make_resource(title="À l'heure", publish_at=ISSUE_DATE)
    issue = make_issue(
        events=[draft], initiatives=[late], resources=[on_time], publish_at=ISSUE_DATE
    )

    assert issue.unpublished_entries() == [draft, late]


@pytest.mark.django_db
def test_entries_due_before_a_scheduled_issue_are_fine():
    issue_date = timezone.now() + datetime.timedelta(days=7)
    scheduled_entry = make_event(publish_at=timezone.now() + datetime.timedelta(days=1))
    issue = make_issue(events=[scheduled_entry], publish_at=issue_date)

    assert issue.unpublished_entries() == []
    issue.clean_publication()


@pytest.mark.django_db
def test_clean_publication_refuses_an_issue_pointing_at_a_draft():
    draft = make_event(title="Colloque en brouillon", status=Status.DRAFT)
    issue = make_issue(events=[draft], publish_at=ISSUE_DATE)

    with pytest.raises(ValidationError) as excinfo:
        issue.clean_publication()

    message = excinfo.value.messages[0]
    assert "ne peut pas paraître" in message
    assert "« Colloque en brouillon »" in message


@pytest.mark.django_db
def test_clean_publication_refuses_entries_scheduled_after_the_issue():
    late = make_resource(title="Livre blanc", publish_at=ISSUE_DATE + datetime.timedelta(days=2))
    issue = make_issue(resources=[late], publish_at=ISSUE_DATE)

    with pytest.raises(ValidationError, match="« Livre blanc »"):
        issue.clean_publication()


@pytest.mark.django_db
def test_clean_publication_checks_the_entries_it_is_given():
    """The admin passes the entries of its forms, before they are saved."""
    issue = make_issue(publish_at=ISSUE_DATE)
    draft = make_initiative(title="Pas encore prête", status=Status.DRAFT)

    issue.clean_publication()
    with pytest.raises(ValidationError, match="« Pas encore prête »"):
        issue.clean_publication(entries=[draft])


@pytest.mark.django_db
def test_a_draft_issue_may_point_at_drafts():
    draft = make_event(status=Status.DRAFT)
    issue = make_issue(events=[draft], status=Status.DRAFT)

    issue.clean_publication()


@pytest.mark.django_db
def test_publishing_without_a_date_checks_against_now():
    soon = make_event(publish_at=timezone.now() + datetime.timedelta(hours=1))
    issue = make_issue(events=[soon], status=Status.DRAFT)
    issue.status = Status.PUBLISHED

    assert issue.unpublished_entries() == [soon]
    with pytest.raises(ValidationError):
        issue.clean_publication()


# Items.


@pytest.mark.django_db
def test_items_keep_the_order_staff_chose():
    later = make_event(first_day=datetime.date(2023, 12, 1))
    earlier = make_event(first_day=datetime.date(2023, 10, 24))
    issue = make_issue(events=[later, earlier])

    assert [item.entry for item in issue.event_items.all()] == [later, earlier]


@pytest.mark.django_db
def test_an_entry_appears_once_per_issue():
    event = make_event()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_issue(events=[event, event])


@pytest.mark.django_db
def test_deleting_an_entry_shown_by_an_issue_is_refused():
    event = make_event()
    issue = make_issue(events=[event])

    with pytest.raises(ProtectedError):
        event.delete()

    issue.delete()
    assert not IssueEvent.objects.exists()
    event.delete()
