"""Importing exports other than the seed, bad input, and importing again."""

import datetime
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from events.models import Event
from newsletters.importer import MAX_BYTES, ImportRefused, import_newsletter
from newsletters.models import Issue
from pare.models import Status
from tests.factories import make_event
from tests.newsletters.test_demo import snapshot

ROOT = Path(__file__).resolve().parents[2]
SEED = Path(__file__).parent / "exports" / "newsletter-2023-t3.txt"

# Another quarter, other date and time forms, overseas and multi-department headings, a region,
# a heading/practical-line contradiction, an unknown town, no « RESSOURCES » section.
WINTER = """\
Lettre PARÉ : 1er trimestre 2024

Les nouvelles du trimestre, avec l'agenda des rencontres à venir.

AGENDA

ACTUALITÉS

RESSOURCES

AGENDA

Rencontres et formations

Le 5 février : Webinaire sur le repérage en ligne

Infos pratiques :
📅 Lundi 5 février 2024
🕘 de 9h à 12h
📍 En ligne sur Zoom
💳 Gratuit

Participer

Du 28 mars au 2 avril : Formation longue des éducateurs à Saint-Denis

Une formation de six jours.
📅 Du 28 mars au 2 avril 2024
🕘 9 h 30 - 17 h
📍 Maison des associations à Saint-Denis
💳 Tarif : 50€ par personne.

S'inscrire

12 mars : Ciné-débat autour d'un documentaire à Lyon

📅 Mardi 19 mars 2024
📍 Cinéma Comœdia à Lyon

14/03/2024 : Conférence nationale à Marseille

📍 Palais du Pharo, 58 boulevard Charles Livon à Marseille

Pour s'inscrire, écrire à inscription@exemple.org avant le 1er mars.

S'inscrire

15 et 16 janvier : Rencontre régionale à Atlantis

📅 Mercredi 15 et jeudi 16 janvier 2024
📍 Salle polyvalente à Atlantis

ACTUALITÉS DU RÉSEAU

Guadeloupe et Martinique : Un réseau antillais de prévention

Deux associations lancent un réseau. Contact : 05 90 12 34 56 ou antilles@exemple.org.

👻 reseauantilles

En savoir plus

La Réunion : Une permanence au lycée

Une permanence chaque semaine.

Bretagne : Un plan régional

Le plan couvre toute la région.

Association Koutcha : Deux ans d'accueil

Le centre fête ses deux ans.
"""

AUTUMN_PAGE = """\
<!DOCTYPE html>
<html lang="fr">
<head><title>Newsletter 4ème trimestre 2024</title><style>h3 { color: red }</style></head>
<body>
<h1>NEWSLETTER PARÉ</h1>
<p>4ème trimestre 2024</p>
<p>L'introduction&nbsp;du numéro.</p>
<script>document.write("AGENDA");</script>
<h2>AGENDA</h2>
<p>Rencontres, colloques</p>
<h3>3 décembre : Colloque sur la prévention à Nantes</h3>
<p>Un colloque <strong>régional</strong>.</p>
<img src="affiche.png" alt="">
<p>Infos pratiques :</p>
<ul><li>📅 Mardi 3 décembre 2024</li><li>🕘 9h-17h</li><li>📍 Cité des congrès à Nantes</li></ul>
<p><a class="button" href="https://example.org/inscription">S'inscrire</a></p>
<h2>RESSOURCES</h2>
<h3>Podcast : « Écouter les jeunes »</h3>
<p>Résumé : « Une série d'entretiens. »</p>
<p><a href="mailto:podcast@example.org">Écrire à l'équipe</a></p>
<footer><p>Contact</p><p>Afficher dans le navigateur | <a href="#">Se désinscrire</a></p></footer>
</body>
</html>
"""


def entries(issue, related_name):
    return [item.entry for item in getattr(issue, related_name).order_by("position")]


@pytest.fixture
def winter(db):
    report = import_newsletter(WINTER.encode())
    return report, entries(report.issue, "event_items"), entries(report.issue, "initiative_items")


def test_another_quarter_is_read_from_its_title(winter):
    report, _events, _initiatives = winter
    assert (report.issue.year, report.issue.quarter) == (2024, 1)
    assert report.issue.introduction == (
        "Les nouvelles du trimestre, avec l'agenda des rencontres à venir."
    )
    assert report.missing_sections == ["Ressources"]
    assert "Rubrique absente de l'export : Ressources." in report.summary()


