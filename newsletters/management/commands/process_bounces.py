"""Read the bounce mailbox over IMAP; act on each bounce and complaint (newsletters/bounces)."""

import imaplib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from newsletters import bounces


def connect():
    if not settings.BOUNCE_IMAP_HOST:
        raise CommandError(_("BOUNCE_IMAP_HOST n'est pas réglé : aucune boîte de retours à lire."))
    imap_class = imaplib.IMAP4_SSL if settings.BOUNCE_IMAP_SSL else imaplib.IMAP4
    try:
        imap = imap_class(settings.BOUNCE_IMAP_HOST, settings.BOUNCE_IMAP_PORT, timeout=30)
        imap.login(settings.BOUNCE_IMAP_USER, settings.BOUNCE_IMAP_PASSWORD)
    except (OSError, imaplib.IMAP4.error) as error:
        raise CommandError(
            _("Boîte de retours injoignable : %(error)s") % {"error": error}
        ) from error
    return imap


class Command(BaseCommand):
    help = _(
        "Lit la boîte des retours d'e-mails (IMAP) : un échec définitif suspend l'abonné, trois "
        "échecs temporaires en trente jours aussi, un signalement le désinscrit. Les messages "
        "compris sont supprimés de la boîte, les autres y restent et sont comptés."
    )

    def handle(self, *args, **options):
        imap = connect()
        handled = unknown = 0
        try:
            imap.select(settings.BOUNCE_IMAP_FOLDER)
            _status, data = imap.uid("SEARCH", None, "ALL")
            for uid in data[0].split():
                _status, fetched = imap.uid("FETCH", uid, "(BODY.PEEK[])")
                raw = next(item[1] for item in fetched if isinstance(item, tuple))
                if bounces.handle(raw):
                    imap.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
                    handled += 1
                else:
                    unknown += 1
            imap.expunge()
        finally:
            imap.logout()
        self.stdout.write(
            _(
                "%(handled)d retours traités, %(unknown)d messages non compris laissés dans "
                "la boîte."
            )
            % {"handled": handled, "unknown": unknown}
        )
