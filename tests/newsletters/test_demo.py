import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.utils.dates import MONTHS

from events.models import Event, EventOrganiser, Session
from news.models import Initiative, InitiativeOrganisation
from newsletters.models import Issue, IssueEvent, IssueInitiative, IssueResource
from pare.dates import day_month
from pare.models import Organisation, SiteProfile, Status
from resources.models import Resource, ResourceOrganisation
from tests.factories import make_organisation

PARIS = ZoneInfo("Europe/Paris")
DEMO_MODELS = (
    SiteProfile,
    Organisation,
    Event,
    EventOrganiser,
    Session,
    Initiative,
    Initiative.departments.through,
    InitiativeOrganisation,
    Resource,
    ResourceOrganisation,
    Issue,
    IssueEvent,
    IssueInitiative,
    IssueResource,
)


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def snapshot():
    return {model: list(model.objects.order_by("pk").values()) for model in DEMO_MODELS}


@pytest.fixture
def issue(db):
    load_demo()
    return Issue.objects.get(year=2023, quarter=3)


def section(issue, related_name):
    return [item.entry for item in getattr(issue, related_name).order_by("position")]


class DemoContentTests(TestCase):
    """What the demo holds, loaded once for the class (each test runs in its own transaction)."""

    @classmethod
    def setUpTestData(cls):
        load_demo()
        cls.issue = Issue.objects.get(year=2023, quarter=3)

    def test_issue_has_the_seed_sections_in_the_seed_order(self):
        issue = self.issue
        events = section(issue, "event_items")
        initiatives = section(issue, "initiative_items")
        resources = section(issue, "resource_items")

        assert (len(events), len(initiatives), len(resources)) == (9, 11, 7)
        assert [event.first_day for event in events] == [
            datetime.date(2023, 11, 14),
            datetime.date(2023, 10, 24),
            datetime.date(2023, 11, 6),
            datetime.date(2023, 11, 20),
            datetime.date(2023, 11, 21),
            datetime.date(2023, 11, 22),
            datetime.date(2023, 11, 23),
            datetime.date(2023, 11, 24),
            datetime.date(2023, 12, 1),
        ]
        assert [sorted(i.departments.values_list("code", flat=True)) for i in initiatives] == [
            ["59"],
            ["77"],
            ["06"],
            ["11"],
            ["43", "63"],
            ["38"],
            ["69"],
            ["973"],
            ["972"],
            [],
            [],
        ]
        assert [resource.kind for resource in resources] == [
            "livre",
            "replay",
            "podcast",
            "enquete",
            "enquete",
            "outil",
            "outil",
        ]
        for name in ("event_items", "initiative_items", "resource_items"):
            positions = list(
                getattr(issue, name).order_by("position").values_list("position", flat=True)
            )
            assert positions == list(range(len(positions)))

    def test_issue_introduction_and_publication(self):
        issue = self.issue
        assert issue.introduction.startswith("Dans cette newsletter dédiée à la lutte")
        assert issue.status == Status.PUBLISHED
        assert issue.publish_at == datetime.datetime(2023, 10, 16, 9, 0, tzinfo=PARIS)
        assert Issue.objects.published().filter(pk=issue.pk).exists()
        issue.clean_publication()

    def test_every_demo_row_is_published_at_the_issue_date_and_valid(self):
        expected = datetime.datetime(2023, 10, 16, 9, 0, tzinfo=PARIS)
        for model in (Organisation, Event, Initiative, Resource):
            rows = list(model.objects.all())
            assert rows
            for row in rows:
                assert (row.status, row.publish_at) == (Status.PUBLISHED, expected), row
                row.full_clean()

    def test_mulhouse_screening_keeps_the_heading_date_not_the_contradictory_one(self):
        event = Event.objects.get(title__contains="Noémie dit oui")

        assert event.first_day == event.last_day == datetime.date(2023, 10, 24)
        assert event.start_time == datetime.time(20, 0)
        assert (event.venue, event.city) == ("Cinéma le Palace", "Mulhouse")
        assert event.department.region.name == "Grand Est"
        assert event.is_free and event.registration_note == "sur inscription"
        assert "14 novembre" not in event.text
        assert event.organisation_list[0].department_id == "68"

    def test_event_texts_leave_their_days_to_the_fields_the_page_derives_them_from(self):
        for event in Event.objects.prefetch_related("sessions"):
            spans = [(event.first_day, event.last_day)]
            spans += [(s.first_day, s.last_day or s.first_day) for s in event.sessions.all()]
            for first, last in spans:
                for offset in range((last - first).days + 1):
                    day = first + datetime.timedelta(days=offset)
                    month = MONTHS[day.month]
                    for written in (day_month(day), f"{day.day:02d} {month}"):
                        assert written not in event.text, (event, written)

    def test_ecpat_training_has_its_two_modules(self):
        event = Event.objects.get(organisers__slug="ecpat-france")

        sessions = list(event.sessions.order_by("position"))
        assert [(s.first_day.day, s.last_day.day, s.title) for s in sessions] == [
            (6, 7, "L'exploitation sexuelle des jeunes filles françaises (module 2)"),
            (8, 9, "L'exploitation sexuelle des mineurs non accompagnés (module 3)"),
        ]
        assert (event.first_day, event.last_day) == (
            datetime.date(2023, 11, 6),
            datetime.date(2023, 11, 9),
        )
        assert event.capacity == "quinze personnes au maximum par module"
        assert (event.cta_url, event.cta_email) == ("", "gvuillard@ecpat-france.org")

    def test_gap_spans_three_days(self):
        event = Event.objects.get(city="Gap")

        assert (event.first_day, event.last_day) == (
            datetime.date(2023, 11, 21),
            datetime.date(2023, 11, 23),
        )
        assert event.dates == "du 21 au 23 novembre 2023"
        assert event.department.region.name == "Provence-Alpes-Côte d'Azur"

    def test_clichy_training_has_its_price_and_hours(self):
        event = Event.objects.get(city="Clichy")

        assert event.price == "400 € TTC par participant"
        assert not event.is_free
        assert event.times == "9h30 à 17h30"
        assert event.address == "8 bis rue Dagobert"
        assert event.department.region.name == "Île-de-France"
        assert event.cta_email == "formation@mouvementdunid.org"

    def test_webinar_is_online_on_teams(self):
        event = Event.objects.get(kind="webinaire")

        assert event.is_online and event.online_details == "sur Teams"
        assert event.department is None
        assert event.times == "14h30 à 16h30"
        assert [o.name for o in event.organisation_list] == [
            "Fondation Droit d'Enfance",
            "Child Focus",
            "Réseau Enfants-Retour",
        ]

    def test_national_initiatives_have_no_department(self):
        national = Initiative.objects.national()

        assert set(national.values_list("slug", flat=True)) == {
            "la-mist-pole-ressources-victimes-de-traite",
            "koutcha-anniversaire-ouverture-du-centre",
        }
        koutcha = national.get(slug="koutcha-anniversaire-ouverture-du-centre")
        assert koutcha.happened_on == datetime.date(2023, 10, 18)
        assert koutcha.area == ""

    def test_overseas_initiatives_are_in_their_regions(self):
        guyane = Initiative.objects.get(departments__code="973")
        martinique = Initiative.objects.get(departments__code="972")

        assert guyane.departments.get().region.name == "Guyane"
        assert martinique.departments.get().region.name == "Martinique"

    def test_initiative_in_two_departments(self):
        initiative = Initiative.objects.get(departments__code="43")

        assert initiative.area == "Haute-Loire et Puy-de-Dôme"

    def test_initiative_contacts(self):
        boussole = Initiative.objects.get(departments__code="59")
        breche = Initiative.objects.get(departments__code="77")

        assert (boussole.phone, boussole.social_network, boussole.social_account) == (
            "07 57 76 46 58",
            "Snapchat",
            "ecouteboussole",
        )
        assert breche.email == "lefil.noisiel@labreche77.fr"
        assert boussole.text.count("\n- ") == 5

    def test_resources_keep_summary_without_quotation_marks(self):
        book = Resource.objects.get(kind="livre")
        survey = Resource.objects.get(slug="enquete-barometre-apprentis-dauteuil-16-20-ans")

        assert book.summary.startswith("Agir, prévenir, guérir")
        assert "«" not in book.summary[:5] and "»" not in book.summary[-5:]
        assert book.publisher == "Éditions Artège"
        assert "Olivia Sarton" in book.authors
        assert survey.released_on == datetime.date(2023, 10, 12)
        assert survey.cta_label == "Lire l'enquête"

    def test_calls_to_action_use_the_seed_labels_and_one_target(self):
        labels = set()
        for model in (Event, Initiative, Resource):
            for entry in model.objects.exclude(cta_label=""):
                labels.add(entry.cta_label)
                assert bool(entry.cta_url) != bool(entry.cta_email), entry
                if entry.cta_url:
                    assert entry.cta_url.startswith("https://")
                    assert entry.cta_url.count("/") == 2, "a homepage, not an invented deep link"

        assert {
            "S'inscrire",
            "En savoir plus",
            "Programme et bulletin d'inscription",
            "Accéder aux résultats",
            "Découvrir le programme",
            "Découvrir",
            "Accéder au replay",
            "Écouter le podcast",
            "Lire l'enquête",
            "Découvrir le livre blanc",
        } <= labels

    def test_partner_organisations_in_france_or_abroad(self):
        assert Organisation.objects.get(name="Child Focus").place == "Belgique"
        assert Organisation.objects.get(name="Réseau Enfants-Retour").place == "Québec"
        assert Organisation.objects.get(acronym="UDAF du Nord").department_id == "59"
        assert Organisation.objects.get(name="Akatij").department.region.name == "Guyane"
        assert Organisation.objects.get(acronym="La MIST").department is None

    def test_site_profile_has_the_seed_footer(self):
        profile = SiteProfile.load()

        assert profile.pk == 1
        assert profile.site_name == "PARÉ contre l'exploitation sexuelle des mineurs"
        assert profile.publisher_name == "Fondation Droit d'Enfance"
        assert "116000 Enfants Disparus" in profile.publisher_description
        assert (profile.contact_name, profile.contact_role) == (
            "Chloé Baudry",
            "Coordinatrice du projet PARÉ",
        )
        assert (profile.contact_email, profile.contact_phone) == (
            "chloe.baudry@droitdenfance.org",
            "07 61 88 58 70",
        )
        assert profile.address == "76 avenue Pierre Brossolette, 92240 Malakoff"
        assert profile.donation_email == "service.donateurs@droitdenfance.org"
        assert profile.donation_url == "https://www.droitdenfance.org"


