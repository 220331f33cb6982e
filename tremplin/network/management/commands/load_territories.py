from django.core.management.base import BaseCommand
from tqdm import tqdm

from tremplin.network.services import territories_load


class Command(BaseCommand):
    help = "Charge les régions, départements et communes depuis le fichier livré avec Tremplin."

    def handle(self, *args, **options):
        with tqdm(desc="Communes", unit=" communes", disable=options["verbosity"] < 1) as bar:
            counts = territories_load(progress=bar.update)
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    "{regions} régions, {departements} départements, {communes} communes, "
                    "{postcodes} codes postaux chargés.".format(**counts)
                )
            )
