import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "Démo locale seulement : crée ou met à jour le superutilisateur « admin » avec un "
        "nouveau mot de passe aléatoire."
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
        user = user_model.objects.filter(**lookup).first() or user_model(**lookup)
        user.is_active = user.is_staff = user.is_superuser = True
        password = secrets.token_urlsafe(16)
        user.set_password(password)
        user.save()
        self.stdout.write(
            _("Identifiant : %(username)s — mot de passe : %(password)s")
            % {"username": USERNAME, "password": password}
        )
