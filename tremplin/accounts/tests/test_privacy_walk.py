"""The tenancy test, down to fields: every classified route, in every format it answers
(HTML, JSON, CSV, XLSX, PDF), requested as every role on the users' own structure, where a
person's path carries one distinctive value per class of data (each app's
`tests/routes.py:mark`). A class the role may not see (accounts.privacy.ROLE_CLASSES) never
appears in the answer. A string that the page shows anyway (a label in a form, the rules
table) is not a leak: each route is asked first before the marks, and only what the marks
added counts. Routes come from the same classification as the tenancy test: a new route is
walked without being listed here."""

from __future__ import annotations

import dataclasses
import importlib
import io

import pytest
from django.apps import apps

from tremplin.common.tests.test_tenancy import ROLES, ROUTES, _request

# Who may see what does not depend on the day: `make test-days` leaves these out.
pytestmark = pytest.mark.walk

# Membership role of each test role (conftest.ROLES); None: no membership, no personal data.
MEMBERSHIP = {
    "director": "director",
    "conseiller": "conseiller",
    "planner": "planner",
    "accountant": "accountant",
    "employee": "employee",
    "household": "client",
}


def _markers(world) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("tremplin."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.routes")
        except ModuleNotFoundError:
            continue
        if hasattr(module, "mark"):
            for data_class, strings in module.mark(world).items():
                found.setdefault(data_class, set()).update(strings)
    return found


def body_text(response) -> str:
    """The text a user gets, whatever the format."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(raw))
        attachments = [
            data.decode("utf-8", "replace")
            for contents in reader.attachments.values()
            for data in contents
        ]
        return "\n".join([*(page.extract_text() or "" for page in reader.pages), *attachments])
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            " ".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return raw.decode("utf-8", "replace")


def forbidden_classes(role: str) -> set[str]:
    from tremplin.accounts.privacy import ALL_CLASSES, classes_of_role

    return {str(c) for c in ALL_CLASSES - classes_of_role(MEMBERSHIP.get(role))}


def _own(world):
    return dataclasses.replace(world, other=world.own, other_delegation=world.own_delegation)


def _ask(client, name, world, user) -> str:
    client.logout()
    response = _request(client, ROUTES[name], world, user, own=False)
    return body_text(response) if response.status_code == 200 else ""


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_no_role_reads_a_class_it_may_not_see(name, world, client, settings):
    settings.LANGUAGE_CODE = "fr"
    own = _own(world)
    # Directors and counsellors see every class: nothing to check for them.
    roles = [role for role in ROLES if forbidden_classes(role)]
    users = {role: world.user(role) for role in roles}
    before = {role: _ask(client, name, own, users[role]) for role in roles}
    markers = _markers(own)
    for role in roles:
        body = _ask(client, name, own, users[role])
        leaks = {
            f"{data_class}: {marker}"
            for data_class in forbidden_classes(role) & markers.keys()
            for marker in markers[data_class]
            if marker in body and marker not in before[role]
        }
        assert not leaks, f"{name} shows {role} what it may not see: {sorted(leaks)}"


# The walk would pass on pages that show nothing: the marks must reach whoever may see them.
SHOWN_TO_DIRECTOR = {
    "people:person_detail": {"notes", "disability", "detention", "refugee", "health"},
    "api:person-detail": {"nir", "benefits", "disability", "detention", "refugee"},
    "api:barrier-list": {"notes", "health"},
    "api:prolongation-request-list": {"notes", "disability"},
    "missions:payroll_export": {"nir"},
}


@pytest.mark.parametrize("name", sorted(SHOWN_TO_DIRECTOR))
def test_the_marks_reach_the_director(name, world, client, settings):
    settings.LANGUAGE_CODE = "fr"
    own = _own(world)
    markers = _markers(own)
    body = _ask(client, name, own, world.user("director"))
    for data_class in SHOWN_TO_DIRECTOR[name]:
        assert any(m in body for m in markers[data_class]), f"{name}: no {data_class} shown"
