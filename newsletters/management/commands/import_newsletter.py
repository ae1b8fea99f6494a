from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from newsletters.importer import MAX_BYTES, ImportRefused, import_newsletter


class Command(BaseCommand):
    help = (
        "Importe des lettres passées (export texte ou page HTML de l'ancien site) : chaque "
        "fichier donne un numéro et ses contenus en brouillon, avec les points à vérifier."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FICHIER")

    def handle(self, *args, files, **options):
        refused = 0
        for name in files:
            path = Path(name)
            try:
                if not path.is_file():
                    raise ImportRefused(_("Fichier introuvable."))
                with path.open("rb") as file:
                    report = import_newsletter(file.read(MAX_BYTES + 1))
            except ImportRefused as error:
                refused += 1
                self.stderr.write(
                    _("%(file)s : refusé. %(reason)s") % {"file": name, "reason": error}
                )
                continue
            self.stdout.write(f"{name} :")
            for line in report.summary():
                self.stdout.write(f"  {line}")
            for entry, notes in report.notes:
                self.stdout.write(
                    "  "
                    + _("À vérifier, %(kind)s « %(entry)s » :")
                    % {"kind": entry._meta.verbose_name, "entry": entry}
                )
                for note in notes:
                    self.stdout.write(f"    - {note}")
        if refused:
            raise CommandError(
                _(
                    "%(refused)d fichier(s) sur %(total)d refusé(s) : rien n'a été importé de "
                    "ces fichiers-là."
                )
                % {"refused": refused, "total": len(files)}
            )
