"""Delete eligibility proofs past their retention date (24 months, rules table); the queue
runs it every night (tremplin.people.tasks.purge_proofs)."""

import datetime

from django.core.management.base import BaseCommand

from tremplin.people.services.daily import proofs_expired, proofs_purge


class Command(BaseCommand):
    help = "Supprime les justificatifs d'éligibilité dont la durée de conservation est passée."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="compter sans supprimer")

    def handle(self, *args, dry_run=False, **options):
        today = datetime.date.today()
        count = proofs_expired(today=today).count() if dry_run else proofs_purge(today=today)
        verb = "à supprimer" if dry_run else "supprimés"
        self.stdout.write(self.style.SUCCESS(f"{count} justificatifs {verb}."))
