from django.core.management.base import BaseCommand

from pare import backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base de données et les médias dans un dossier neuf (lisible par son "
        "seul propriétaire ; à conserver chiffré). « manage.py restore <dossier> » la restaure."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="un dossier vide ou qui n'existe pas encore")

    def handle(self, directory, **options):
        manifest = backup.backup(directory)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite dans {directory} : la base et {len(manifest['files'])} "
                "fichiers de médias."
            )
        )
