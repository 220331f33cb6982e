"""The one sensitive-data policy: the matrix and the declarations (the readers, encryption at
rest and the payroll permission: missions/tests/test_privacy.py, which may import the apps)."""

import pytest
from django.apps import apps

from tremplin.accounts.models import StructureRole
from tremplin.accounts.privacy import (
    ROLE_CLASSES,
    DataClass,
    declared_models,
    policy_for,
)

C = DataClass
ALL = set(DataClass)
SENSITIVE = {C.HEALTH, C.DISABILITY, C.DETENTION, C.BENEFITS, C.REFUGEE}
BASIC = {C.IDENTITY, C.CONTACT, C.WORK, C.PATH}
# The matrix of docs/architecture.md and ADR 0006, written out once more on purpose.
EXPECTED = {
    "director": ALL,
    "conseiller": ALL,
    "planner": BASIC | {C.SITUATION},
    "accountant": BASIC,
    "employee": BASIC,
    "household": {C.IDENTITY, C.WORK},
    "delegate": set(),
    "federation": set(),
    "auditor": set(),
    "anonymous": set(),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
@pytest.mark.parametrize("data_class", sorted(DataClass))
def test_matrix_role_by_class(role, data_class, world):
    policy = policy_for(world.user(role), world.own.pk)
    assert (data_class in policy.classes) == (data_class in EXPECTED[role])
    # Nobody sees anything of another structure's people.
    assert data_class not in policy_for(world.user(role), world.other.pk).classes


def test_no_role_but_director_and_counsellor_sees_nir_notes_or_sensitive():
    for role, classes in ROLE_CLASSES.items():
        if role not in (StructureRole.DIRECTOR, StructureRole.CONSEILLER):
            assert not classes & (SENSITIVE | {C.NIR, C.NOTES}), role


def _personal_models():
    """Our models holding a person's data: the person, and those pointing at a person or at
    one of those (diagnosis → criteria, barrier → changes…)."""
    person = apps.get_model("people", "Person")
    found = {person}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in found or not model.__module__.startswith("tremplin."):
                continue
            if model._meta.label_lower.split(".")[1].startswith("historical"):
                continue
            if any(
                f.is_relation and f.many_to_one and f.related_model in found
                for f in model._meta.concrete_fields
            ) and model._meta.label_lower not in {"people.accesslog"}:
                found.add(model)
                changed = True
    return found


# Rows about a person that show no field of theirs to anybody: logs and bookkeeping.
NOT_SHOWN = {"people.accesslog", "missions.requestslot", "missions.payrollnirexport"}


def test_every_personal_model_and_field_is_classified():
    declared = declared_models()
    missing = []
    for model in _personal_models():
        label = model._meta.label_lower
        if label in NOT_SHOWN or label in ("missions.invoiceline",):
            continue
        if label not in declared:
            missing.append(label)
            continue
        missing += [
            f"{label}.{f.name}"
            for f in model._meta.concrete_fields
            if f.name not in declared[label].fields
        ]
    assert not missing, f"Classify these in their app's privacy.py: {sorted(missing)}"
