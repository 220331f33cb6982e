"""`manage.py observatory_refresh`: compute the slices marked stale (when figures are
refreshed in deferred mode, e.g. from cron after bulk loads)."""

from django.core.management.base import BaseCommand

from tremplin.observatory import maintenance


class Command(BaseCommand):
    help = "Recalcule les agrégats de l'observatoire devenus obsolètes."

    def handle(self, *args, **options):
        done = maintenance.refresh_stale()
        self.stdout.write(self.style.SUCCESS(f"{done} tranches structure × année recalculées."))
