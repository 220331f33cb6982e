from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tremplin.accounts.models import User
from tremplin.network.models import Structure
from tremplin.people.imports import people_import

STAGES = {"validate": "Vérification", "save": "Enregistrement"}
SHOWN_ERRORS = 500


class Command(BaseCommand):
    help = (
        "Importe des personnes depuis un fichier CSV ou XLSX dans une structure : tout ou "
        "rien ; les lignes en erreur sont listées avec leur numéro. Format : voir "
        "tremplin/people/imports/__init__.py et tremplin/people/data/import_exemple.csv."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier .csv ou .xlsx")
        parser.add_argument("--structure", required=True, help="SIRET de la structure")
        parser.add_argument(
            "--as", dest="as_email", required=True, help="e-mail de l'utilisateur qui importe"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="vérifie tout sans rien enregistrer"
        )

    def handle(self, *args, file, structure, as_email, dry_run, **options):
        siret = "".join(structure.split())
        try:
            target = Structure.objects.get(siret=siret)
        except Structure.DoesNotExist as exc:
            raise CommandError(f"Aucune structure n'a le SIRET {siret}.") from exc
        try:
            actor = User.objects.get(email__iexact=as_email.strip(), is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"Aucun compte actif n'a l'adresse {as_email}.") from exc

        quiet = options["verbosity"] < 1
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int, total: int) -> None:
            bar = bars.get(stage)
            if bar is None:
                for other in bars.values():
                    other.close()
                bar = bars[stage] = tqdm(
                    desc=STAGES.get(stage, stage), total=total, unit=" lignes", disable=quiet
                )
            bar.total = max(total, done)
            bar.update(done - bar.n)

        try:
            with open(file, "rb") as source:
                result = people_import(
                    actor=actor, structure=target, source=source, dry_run=dry_run, progress=progress
                )
        except OSError as exc:
            raise CommandError(f"Impossible de lire {file} : {exc.strerror}.") from exc
        except PermissionDenied as exc:
            raise CommandError(
                f"{actor.email} ne peut pas importer de personnes dans {target.name} "
                "(réservé à la direction et aux conseillers de la structure)."
            ) from exc
        finally:
            for bar in bars.values():
                bar.close()

        if result.errors:
            for line, column, message in result.errors[:SHOWN_ERRORS]:
                where = f"ligne {line}" + (f", colonne {column}" if column else "")
                self.stderr.write(f"{where} : {message}")
            if len(result.errors) > SHOWN_ERRORS:
                self.stderr.write(f"… et {len(result.errors) - SHOWN_ERRORS} autres erreurs.")
            raise CommandError(
                f"{len(result.errors)} erreur(s) sur {result.rows} ligne(s) : rien n'a été "
                "importé. Corrigez le fichier et relancez."
            )
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Vérification : les {result.rows} ligne(s) sont correctes ; rien n'a été "
                    "enregistré (--dry-run)."
                )
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(f"{result.created} personne(s) importée(s) dans {target.name}.")
            )
