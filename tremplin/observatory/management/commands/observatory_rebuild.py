"""`manage.py observatory_rebuild`: every structure's figures computed again from the
operations, with a progress bar (the figures are otherwise kept fresh as operations
change)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from tremplin.network.models import Structure
from tremplin.observatory import maintenance


class Command(BaseCommand):
    help = "Recalcule tous les agrégats de l'observatoire à partir des opérations."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            help="année à recalculer (répétable ; défaut : toutes)",
        )

    def handle(self, *args, year, verbosity, **options):
        years = year or maintenance.years_with_operations()
        with tqdm(
            total=Structure.objects.count(),
            desc=f"Observatoire {min(years, default='')}–{max(years, default='')}",
            unit=" structures",
            disable=verbosity < 1,
        ) as bar:
            rows = maintenance.rebuild(years=years, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"{rows} agrégats calculés pour {len(years)} années."))
