"""The one sensitive-data policy applied: values that reveal a class, encryption at rest
(history tables included), the migration of clear rows, the payroll file's NIR permission.
Here because it needs people's and missions' models (apps depend downward only)."""

import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from tremplin.accounts import services
from tremplin.accounts.models import StructureMembership
from tremplin.accounts.privacy import CONFIDENTIAL, DataClass, policy_for
from tremplin.conftest import pinned_today

C = DataClass


def test_value_classes_hide_a_criterion_from_the_planner(world):
    from tremplin.people.models import Barrier, DiagnosisCriterion

    planner = policy_for(world.user("planner"), world.own.pk)
    director = policy_for(world.user("director"), world.own.pk)
    rqth = DiagnosisCriterion(criterion="l2_rqth")
    qpv = DiagnosisCriterion(criterion="l2_qpv")
    assert planner.display(rqth, "criterion") == str(CONFIDENTIAL)
    assert planner.display(qpv, "criterion") != str(CONFIDENTIAL)
    assert director.display(rqth, "criterion") != str(CONFIDENTIAL)
    assert planner.shows_value(Barrier, "category", "mobility")
    assert not planner.shows_value(Barrier, "category", "health")
    accountant = policy_for(world.user("accountant"), world.own.pk)
    assert accountant.display(qpv, "criterion") == ""  # not theirs to see at all


# --- Encryption at rest --------------------------------------------------------------------


def _raw(table, column, where_id, pk="id"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {pk} = %s", [where_id])
        return [str(row[0]) for row in cursor.fetchall()]


def _path_with_secrets(world):
    from tremplin.people.tests.routes import NOTE, mark, path

    mark(dataclass_replace(world))
    return path(dataclass_replace(world)), NOTE


def dataclass_replace(world):
    """The world as the walk sees it: 'other' is the users' own structure (made once)."""
    import dataclasses

    if "_own_world" not in world.__dict__:
        world.__dict__["_own_world"] = dataclasses.replace(
            world, other=world.own, other_delegation=world.own_delegation
        )
    return world.__dict__["_own_world"]


def test_sensitive_facts_and_notes_are_encrypted_at_rest(world):
    from tremplin.people.models import Person

    objects, note = _path_with_secrets(world)
    person = objects.person
    clear_values = {
        ("people_person", "rsa_since"): "1999-03-17",
        ("people_person", "aah_since"): "1998-04-13",
        ("people_person", "nir"): "180017512345660",
    }
    for (table, column), clear in clear_values.items():
        (stored,) = _raw(table, column, person.pk)
        assert clear not in stored and stored.startswith("gAAAA"), (table, column)
    (refugee,) = _raw("people_person", "refugee", person.pk)
    assert refugee.startswith("gAAAA")
    checks = [
        ("people_barrier", "category", objects.barrier.pk, "health"),
        ("people_barrier", "notes", objects.barrier.pk, note),
        ("people_exit", "notes", objects.exit.pk, note),
        ("people_commitmentcontract", "goals", objects.commitment.pk, note),
        ("people_prolongationrequest", "reason", objects.request.pk, "rqth"),
        ("people_prolongationrequest", "decision_note", objects.request.pk, note),
        ("people_contract", "extension_ground", objects.contract.pk, "rqth"),
    ]
    for table, column, pk, clear in checks:
        (stored,) = _raw(table, column, pk)
        assert clear not in stored and stored.startswith("gAAAA"), (table, column)
    for table, column in (
        ("people_diagnosiscriterion", "criterion"),
        ("people_barrierstatuschange", "note"),
        ("people_commitmentreview", "notes"),
        ("people_suspension", "reason"),
    ):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {column} FROM {table}")
            stored = [str(row[0]) for row in cursor.fetchall()]
        assert stored and all(s.startswith("gAAAA") for s in stored), (table, column)
    # django-simple-history copies the fields: its tables hold ciphertext too.
    Person.objects.get(pk=person.pk).save()  # one more historical row, with every field
    for table, column, pk, clear in (
        ("people_historicalperson", "aah_since", person.pk, "1998-04-13"),
        ("people_historicalperson", "refugee", person.pk, "True"),
        ("people_historicalexit", "notes", objects.exit.pk, note),
        ("people_historicalcontract", "extension_ground", objects.contract.pk, "rqth"),
    ):
        stored = _raw(table, column, pk)
        latest = [s for s in stored if s != "None"]
        assert latest and all(clear not in s and s.startswith("gAAAA") for s in latest), table
    # And the application reads them back.
    person.refresh_from_db()
    assert person.aah_since == datetime.date(1998, 4, 13) and person.refugee is True


def test_migration_encrypts_rows_written_in_clear(world):
    import importlib

    from tremplin.people.models import Barrier, Person

    migration = importlib.import_module(
        "tremplin.people.migrations.0007_encrypt_sensitive_facts_and_notes"
    )
    objects, _note = _path_with_secrets(world)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE people_person SET aah_since = %s, refugee = %s WHERE id = %s",
            ["2001-02-03", "true", objects.person.pk],
        )
        cursor.execute(
            "UPDATE people_barrier SET category = %s WHERE id = %s", ["justice", objects.barrier.pk]
        )

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.encrypt_rows(apps, editor)
    (stored,) = _raw("people_person", "aah_since", objects.person.pk)
    assert stored.startswith("gAAAA")
    person = Person.objects.get(pk=objects.person.pk)
    assert person.aah_since == datetime.date(2001, 2, 3) and person.refugee is True
    assert Barrier.objects.get(pk=objects.barrier.pk).category == "justice"


