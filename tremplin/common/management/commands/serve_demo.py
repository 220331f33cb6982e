"""`manage.py serve_demo [ADDR:PORT]`: the web server, a queue worker and the scheduler in
one command, for `make run`. Ctrl-C (or the end of any of the three) stops all three."""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Sert la démo : serveur web, travailleur de la file et planificateur ensemble."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        commands = {
            "web": [*manage, "runserver", addrport],
            "worker": [*manage, "db_worker", "--queue-name", "*", "--no-reload"],
            "scheduler": [*manage, "run_scheduler", "-v", "0"],
        }
        children = {name: subprocess.Popen(command) for name, command in commands.items()}
        try:
            while all(child.poll() is None for child in children.values()):
                time.sleep(0.5)
            stopped = next(name for name, child in children.items() if child.poll() is not None)
            self.stderr.write(f"« {stopped} » s'est arrêté : arrêt des autres processus.")
        except KeyboardInterrupt:
            pass  # the terminal sent SIGINT to the children too
        finally:
            for child in children.values():
                if child.poll() is None:
                    child.send_signal(signal.SIGINT)
            for child in children.values():
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
