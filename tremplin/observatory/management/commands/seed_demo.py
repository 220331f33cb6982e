"""`manage.py seed_demo`: the demo network, its insertion paths, missions and the
observatory's figures. It lives in the highest app that seeds; later issues add their step
here and move it up."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
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
            "--if-empty",
            action="store_true",
            help="ne rien faire si la base contient déjà des structures",
        )

    def handle(self, *args, structures, seed, if_empty, people_per_structure, verbosity, **options):
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
            figures = self._seed_figures(verbosity)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(network.structures)} structures, {network.groups} groupes, "
                f"{len(network.users)} comptes d'équipe, {people.get('people', 0)} personnes en "
                f"parcours ({people.get('contracts', 0)} contrats), {missions.get('clients', 0)} "
                f"clients, {missions.get('assignments', 0)} affectations, {figures} agrégats de "
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
            return seed_missions(structures=network.structures, seed=seed, progress=bar.update)

    def _seed_figures(self, verbosity) -> int:
        years = maintenance.years_with_operations()
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


def _people_count(value: str) -> int | None:
    """A number of people per structure, or None for « auto » (a number per kind)."""
    if value == "auto":
        return None
    count = int(value)
    if count < 0:
        raise ValueError(value)
    return count
