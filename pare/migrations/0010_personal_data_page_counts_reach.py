"""The personal-data page says what the site counts for its reach, and that nothing identifies a
reader. Only a page still in its draft wording changes: what staff wrote stays.
"""

import importlib

from django.db import migrations

DRAFT = importlib.import_module("pare.migrations.0008_footer_pages_draft_wording").PERSONAL_DATA

VISITORS = """\
## Visiteurs du site

Le site n'utilise ni mesure d'audience, ni publicité, ni bouton de réseau social, ni aucun traceur."""

VISITORS_AND_REACH = """\
## Visiteurs du site

Le site n'utilise ni outil de mesure d'audience, ni publicité, ni bouton de réseau social, ni aucun traceur."""

REACH = """

## Ce que le site compte

Pour rendre compte de sa portée, le site tient, jour par jour, des totaux, et rien d'autre :

- les vues de la page de chaque numéro ;
- les ouvertures de la lettre par son lien « Afficher dans le navigateur » ;
- les téléchargements d'un événement pour un agenda (fichier .ics) ;
- les clics sur les liens de la lettre, comptés par numéro, par lien et par jour : ces liens passent par une adresse du site qui ajoute un au total du jour, puis redirige aussitôt.

Aucun cookie n'est déposé ni lu pour cela, aucune adresse IP ni aucun identifiant de lecteur n'est enregistré : un total ne dit rien de qui a lu ou cliqué. Les liens personnels de la lettre (préférences, désinscription) ne sont pas comptés, ni les robots, ni l'équipe connectée à l'administration. Un réglage du site arrête tout comptage ; les liens de la lettre redeviennent alors directs."""

DESTINATIONS = "\n\n## Destinataires"


def reworded(body):
    body = body.replace(VISITORS, VISITORS_AND_REACH)
    return body.replace(DESTINATIONS, REACH + DESTINATIONS, 1)


WORDING = reworded(DRAFT)


def say_what_is_counted(apps, schema_editor):
    Page = apps.get_model("pare", "Page")
    Page.objects.filter(kind="donnees-personnelles", body=DRAFT).update(body=WORDING)


def back_to_the_draft(apps, schema_editor):
    Page = apps.get_model("pare", "Page")
    Page.objects.filter(kind="donnees-personnelles", body=WORDING).update(body=DRAFT)


class Migration(migrations.Migration):
    dependencies = [
        ("pare", "0009_merge_constraint_messages"),
    ]

    operations = [migrations.RunPython(say_what_is_counted, back_to_the_draft)]
