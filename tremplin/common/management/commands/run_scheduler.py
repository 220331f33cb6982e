"""`manage.py run_scheduler`: enqueue the scheduled jobs when their time comes (daily jobs
once a day, sweeps every few minutes). Any number of schedulers may run: each run is
enqueued once (a key per job and slot, tremplin.common.jobs.schedules_enqueue)."""

import time

from django.core.management.base import BaseCommand

from tremplin.common import jobs


class Command(BaseCommand):
    help = "Met dans la file les tâches planifiées (quotidiennes, périodiques) à leur heure."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="un seul passage, puis quitter")
        parser.add_argument(
            "--interval", type=float, default=30, help="secondes entre deux passages (30)"
        )

    def handle(self, *args, once=False, interval=30, verbosity=1, **options):
        names = ", ".join(sorted(jobs.schedules_discover()))
        if verbosity:
            self.stdout.write(f"Tâches planifiées : {names}")
        try:
            while True:
                for run in jobs.schedules_enqueue():
                    if verbosity:
                        self.stdout.write(f"En file : {run}")
                if once:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            return