def test_other_date_time_place_and_cost_forms(winter):
    webinar, training, _screening, conference, _meeting = winter[1]

    assert (webinar.first_day, webinar.start_time, webinar.end_time) == (
        datetime.date(2024, 2, 5),
        datetime.time(9),
        datetime.time(12),
    )
    assert (webinar.is_online, webinar.online_details, webinar.is_free) == (True, "sur Zoom", True)
    assert (training.first_day, training.last_day) == (
        datetime.date(2024, 3, 28),
        datetime.date(2024, 4, 2),
    )
    assert (training.start_time, training.end_time) == (datetime.time(9, 30), datetime.time(17))
    assert (training.price, training.is_free, training.kind) == (
        "50 € par personne",
        False,
        "formation",
    )
    assert (conference.first_day, conference.kind) == (datetime.date(2024, 3, 14), "conference")
    assert (conference.venue, conference.address, conference.city, conference.department_id) == (
        "Palais du Pharo",
        "58 boulevard Charles Livon",
        "Marseille",
        "13",
    )
    assert (conference.cta_label, conference.cta_email) == ("S'inscrire", "inscription@exemple.org")


def test_a_heading_that_contradicts_its_practical_line_keeps_the_heading_and_says_so(winter):
    screening = winter[1][2]
    assert screening.first_day == datetime.date(2024, 3, 12)
    assert "12 mars 2024" in screening.review_notes
    assert "Mardi 19 mars 2024" in screening.review_notes
    assert (screening.kind, screening.city, screening.department_id) == (
        "projection-debat",
        "Lyon",
        "69",
    )


def test_what_the_communes_cannot_settle_is_a_note_not_a_guess(winter):
    training, meeting = winter[1][1], winter[1][4]
    assert training.department is None
    assert "Plusieurs communes s'appellent « Saint-Denis »" in training.review_notes
    assert (meeting.city, meeting.department) == ("Atlantis", None)
    assert "« Atlantis » n'est pas une commune connue" in meeting.review_notes


def test_a_weekday_that_does_not_match_its_date_is_a_note(winter):
    meeting = winter[1][4]
    assert (meeting.first_day, meeting.last_day) == (
        datetime.date(2024, 1, 15),
        datetime.date(2024, 1, 16),
    )
    assert "le jour de la semaine ne correspond pas" in meeting.review_notes


def test_overseas_multi_department_regional_and_national_headings(winter):
    antilles, reunion, brittany, koutcha = winter[2]

    assert sorted(antilles.departments.values_list("code", flat=True)) == ["971", "972"]
    assert (antilles.phone, antilles.email) == ("05 90 12 34 56", "antilles@exemple.org")
    assert (antilles.social_network, antilles.social_account) == ("Snapchat", "reseauantilles")
    assert "« En savoir plus » a perdu son lien" in antilles.review_notes
    assert list(reunion.departments.values_list("code", flat=True)) == ["974"]
    assert reunion.title == "Une permanence au lycée"
    assert not brittany.departments.exists()
    assert "« Bretagne » : départements non reconnus" in brittany.review_notes
    assert not koutcha.departments.exists()
    assert koutcha.title == "Association Koutcha : Deux ans d'accueil"
    assert [o.name for o in koutcha.organisations.all()] == ["Association Koutcha"]
    assert koutcha.organisations.get().status == Status.DRAFT


@pytest.mark.django_db
def test_the_html_page_of_an_issue_is_read_with_its_links():
    report = import_newsletter(AUTUMN_PAGE.encode())

    assert (report.issue.year, report.issue.quarter) == (2024, 4)
    assert report.issue.introduction == "L'introduction du numéro."
    assert report.missing_sections == ["Actualités du réseau"]
    [event] = entries(report.issue, "event_items")
    assert event.title == "Colloque sur la prévention à Nantes"
    assert (event.first_day, event.start_time, event.end_time) == (
        datetime.date(2024, 12, 3),
        datetime.time(9),
        datetime.time(17),
    )
    assert (event.venue, event.city, event.department_id) == ("Cité des congrès", "Nantes", "44")
    assert (event.cta_label, event.cta_url) == ("S'inscrire", "https://example.org/inscription")
    assert event.text == "Un colloque régional."
    assert "perdu son lien" not in event.review_notes
    assert "image retirée" in event.review_notes
    [resource] = entries(report.issue, "resource_items")
    assert (resource.kind, resource.title, resource.summary) == (
        "podcast",
        "« Écouter les jeunes »",
        "Une série d'entretiens.",
    )
    assert (resource.cta_label, resource.cta_email) == ("Écrire à l'équipe", "podcast@example.org")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"  \n\n ", "Le fichier est vide."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "n'est pas un texte lisible"),
        ("Lettre du 3ème trimestre 2023 : été".encode("latin-1"), "n'est pas un texte lisible"),
        (b"Bonjour,\nvoici le compte rendu de la reunion.\n", "n'est pas l'export d'une lettre"),
        (SEED.read_bytes() + b" " * MAX_BYTES, "dépasse 2 Mo"),
    ],
    ids=["empty", "blank", "binary", "not-utf8", "not-an-export", "too-big"],
)
def test_bad_input_is_refused_in_french_and_stores_nothing(data, message):
    before = snapshot()

    with pytest.raises(ImportRefused, match=message):
        import_newsletter(data)

    assert snapshot() == before