def test_running_it_twice_changes_nothing(issue):
    before = snapshot()

    output = load_demo()

    assert snapshot() == before
    assert "la démo n'est pas chargée, rien n'est changé" in output


def test_rerun_keeps_what_staff_edited_reordered_or_deleted(issue):
    mulhouse = Event.objects.get(city="Mulhouse")
    mulhouse.title = "Projection revue par l'équipe"
    mulhouse.save()
    ecpat = Event.objects.get(organisers__slug="ecpat-france")
    ecpat.sessions.order_by("position").last().delete()
    first = issue.resource_items.order_by("position").first()
    first.delete()
    Initiative.objects.get(departments__code="973").departments.add("75")
    Event.objects.get(slug=ecpat.slug).issue_items.all().delete()

    load_demo()

    mulhouse.refresh_from_db()
    assert mulhouse.title == "Projection revue par l'équipe"
    assert ecpat.sessions.count() == 1
    assert issue.resource_items.count() == 6
    assert not ecpat.issue_items.exists()
    guyane = Initiative.objects.get(slug="guyane-sensibilisation-risque-prostitutionnel-akatij")
    assert set(guyane.departments.values_list("code", flat=True)) == {"973", "75"}


def test_a_database_with_content_of_its_own_gets_no_demo(db):
    make_organisation()

    load_demo()

    assert not Issue.objects.exists() and not Event.objects.exists()


