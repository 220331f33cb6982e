"""The one sensitive-data policy: classes of personal data, and which role sees which.

Every personal field is declared once in its app's `privacy.py` (`declare(Model, {...})`)
with the class of data it holds; fields whose *value* reveals a sensitive fact (an
eligibility criterion « RQTH », a prolongation reason, a barrier « Santé »…) also declare
the class of each such value. Every reader — pages, step partials, API serializers,
CSV/XLSX exports, PDFs, the payroll file — asks this module, through `policy_for`:

    policy = policy_for(actor, structure_id)
    policy.shows(Person, "rqth")              # may the actor see this field?
    policy.value(barrier, "category")          # the value, or None when it must not show
    policy.display(barrier, "category")        # its label, or « confidentiel »

The matrix (ROLE_CLASSES) is written in docs/architecture.md and ADR 0006. An
undeclared field of a declared model is refused to everybody (fail closed)."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import StructureRole
from .tenancy import scope_of


class DataClass(enum.StrEnum):
    IDENTITY = "identity"  # names, sex, birth date and place
    CONTACT = "contact"  # address, e-mail, phone
    NIR = "nir"  # social security number, NTT
    WORK = "work"  # skills, missions, hours, contracts' hours
    PATH = "path"  # PASS IAE, contracts, diagnoses' dates, exits, referent
    SITUATION = "situation"  # education, job seeking, housing, mobility, French level
    HEALTH = "health"  # GDPR art. 9
    DISABILITY = "disability"  # RQTH, AAH (art. 9)
    DETENTION = "detention"  # offences and convictions (art. 10)
    BENEFITS = "benefits"  # minimum social benefits (RSA, ASS, AAH)
    REFUGEE = "refugee"  # refugee or asylum seeker
    NOTES = "notes"  # free text: interviews, reviews, barriers, exits, decisions


SENSITIVE = frozenset(
    {
        DataClass.HEALTH,
        DataClass.DISABILITY,
        DataClass.DETENTION,
        DataClass.BENEFITS,
        DataClass.REFUGEE,
    }
)
ALL_CLASSES = frozenset(DataClass)
BASIC = frozenset({DataClass.IDENTITY, DataClass.CONTACT, DataClass.WORK, DataClass.PATH})

# Which membership role sees which classes of the people of its structure. Users without a
# membership there (delegates, federation staff, auditors) see no personal data at all.
ROLE_CLASSES: dict[str, frozenset[DataClass]] = {
    StructureRole.DIRECTOR: ALL_CLASSES,
    StructureRole.CONSEILLER: ALL_CLASSES,
    # Plans missions: who, where, which skills, mobility and French level; nothing sensitive.
    StructureRole.PLANNER: BASIC | {DataClass.SITUATION},
    # Pays and invoices; the NIR only in the payroll file, with the membership's permission.
    StructureRole.ACCOUNTANT: BASIC,
    # Their own file only (tenancy's self filter): what the personal space shows.
    StructureRole.EMPLOYEE: BASIC,
    # A household sees who came to their home and for how long, nothing else.
    StructureRole.CLIENT: frozenset({DataClass.IDENTITY, DataClass.WORK}),
}

CONFIDENTIAL = _("confidential")


@dataclass(frozen=True)
class _Declaration:
    fields: dict[str, frozenset[DataClass]]
    # field -> value -> the extra classes that value reveals
    values: dict[str, dict[str, frozenset[DataClass]]]


_REGISTRY: dict[str, _Declaration] = {}


def _classes(spec) -> frozenset[DataClass]:
    return frozenset({spec}) if isinstance(spec, DataClass) else frozenset(spec)


def declare(model, fields: dict, values: dict | None = None) -> None:
    """Declare the class of every personal field of `model` (and of revealing values)."""
    label = model._meta.label_lower
    _REGISTRY[label] = _Declaration(
        fields={name: _classes(spec) for name, spec in fields.items()},
        values={
            name: {str(value): _classes(spec) for value, spec in by_value.items()}
            for name, by_value in (values or {}).items()
        },
    )


def declared_models() -> dict[str, _Declaration]:
    return dict(_REGISTRY)


def field_classes(model, field: str) -> frozenset[DataClass] | None:
    declaration = _REGISTRY.get(model._meta.label_lower)
    if declaration is None:
        return None
    return declaration.fields.get(field)


def value_classes(model, field: str, value) -> frozenset[DataClass]:
    """The classes a stored value reveals, beyond its field's own."""
    declaration = _REGISTRY.get(model._meta.label_lower)
    if declaration is None or value in (None, ""):
        return frozenset()
    return declaration.values.get(field, {}).get(str(value), frozenset())


