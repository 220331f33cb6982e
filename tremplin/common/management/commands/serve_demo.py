"""`manage.py serve_demo [ADDR:PORT]`: the web server, a queue worker and the scheduler in
one command, for `make run`. Ctrl-C (or the end of any of the three) stops all three."""

import contextlib
import os
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
        # Ctrl-C and SIGTERM reach this process (even started where SIGINT was ignored);
        # each child runs in its own process group, stopped whole (runserver's reloader
        # has a child of its own).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        children = {
            name: subprocess.Popen(command, start_new_session=True)
            for name, command in commands.items()
        }
        try:
            while all(child.poll() is None for child in children.values()):
                time.sleep(0.5)
            stopped = next(name for name, child in children.items() if child.poll() is not None)
            self.stderr.write(f"« {stopped} » s'est arrêté : arrêt des autres processus.")
        except KeyboardInterrupt:
            self.stderr.write("Arrêt du serveur, du travailleur et du planificateur…")
        finally:
            for child in children.values():
                _signal_group(child, signal.SIGTERM)  # the worker finishes its job first
            deadline = time.monotonic() + 30
            for child in children.values():
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    _signal_group(child, signal.SIGKILL)
                    child.wait()
            for child in children.values():
                _signal_group(child, signal.SIGKILL)  # what may remain of the group


def _signal_group(child, signum) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group has ended already
        os.killpg(child.pid, signum)
