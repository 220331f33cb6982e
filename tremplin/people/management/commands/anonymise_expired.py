"""Daily: tell the structures of the files whose retention period ends soon, anonymise those
whose period has ended (services/retention.py), delete the access log past its period."""

import datetime

from django.core.management.base import BaseCommand

from tremplin.people.services.retention import anonymise_expired


class Command(BaseCommand):
    help = (
        "Prévient les structures des dossiers en fin de durée de conservation, anonymise ceux "
        "dont la durée est passée et efface le journal des accès trop ancien."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="compter sans rien changer")
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="date de calcul (AAAA-MM-JJ), aujourd'hui par défaut",
        )

    def handle(self, *args, dry_run=False, date=None, **options):
        result = anonymise_expired(
            today=date,
            dry_run=dry_run,
            progress=lambda step: self.stdout.write(f"anonymisation {step}"),
        )
        prefix = "À faire (essai à blanc) : " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{result.notified} dossiers signalés, {result.anonymised} anonymisés, "
                f"{result.withdrawn} signalements retirés, {result.log_rows_deleted} lignes du "
                "journal des accès effacées."
            )
        )
