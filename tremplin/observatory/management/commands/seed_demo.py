"""`manage.py seed_demo`: the demo network, its insertion paths, missions and the
observatory's figures. It lives in the highest app that seeds; later issues add their step
here and move it up."""

import datetime
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from tqdm import tqdm

from tremplin.network import demo
from tremplin.network.models import Commune, Structure
from tremplin.observatory import maintenance


class Command(BaseCommand):
    help = "Crée un réseau de démonstration déterministe (structures, équipes, comptes de démo)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--structures", type=int, default=60, help="nombre de structures (défaut 60)"
        )
        parser.add_argument("--seed", type=int, default=1, help="graine du hasard (défaut 1)")
        parser.add_argument(
            "--people-per-structure",
            type=_people_count,
            default=25,
            help="personnes en parcours par structure (défaut 25 ; « auto » : selon le type, "
            "environ 115 en moyenne comme dans le réseau ; 0 : aucune)",
        )
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="mode massif (PostgreSQL) : l'échelle du secteur, les heures chargées par COPY",
        )
        parser.add_argument(
            "--time-entries",
            type=int,
            default=30_000_000,
            help="mode massif : heures saisies de l'année passée à créer (défaut 30 millions)",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="ne rien faire si la base contient déjà des structures",
        )

    def handle(
        self, *args, structures, seed, if_empty, people_per_structure, verbosity, bulk, **options
    ):
        if bulk and connection.vendor != "postgresql":
            raise CommandError(
                "Le mode massif charge les heures avec COPY : il demande PostgreSQL "
                "(DATABASE_URL=postgres://…)."
            )
        if structures < 2:
            raise CommandError("Il faut au moins 2 structures pour la démonstration.")
        if if_empty and Structure.objects.exists():
            self.stdout.write("La base contient déjà un réseau : rien à faire.")
            self._print_accounts(verbosity)
            return
        started = time.perf_counter()
        if not Commune.objects.exists():
            call_command("load_territories", verbosity=verbosity)
        with (
            maintenance.deferred(),  # the figures are computed once, at the end
            transaction.atomic(),
            tqdm(
                total=structures, desc="Structures", unit=" structures", disable=verbosity < 1
            ) as bar,
        ):
            network = demo.seed_network(count=structures, seed=seed, progress=bar.update)
            demo.demo_accounts_create(network)
            people = self._seed_people(network, seed, people_per_structure, verbosity)
            missions = self._seed_missions(network, seed, verbosity) if people else {}
            if missions:
                self._seed_homecare(network, seed, missions)
            if people:
                self._seed_federation_services(network, seed, missions)
            if bulk:
                missions["time_entries"] = missions.get(
                    "time_entries", 0
                ) + self._copy_time_entries(network, seed, options["time_entries"], verbosity)
            figures = self._seed_figures(verbosity, recent=bulk)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(network.structures)} structures, {network.groups} groupes, "
                f"{len(network.users)} comptes d'équipe, {people.get('people', 0)} personnes en "
                f"parcours ({people.get('contracts', 0)} contrats), {missions.get('clients', 0)} "
                f"clients, {missions.get('assignments', 0)} affectations, "
                f"{missions.get('time_entries', 0)} heures saisies, {figures} agrégats de "
                f"l'observatoire créés en {elapsed:.1f} s."
            )
        )
        self._print_accounts(verbosity)

    def _seed_people(self, network, seed, per_structure, verbosity) -> dict[str, int]:
        if per_structure == 0:
            return {}
        # Imported here: the people app builds on the network app, not the reverse.
        from tremplin.people.demo import seed_people

        total = len(network.structures)
        with tqdm(total=total, desc="Parcours", unit=" structures", disable=verbosity < 1) as bar:
            return seed_people(
                structures=network.structures,
                seed=seed,
                per_structure=per_structure,
                progress=bar.update,
            )

    def _seed_missions(self, network, seed, verbosity) -> dict[str, int]:
        from tremplin.missions.demo import seed_missions

        total = len(network.structures)
        with tqdm(total=total, desc="Missions", unit=" structures", disable=verbosity < 1) as bar:
            counts = seed_missions(structures=network.structures, seed=seed, progress=bar.update)
        # The demo employee's login shows a real person of its structure, with missions.
        from tremplin.missions.demo_employee import seed_demo_employee

        employee = seed_demo_employee(email=f"salarie@{demo.DEMO_DOMAIN}")
        counts["assignments"] = counts.get("assignments", 0) + employee.get("assignments", 0)
        return counts

    def _seed_homecare(self, network, seed, counts) -> None:
        # A year of home services on the first two active structures (the demo's logins).
        from tremplin.homecare.demo import seed_homecare

        homecare = seed_homecare(
            structures=network.structures, seed=seed, today=datetime.date.today()
        )
        for key, value in homecare.items():
            counts[key] = counts.get(key, 0) + value

    def _seed_federation_services(self, network, seed, counts) -> None:
        # The federation's training service and CEDRE certification (training, quality).
        from tremplin.quality.demo import seed_quality
        from tremplin.training.demo import seed_training

        today = datetime.date.today()
        for seeder in (seed_training, seed_quality):
            for key, value in seeder(structures=network.structures, seed=seed, today=today).items():
                counts[key] = counts.get(key, 0) + value

    def _copy_time_entries(self, network, seed, target, verbosity) -> int:
        from tremplin.observatory import bulk

        year = datetime.date.today().year - 1
        clients = bulk.clients_for(network.structures, seed)
        with tqdm(
            total=target,
            desc=f"Heures {year} (COPY)",
            unit=" saisies",
            unit_scale=True,
            disable=verbosity < 1,
        ) as bar:
            return bulk.copy_time_entries(
                year=year, target=target, clients=clients, seed=seed, progress=bar.update
            )

    def _seed_figures(self, verbosity, recent=False) -> int:
        if connection.vendor == "postgresql":
            # Statistics of the rows just loaded (in this transaction, which autovacuum
            # cannot see): without them the planner picks nested loops over whole tables.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        years = maintenance.years_with_operations()
        if recent:  # the sector's scale: the last complete year and this one
            years = [y for y in years if y >= datetime.date.today().year - 1]
        with tqdm(
            total=Structure.objects.count(),
            desc="Observatoire",
            unit=" structures",
            disable=verbosity < 1,
        ) as bar:
            return maintenance.rebuild(years=years, progress=bar.update)

    def _print_accounts(self, verbosity):
        if verbosity < 1:
            return
        self.stdout.write(f"\nComptes de démonstration (mot de passe : {demo.DEMO_PASSWORD}) :")
        for label, email, where in demo.demo_accounts_describe():
            self.stdout.write(f"  {label:<38} {email:<28} {where}")
        self.stdout.write(
            "\nLa direction, le délégué et l'équipe fédérale ont une double authentification :"
            f"\n  secret TOTP de démonstration {demo.demo_totp_secret()} (à ajouter dans une"
            " application d'authentification),"
            "\n  ou le code du moment : .venv/bin/python manage.py demo_totp_code"
        )


def _people_count(value: str) -> int | None:
    """A number of people per structure, or None for « auto » (a number per kind)."""
    if value == "auto":
        return None
    count = int(value)
    if count < 0:
        raise ValueError(value)
    return count