def test_summary_is_one_line_in_french(db):
    output = load_demo()

    assert output.count("\n") == 1
    assert output.startswith("Démo chargée : 33 organisations, 9 événements, 11 initiatives, 7")
    assert "3e trimestre 2023" in output


@pytest.fixture
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_ensure_demo_admin_creates_a_superuser_with_a_fresh_password(db, settings, fast_hasher):
    settings.LOCAL = True
    out = StringIO()

    call_command("ensure_demo_admin", stdout=out)

    prefix = "Identifiant : admin — mot de passe : "
    assert out.getvalue().startswith(prefix)
    password = out.getvalue().removeprefix(prefix).strip()
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff and user.is_active
    assert user.check_password(password)
    assert len(password) >= 16


def test_ensure_demo_admin_keeps_the_password_it_printed(db, settings, fast_hasher):
    settings.LOCAL = True
    first, second = StringIO(), StringIO()

    call_command("ensure_demo_admin", stdout=first)
    call_command("ensure_demo_admin", stdout=second)

    assert get_user_model().objects.filter(username="admin").count() == 1
    password = first.getvalue().rsplit(" ", 1)[-1].strip()
    assert get_user_model().objects.get(username="admin").check_password(password)
    assert "mot de passe inchangé" in second.getvalue()
    assert "manage.py changepassword admin" in second.getvalue()
    assert password not in second.getvalue()


def test_ensure_demo_admin_refuses_outside_local(db, settings):
    settings.LOCAL = False

    with pytest.raises(CommandError, match="démo locale"):
        call_command("ensure_demo_admin", stdout=StringIO())

    assert not get_user_model().objects.filter(username="admin").exists()