def classes_of_role(role: str | None) -> frozenset[DataClass]:
    return ROLE_CLASSES.get(role, frozenset()) if role else frozenset()


@dataclass(frozen=True)
class Policy:
    """What one actor may see of the people of one structure."""

    classes: frozenset[DataClass]

    def sees(self, *classes: DataClass) -> bool:
        return set(classes) <= self.classes

    def shows(self, model, field: str) -> bool:
        declared = field_classes(model, field)
        if declared is None:
            # Models without a declaration hold no personal data; a declared model's
            # undeclared field is refused (a new field must be classified).
            return model._meta.label_lower not in _REGISTRY
        return declared <= self.classes

    def shows_value(self, model, field: str, value) -> bool:
        return self.shows(model, field) and value_classes(model, field, value) <= self.classes

    def shows_in(self, obj, field: str) -> bool:
        """May the actor see this field of this row (its value read only where values are
        classified: a foreign key is not loaded for nothing)?"""
        if not self.shows(type(obj), field):
            return False
        declaration = _REGISTRY.get(type(obj)._meta.label_lower)
        if declaration is None or field not in declaration.values:
            return True
        return value_classes(type(obj), field, getattr(obj, field)) <= self.classes

    def value(self, obj, field: str):
        """The field's value, or None when the actor may not see it (or what it reveals)."""
        raw = getattr(obj, field)
        return raw if self.shows_value(type(obj), field, raw) else None

    def display(self, obj, field: str) -> str:
        """The label of a choice (or the value) for a page: empty when the actor may not see
        the field at all, « confidentiel » when only this value must not show."""
        if not self.shows(type(obj), field):
            return ""
        raw = getattr(obj, field)
        if not self.shows_value(type(obj), field, raw):
            return str(CONFIDENTIAL)
        getter = getattr(obj, f"get_{field}_display", None)
        return str(getter()) if getter else ("" if raw is None else str(raw))

    def visible_fields(self, model, names: Iterable[str]) -> list[str]:
        return [name for name in names if self.shows(model, name)]

    def __getitem__(self, key: str) -> bool:
        """For templates: `policy.nir`, `policy.notes`… — may the actor see that class?"""
        try:
            return DataClass(key) in self.classes
        except ValueError:
            raise KeyError(key) from None


NOTHING = Policy(frozenset())


def policy_for(actor, structure_id: int | None) -> Policy:
    """The policy of `actor` on the people of `structure_id` (read once per request)."""
    if structure_id is None:
        return NOTHING
    return Policy(classes_of_role(scope_of(actor).role_in(structure_id)))


def payroll_carries_nir(actor, structure_id: int) -> bool:
    """May the payroll file `actor` exports for `structure_id` carry NIRs? Those who see
    NIRs anyway, and accountants whose membership was given the permission by a director
    (`membership_payroll_nir_set`). Each such export is logged by its writer."""
    if DataClass.NIR in policy_for(actor, structure_id).classes:
        return True
    from .models import StructureMembership

    return StructureMembership.objects.filter(
        user_id=getattr(actor, "pk", None),
        structure_id=structure_id,
        role=StructureRole.ACCOUNTANT,
        payroll_nir=True,
    ).exists()


def visible(actor, structure_id: int | None, model, field: str) -> bool:
    """May `actor` see `model.field` of a person of `structure_id`? (One-off checks.)"""
    return policy_for(actor, structure_id).shows(model, field)


def structure_id_of(obj) -> int | None:
    """The structure of a tenant row, following its queryset's `tenant_path`
    (`person__structure_id`…): the readers select_related along it."""
    path = getattr(type(obj).objects, "tenant_path", None) or getattr(
        type(obj)._default_manager._queryset_class, "tenant_path", None
    )
    if path is None:
        return None
    value = obj
    for step in path.split("__"):
        value = getattr(value, step, None)
        if value is None:
            return None
    return value


class PolicySerializerMixin:
    """For read serializers of personal rows: a field (or a value) the request's user may
    not see is left out of the answer, per row (the row's structure decides the role).
    Fields other than `id` are therefore optional in the schema."""

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():
            if name != "id":
                field.required = False
        return fields

    def _policy(self, obj) -> Policy:
        request = self.context.get("request")
        cache = self.context.setdefault("_policies", {})
        structure_id = structure_id_of(obj)
        if structure_id not in cache:
            cache[structure_id] = policy_for(getattr(request, "user", None), structure_id)
        return cache[structure_id]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        policy = self._policy(instance)
        for name, field in self.fields.items():
            source = field.source if field.source not in (None, "*") else name
            if name in data and not policy.shows_in(instance, source):
                del data[name]
        return data
