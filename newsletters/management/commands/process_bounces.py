"""Read the bounce mailbox over IMAP; act on each bounce and complaint (newsletters/bounces)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from newsletters import bounces, tasks


class Command(BaseCommand):
    help = _(
        "Lit la boîte des retours d'e-mails (IMAP) : un échec définitif suspend l'abonné, trois "
        "échecs temporaires en trente jours aussi, un signalement le désinscrit. Les messages "
        "compris sont supprimés de la boîte, les autres y restent et sont comptés. Programme "
        "ensuite ce même passage dans le worker, toutes les quinze minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule",
            action="store_true",
            help=_(
                "Programme seulement les passages dans le worker, sans lire la boîte maintenant "
                "(rien si la boîte n'est pas réglée)."
            ),
        )

    def handle(self, *args, schedule=False, **options):
        if schedule:
            if not settings.BOUNCE_IMAP_HOST:
                self.stdout.write(_("Aucune boîte de retours réglée : rien à programmer."))
            elif tasks.schedule_bounce_rounds():
                self.stdout.write(_("Passages dans la boîte des retours programmés."))
            else:
                self.stdout.write(_("Les passages dans la boîte des retours sont déjà programmés."))
            return
        try:
            report = tasks.bounce_round()
        except bounces.MailboxError as error:
            raise CommandError(str(error)) from error
        finally:
            tasks.schedule_bounce_rounds()
        if report is None:
            self.stdout.write(_("Un autre passage lit la boîte en ce moment : rien de fait."))
            return
        self.stdout.write(
            _(
                "%(handled)d retours traités, %(unknown)d messages non compris laissés dans "
                "la boîte."
            )
            % report
        )