def test_a_quarter_already_published_is_refused_and_nothing_changes(demo_issue):
    before = snapshot()

    with pytest.raises(ImportRefused, match="3e trimestre 2023 est déjà publié"):
        import_newsletter(SEED.read_bytes())

    assert snapshot() == before


@pytest.mark.django_db
def test_a_failure_halfway_undoes_the_whole_import():
    broken = WINTER.replace("👻 reseauantilles", "👻 " + "x" * 150)
    before = snapshot()

    with pytest.raises(ImportRefused, match="ne peut pas être enregistré"):
        import_newsletter(broken.encode())

    assert snapshot() == before


@pytest.mark.django_db
def test_importing_again_creates_nothing_and_reports_what_it_matched():
    import_newsletter(SEED.read_bytes())
    before = snapshot()

    report = import_newsletter(SEED.read_bytes())

    assert snapshot() == before
    assert report.created == {}
    assert report.matched == {"numéros": 1, "événements": 9, "initiatives": 11, "ressources": 7}
    assert "Rien de nouveau : tout était déjà importé." in report.summary()


@pytest.mark.django_db
def test_an_import_never_changes_a_published_entry_it_meets():
    published = make_event(
        title="Webinaire sur le repérage en ligne",
        first_day=datetime.date(2024, 2, 5),
        venue="Ailleurs",
    )
    stored = Event.objects.filter(pk=published.pk).values().get()

    report = import_newsletter(WINTER.encode())

    assert Event.objects.filter(pk=published.pk).values().get() == stored
    assert entries(report.issue, "event_items")[0] == published
    assert report.matched["événements"] == 1


def test_the_command_imports_files_and_prints_the_report(db, tmp_path):
    export = tmp_path / "hiver.txt"
    export.write_text(WINTER, encoding="utf-8")
    out = StringIO()

    call_command("import_newsletter", str(export), stdout=out)

    assert "Numéro créé en brouillon : Lettre PARÉ du 1er trimestre 2024." in out.getvalue()
    assert "À vérifier, événement « Rencontre régionale à Atlantis » :" in out.getvalue()
    assert Issue.objects.get().status == Status.DRAFT


def test_the_command_refuses_a_bad_file_and_still_imports_the_good_one(db, tmp_path):
    export, bad = tmp_path / "hiver.txt", tmp_path / "image.png"
    export.write_text(WINTER, encoding="utf-8")
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    err = StringIO()

    with pytest.raises(CommandError, match="1 fichier\\(s\\) sur 2 refusé"):
        call_command("import_newsletter", str(bad), str(export), stdout=StringIO(), stderr=err)

    assert "image.png : refusé. Ce fichier n'est pas un texte lisible" in err.getvalue()
    assert Issue.objects.filter(year=2024, quarter=1).exists()


def test_the_command_reads_no_more_than_the_limit(db, tmp_path):
    big = tmp_path / "gros.txt"
    big.write_bytes(SEED.read_bytes() + b" " * MAX_BYTES)

    with pytest.raises(CommandError):
        call_command("import_newsletter", str(big), stdout=StringIO(), stderr=StringIO())

    assert not Issue.objects.exists()


def test_two_processes_importing_the_same_file_at_once_store_it_once(tmp_path):
    """Real processes on one SQLite file: one imports, the other matches it or is told to retry."""
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=environment, check=True, timeout=300)
    runs = [
        subprocess.Popen(
            [*manage, "import_newsletter", str(SEED)],
            env={**environment, "PYTHONHASHSEED": str(seed)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in (1, 2)
    ]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    count = subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from events.models import Event; from newsletters.models import Issue; "
            "from pare.models import Organisation; "
            "print(Issue.objects.count(), Event.objects.count(), Organisation.objects.count())",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )

    assert count.stdout.splitlines()[-1].split() == ["1", "9", "4"]
    for status, _out, err in results:
        assert "Traceback" not in err
        assert status == 0 or "réessayez" in err
    assert any(status == 0 and "Numéro créé en brouillon" in out for status, out, _ in results)
