"""Daily: what needs doing in every structure (the same list as the home page), printed
for now; e-mailed to each structure's team once the mailer exists."""

import datetime

from django.core.management.base import BaseCommand

from tremplin.accounts.models import StructureMembership, StructureRole
from tremplin.people.selectors import work_list


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
        # One director per structure reads the list as the structure's own staff would.
        directors = (
            StructureMembership.objects.filter(role=StructureRole.DIRECTOR, user__is_active=True)
            .select_related("user", "structure")
            .order_by("structure__name", "pk")
        )
        seen, structures, items = set(), 0, 0
        for membership in directors:
            if membership.structure_id in seen:
                continue
            seen.add(membership.structure_id)
            work = work_list(
                actor=membership.user, structure_id=membership.structure_id, today=date
            )
            structures += 1
            items += work.total
            if work.total:
                counts = ", ".join(
                    f"{label} : {len(rows)}" for _key, label, rows in work.sections() if rows
                )
                self.stdout.write(f"{membership.structure.name} — {counts}")
        self.stdout.write(self.style.SUCCESS(f"{structures} structures, {items} points à traiter."))
