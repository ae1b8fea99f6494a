import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Démo locale seulement : crée le superutilisateur « admin » avec un mot de passe "
        "aléatoire, affiché une fois ; s'il existe, le laisse tel quel."
    )

    def handle(self, *args, **options):
        if not settings.LOCAL:
            raise CommandError(
                _(
                    "Cette commande ne sert qu'à la démo locale : elle refuse de s'exécuter "
                    "quand LOCAL n'est pas activé."
                )
            )
        user_model = get_user_model()
        lookup = {user_model.USERNAME_FIELD: USERNAME}
        if user_model.objects.filter(**lookup).exists():
            self.stdout.write(
                _(
                    "Identifiant : %(username)s — mot de passe inchangé (pour en choisir un "
                    "nouveau : .venv/bin/python manage.py changepassword %(username)s)"
                )
                % {"username": USERNAME}
            )
            return
        password = secrets.token_urlsafe(16)
        user_model.objects.create_superuser(**lookup, password=password)
        self.stdout.write(
            _("Identifiant : %(username)s — mot de passe : %(password)s")
            % {"username": USERNAME, "password": password}
        )
