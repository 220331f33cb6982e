"""Load one or more référentiels from their files (format: quality/referentials/README.md).
All the files or none: one error and nothing is saved."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tremplin.quality.services.referentials import referentials_load_files


class Command(BaseCommand):
    help = (
        "Charge des référentiels depuis leurs fichiers TOML (tous ou aucun) ; une version déjà "
        "chargée est refusée."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="fichiers .toml")

    def handle(self, *args, paths, **options):
        try:
            saved = referentials_load_files(paths)
        except ValidationError as exc:
            raise CommandError("\n".join(["Rien n'a été chargé :", *exc.messages])) from exc
        for referential in saved:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Chargé : {referential.title} (version {referential.version}), "
                    f"version en vigueur de « {referential.code} »."
                )
            )
