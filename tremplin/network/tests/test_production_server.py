"""The production server: the real gunicorn, started with config/gunicorn.conf.py on a free
loopback port, serves pages from the test database (a file copy of it on SQLite)."""

import datetime
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tremplin.accounts import services as account_services
from tremplin.accounts.models import UserKind
from tremplin.conftest import PASSWORD, ensure_reference_data_after_flush, make_structure
from tremplin.network import services as network_services
from tremplin.network.models import MembershipStatus

BASE_DIR = Path(settings.BASE_DIR)
START_TIMEOUT = 120  # seconds: gunicorn imports Django and the whole project first


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(tmp_path) -> str:
    """The test database as a URL another process can open."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    # SQLite's test database lives in this process's memory: copy it to a file.
    connection.ensure_connection()
    copy = tmp_path / "copy.sqlite3"
    target = sqlite3.connect(copy)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{copy}"


def _wait_until_listening(process, port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn stopped (code {process.returncode}):\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not listen within {START_TIMEOUT} s:\n{log.read_text()}")


@pytest.fixture
def gunicorn_server(transactional_db, tmp_path):
    if os.name != "posix":
        pytest.skip("gunicorn runs on POSIX systems only")
    pytest.importorskip("gunicorn", reason="gunicorn is not installed (uv sync)")
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(tmp_path),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_listening(process, port, log)
        yield f"http://127.0.0.1:{port}", log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _get(url: str):
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.status, dict(response.headers), response.read().decode()


@pytest.fixture
def published_structure(transactional_db):
    ensure_reference_data_after_flush()
    federation = account_services.user_create(
        email="admin-fede@tremplin.test", kind=UserKind.FEDERATION, password=PASSWORD
    )
    structure = make_structure(actor=federation, name="AI du Rhône", siret="73282932000074")
    return network_services.membership_update(
        actor=federation,
        structure=structure,
        membership_status=MembershipStatus.ACTIVE,
        member_since=datetime.date(2024, 1, 1),
    )


def test_gunicorn_serves_pages_from_the_database(published_structure, gunicorn_server):
    base_url, log = gunicorn_server
    status, _, body = _get(f"{base_url}/annuaire/{published_structure.pk}/")
    assert status == 200 and "AI du Rhône" in body
    status, headers, body = _get(f"{base_url}/annuaire/?q=Dupont-secret")
    assert status == 200
    assert "Annuaire" in body
    assert "Content-Security-Policy" in headers
    status, _, body = _get(f"{base_url}/connexion/")
    assert status == 200 and "Mot de passe" in body
    # The access log names the path, never its query string (a name searched for).
    deadline = time.monotonic() + 10
    while "/annuaire/" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    text = log.read_text()
    assert '"GET /annuaire/ HTTP/1.1" 200' in text
    assert "Dupont-secret" not in text
