"""Delete eligibility proofs past their retention date (24 months, rules table)."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction

from tremplin.people.models import DiagnosisCriterion


class Command(BaseCommand):
    help = "Supprime les justificatifs d'éligibilité dont la durée de conservation est passée."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="compter sans supprimer")

    def handle(self, *args, dry_run=False, **options):
        expired = DiagnosisCriterion.objects.filter(
            proof_keep_until__lt=datetime.date.today()
        ).exclude(proof="")
        count = 0
        for criterion in expired.iterator():
            count += 1
            if dry_run:
                continue
            with transaction.atomic():
                criterion.proof.delete(save=False)
                criterion.proof, criterion.proof_keep_until = "", None
                criterion.save(update_fields=["proof", "proof_keep_until"])
        verb = "à supprimer" if dry_run else "supprimés"
        self.stdout.write(self.style.SUCCESS(f"{count} justificatifs {verb}."))
