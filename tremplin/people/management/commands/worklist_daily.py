"""What needs doing in every structure (the same list as the home page), printed; the queue
computes it every morning (tremplin.people.tasks.worklist_daily)."""

import datetime

from django.core.management.base import BaseCommand

from tremplin.people.services.daily import worklist_compute


class Command(BaseCommand):
    help = (
        "Calcule la liste « à faire » de chaque structure (PASS, contrats, diagnostics, freins…)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="date de calcul (AAAA-MM-JJ), aujourd'hui par défaut",
        )

    def handle(self, *args, date=None, **options):
        result = worklist_compute(today=date)
        items = 0
        for name, sections in result["lists"].items():
            items += sum(sections.values())
            counts = ", ".join(f"{label} : {n}" for label, n in sections.items())
            self.stdout.write(f"{name} — {counts}")
        self.stdout.write(
            self.style.SUCCESS(f"{result['structures']} structures, {items} points à traiter.")
        )
