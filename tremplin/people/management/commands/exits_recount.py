"""`manage.py exits_recount`: derive every exit's counted flag again from the contracts
and validated hours as they are now (once after upgrading: exits recorded before the
flag followed later hours; idempotent, an exit that did not change is not written)."""

from django.core.management.base import BaseCommand

from tremplin.people.models import Exit
from tremplin.people.services.exits import exits_recount


class Command(BaseCommand):
    help = "Recalcule la prise en compte (sortie comptabilisée) de toutes les sorties."

    def handle(self, *args, **options):
        people = Exit.objects.values_list("person_id", flat=True).distinct()
        changed = exits_recount(person_ids=list(people))
        self.stdout.write(f"{changed} sorties recalculées.")
