import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_french_catalogue_is_complete():
    with open(LOCALE / "fr" / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalogue = read_po(handle)
    missing = [
        m.id
        for m in catalogue
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert not missing, f"untranslated or fuzzy French entries: {missing}"


def test_french_is_the_default_whatever_the_browser_says(client, db):
    response = client.get(reverse("network:directory"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "fr"
    assert "Annuaire des structures" in response.content.decode()


def test_english_is_available_through_the_switcher(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/annuaire/"})
    assert response.status_code == 302
    response = client.get(reverse("network:directory"))
    assert response["Content-Language"] == "en"
    assert "Directory of insertion structures" in response.content.decode()


def test_french_catalogue_holds_every_string_of_the_code(tmp_path):
    """makemessages on a copy of the code: a string added without `make translations` would
    show in English to French users."""
    if not shutil.which("xgettext"):
        if os.environ.get("TREMPLIN_STRICT"):
            pytest.fail("GNU gettext (xgettext) is missing: apt-get install gettext")
        pytest.skip("GNU gettext (xgettext) is missing: apt-get install gettext")
    base = Path(settings.BASE_DIR)
    for name in ("tremplin", "config", "locale"):
        shutil.copytree(
            base / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo", "__pycache__")
        )
    shutil.copy(base / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )

    def ids(path):
        with open(path, "rb") as handle:
            return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}

    committed = ids(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
    current = ids(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.po")
    assert current <= committed, (
        f"strings missing from the catalogue (make translations): {sorted(current - committed)}"
    )
