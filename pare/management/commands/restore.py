from django.core.management.base import BaseCommand

from pare import backup


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde de « manage.py backup » dans une base vide (les migrations sont "
        "appliquées d'abord) et dans le stockage des médias, en vérifiant chaque fichier."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="le dossier écrit par « manage.py backup »")

    def handle(self, directory, **options):
        manifest = backup.restore(directory)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde du {manifest['created_at']} restaurée : la base et "
                f"{len(manifest['files'])} fichiers de médias."
            )
        )