# --- The payroll file and the NIR ------------------------------------------------------------


def _payroll(client, world):
    from tremplin.missions.tests.routes import MISSION_NIR, mark

    mark(dataclass_replace(world))
    month = pinned_today().replace(day=1)
    response = client.get(reverse("missions:payroll_export"), {"month": f"{month:%Y-%m}"})
    assert response.status_code == 200
    return response.content.decode("utf-8-sig"), MISSION_NIR


def test_payroll_without_the_permission_has_no_nir(world, client):
    from tremplin.missions.models import PayrollNirExport

    client.force_login(world.user("accountant"))
    body, nir = _payroll(client, world)
    assert "Zorglubienne" in body and nir not in body and "nir" not in body.splitlines()[0]
    assert not PayrollNirExport.objects.exists()


def test_director_gives_the_permission_then_each_file_is_logged(world, client):
    from tremplin.missions.models import PayrollNirExport

    accountant = world.user("accountant")
    membership = StructureMembership.objects.get(user=accountant, structure=world.own)
    url = reverse("accounts:membership_payroll_nir", args=[membership.pk])
    client.force_login(world.user("planner"))
    assert client.post(url, {"allowed": "1"}).status_code == 403
    client.force_login(world.user("director"))
    assert client.post(url, {"allowed": "1"}).status_code == 302
    membership.refresh_from_db()
    assert membership.payroll_nir is True
    client.force_login(accountant)
    body, nir = _payroll(client, world)
    assert nir in body and body.splitlines()[0].split(";")[3] == "nir_ou_ntt"
    log = PayrollNirExport.objects.get()
    assert (log.user, log.structure, log.people) == (accountant, world.own, 1)
    # The person page still hides it from the accountant: the permission is the payroll's.
    assert not policy_for(accountant, world.own.pk).sees(C.NIR)


def test_only_an_accountant_membership_takes_the_permission(world):
    from django.core.exceptions import ValidationError

    planner = StructureMembership.objects.get(user=world.user("planner"), structure=world.own)
    with pytest.raises(ValidationError):
        services.membership_payroll_nir_set(
            actor=world.user("director"), membership=planner, allowed=True
        )
    planner.refresh_from_db()
    assert planner.payroll_nir is False
