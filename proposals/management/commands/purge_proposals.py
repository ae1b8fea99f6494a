from django.core.management.base import BaseCommand

from proposals import housekeeping
from proposals.tasks import schedule_housekeeping


class Command(BaseCommand):
    help = (
        "Supprime les propositions jamais confirmées, efface les données personnelles des "
        "propositions décidées depuis PROPOSAL_RETENTION_DAYS jours, puis programme ce même "
        "passage chaque jour dans le worker."
    )

    def handle(self, *args, **options):
        report = housekeeping.run()
        schedule_housekeeping()
        self.stdout.write(
            "Propositions non confirmées supprimées : {deleted} ; données personnelles "
            "effacées : {erased} ; personnes prévenues d'une publication : {told}.".format(**report)
        )
