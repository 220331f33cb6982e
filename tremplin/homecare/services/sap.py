"""Writes of the structure's SAP side: the declaration and its activities (its director),
the service catalogue (its director), the Proxim'Services licences (federation staff).

Each service checks who acts and the rule it holds, and says in French what to fix."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tremplin.common.saving import save_changes
from tremplin.network.models import Structure, StructureKind

from .. import rules_sap
from ..activities import BY_CODE, InterventionMode, Regime, activity
from ..models import BrandLicence, DeclaredActivity, SapDeclaration, Service
from ..selectors_sap import in_force

NUMBER_RE = re.compile(r"^SAP\d{9}$")
NATURE_CODE_RE = re.compile(r"^[0-9A-Z]{1,10}$")
# The structures whose trade is placing their employees with others (AI: L5132-7, ETTI:
# L5132-6): the only ones the « mise à disposition » mode is offered to.
PLACING_KINDS = frozenset({StructureKind.AI, StructureKind.ETTI})


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- The declaration ---------------------------------------------------------------------


def needs(activity_code: str, mode: str) -> str | None:
    """What an activity provided in a mode needs besides the declaration (D7231-1):
    "agrement", "autorisation" or None. Activities of II need the département's
    autorisation in the « prestataire » mode and an agrément in the two others (D7231-1,
    I, 2°)."""
    regime = activity(activity_code).regime
    if regime == Regime.AGREMENT:
        return "agrement"
    if regime == Regime.AUTORISATION:
        return "autorisation" if mode == InterventionMode.PRESTATAIRE else "agrement"
    return None


def declaration_problems(
    declaration: SapDeclaration, activities, *, today: datetime.date
) -> list[str]:
    """What is missing for the declared activities (shown on the page, refused on writes)."""
    problems = []
    for declared in activities:
        need = needs(declared.activity, declared.mode)
        label = f"{declared.get_activity_display()} ({declared.get_mode_display()})"
        if need == "agrement":
            if not declaration.agrement_number:
                problems.append(
                    _("%(activity)s needs an agrément: enter its number and date.")
                    % {"activity": label}
                )
            elif declaration.agrement_until and declaration.agrement_until < today:
                problems.append(
                    _("%(activity)s needs an agrément, and it expired on %(date)s.")
                    % {"activity": label, "date": declaration.agrement_until.strftime("%d/%m/%Y")}
                )
        elif need == "autorisation" and not declaration.autorisation_number:
            problems.append(
                _(
                    "%(activity)s needs an authorisation of the département: enter its number "
                    "and date."
                )
                % {"activity": label}
            )
    return problems


def _clean_declaration(structure, values: dict, *, today: datetime.date) -> dict:
    errors: dict[str, list[str]] = {}
    number = re.sub(r"\s", "", values.get("number") or "").upper()
    if not NUMBER_RE.match(number):
        errors["number"] = [
            _("The declaration number is « SAP » followed by the 9 digits of the SIREN.")
        ]
    elif number[3:] != structure.siret[:9]:
        errors["number"] = [
            _("The declaration number ends with the structure's SIREN (%(siren)s).")
            % {"siren": structure.siret[:9]}
        ]
    declared_on = values.get("declared_on")
    if declared_on is None:
        errors["declared_on"] = [_("Enter the date of the declaration.")]
    elif declared_on > today:
        errors["declared_on"] = [_("A declaration date cannot be in the future.")]
    agrement = [values.get(k) for k in ("agrement_number", "agrement_on", "agrement_until")]
    if any(agrement):
        if not values.get("agrement_number"):
            errors["agrement_number"] = [_("Enter the number of the agrément.")]
        if not values.get("agrement_on"):
            errors["agrement_on"] = [_("Enter the date the agrément was granted.")]
        elif values.get("agrement_until") and values["agrement_until"] < values["agrement_on"]:
            errors["agrement_until"] = [_("An agrément ends after it is granted.")]
    if bool(values.get("autorisation_number")) != bool(values.get("autorisation_on")):
        key = "autorisation_on" if values.get("autorisation_number") else "autorisation_number"
        errors[key] = [_("Enter both the number and the date of the authorisation.")]
    if errors:
        raise ValidationError(errors)
    return {**values, "number": number}


DECLARATION_FIELDS = (
    "number",
    "declared_on",
    "agrement_number",
    "agrement_on",
    "agrement_until",
    "autorisation_number",
    "autorisation_on",
)


@transaction.atomic
def sap_declaration_save(*, actor, structure, **values) -> SapDeclaration:
    """Create or change the structure's declaration (its director). A change that would
    leave a declared activity without the agrément or autorisation it needs is refused."""
    _require(rules_sap.can_manage_sap(actor, structure.pk))
    today = timezone.localdate()
    values = {key: values.get(key) for key in DECLARATION_FIELDS}
    for key in ("agrement_number", "autorisation_number"):
        values[key] = (values[key] or "").strip()
    values = _clean_declaration(structure, values, today=today)
    declaration = SapDeclaration.objects.select_for_update().filter(
        structure=structure
    ).first() or SapDeclaration(structure=structure)
    if declaration.pk:
        checked = SapDeclaration(pk=declaration.pk, structure=structure, **values)
        problems = declaration_problems(checked, declaration.activities.all(), today=today)
        if problems:
            raise ValidationError(problems)
    save_changes(declaration, values)
    structure_home_services_sync(structure=structure, today=today)
    return declaration


@transaction.atomic
def declared_activity_add(*, actor, structure, activity_code: str, mode: str) -> DeclaredActivity:
    _require(rules_sap.can_manage_sap(actor, structure.pk))
    declaration = SapDeclaration.objects.select_for_update().filter(structure=structure).first()
    if declaration is None:
        raise ValidationError(_("Record the SAP declaration before its activities."))
    if activity_code not in BY_CODE:
        raise ValidationError({"activity": [_("Choose an activity of the official list.")]})
    if mode not in InterventionMode.values:
        raise ValidationError({"mode": [_("Choose an intervention mode.")]})
    if mode == InterventionMode.MISE_A_DISPOSITION and structure.kind not in PLACING_KINDS:
        raise ValidationError(
            {
                "mode": [
                    _(
                        "The « mise à disposition » mode is for structures that place their "
                        "employees (AI, ETTI): choose « prestataire »."
                    )
                ]
            }
        )
    declared = DeclaredActivity(declaration=declaration, activity=activity_code, mode=mode)
    if declaration.activities.filter(activity=activity_code, mode=mode).exists():
        raise ValidationError(_("This activity is already declared in this mode."))
    problems = declaration_problems(declaration, [declared], today=timezone.localdate())
    if problems:
        raise ValidationError(problems)
    declared.save()
    return declared


@transaction.atomic
def declared_activity_remove(*, actor, declared: DeclaredActivity) -> None:
    structure_id = declared.declaration.structure_id
    _require(rules_sap.can_manage_sap(actor, structure_id))
    in_use = Service.objects.filter(
        structure_id=structure_id, activity=declared.activity, mode=declared.mode, is_active=True
    ).exists()
    if in_use:
        raise ValidationError(
            _(
                "Services of the catalogue are offered under this activity: withdraw them "
                "from the catalogue first."
            )
        )
    declared.delete()


# --- The catalogue -----------------------------------------------------------------------

SERVICE_FIELDS = (
    "name",
    "activity",
    "mode",
    "work_activity",
    "pricing",
    "price_excl_vat",
    "vat_rate",
    "extra_fees",
    "extra_fees_label",
    "tax_mention",
    "urssaf_nature_code",
    "is_active",
)


def _clean_service(structure, values: dict, *, service: Service | None) -> dict:
    errors: dict[str, list[str]] = {}
    values = dict(values)
    for key in ("name", "extra_fees_label", "tax_mention"):
        values[key] = (values.get(key) or "").strip()
    values["urssaf_nature_code"] = re.sub(r"\s", "", values.get("urssaf_nature_code") or "").upper()
    values["extra_fees"] = values.get("extra_fees") or Decimal(0)
    values["vat_rate"] = values.get("vat_rate") or Decimal(0)
    if not values["name"]:
        errors["name"] = [_("Give the service a name.")]
    elif (
        Service.objects.filter(structure=structure, name__iexact=values["name"])
        .exclude(pk=service.pk if service else None)
        .exists()
    ):
        errors["name"] = [_("The catalogue already has a service of this name.")]
    declared = DeclaredActivity.objects.filter(
        declaration__structure=structure, activity=values.get("activity"), mode=values.get("mode")
    ).exists()
    if not declared:
        errors["activity"] = [
            _(
                "This activity is not declared in this mode: add it to the declaration's "
                "activities first."
            )
        ]
    work_activity = values.get("work_activity")
    if work_activity is None or not structure.activities.filter(pk=work_activity.pk).exists():
        errors["work_activity"] = [_("Choose one of the structure's activities.")]
    price = values.get("price_excl_vat")
    if price is None or price <= 0:
        errors["price_excl_vat"] = [_("Enter a price above zero.")]
    if values["extra_fees"] < 0:
        errors["extra_fees"] = [_("A price cannot be negative.")]
    elif values["extra_fees"] > 0 and not values["extra_fees_label"]:
        errors["extra_fees_label"] = [
            _("Say what the extra fees are (travel, file, management fees…).")
        ]
    if not 0 <= values["vat_rate"] <= 100:
        errors["vat_rate"] = [_("A VAT rate lies between 0 and 100 percent.")]
    if values["urssaf_nature_code"] and not NATURE_CODE_RE.match(values["urssaf_nature_code"]):
        errors["urssaf_nature_code"] = [
            _("A nature code has up to 10 digits or capital letters, as URSSAF lists them.")
        ]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def service_create(*, actor, structure, **values) -> Service:
    _require(rules_sap.can_manage_sap(actor, structure.pk))
    values = {key: values[key] for key in SERVICE_FIELDS if key in values}
    values.setdefault("is_active", True)
    values = _clean_service(structure, values, service=None)
    return Service.objects.create(structure=structure, **values)


@transaction.atomic
def service_update(*, actor, service: Service, **values) -> Service:
    _require(rules_sap.can_manage_sap(actor, service.structure_id))
    current = {key: getattr(service, key) for key in SERVICE_FIELDS}
    current.update({key: values[key] for key in SERVICE_FIELDS if key in values})
    current = _clean_service(service.structure, current, service=service)
    save_changes(service, current)
    return service


# --- The brand ---------------------------------------------------------------------------

LICENCE_FIELDS = ("started_on", "ends_on", "status", "charter_version", "charter_signed_on")


@transaction.atomic
def brand_licence_save(
    *, actor, structure, licence: BrandLicence | None = None, territory=None, **values
) -> BrandLicence:
    """Grant or change a structure's Proxim'Services licence (federation staff: the brand is
    theirs). Two licences of one structure never overlap."""
    _require(rules_sap.can_manage_brand(actor))
    values = {key: values.get(key) for key in LICENCE_FIELDS}
    values["charter_version"] = (values["charter_version"] or "").strip()
    errors: dict[str, list[str]] = {}
    if values["started_on"] is None:
        errors["started_on"] = [_("Enter the date the licence starts.")]
    if values["ends_on"] and values["started_on"] and values["ends_on"] < values["started_on"]:
        errors["ends_on"] = [_("A licence ends after it starts.")]
    if not values["charter_version"]:
        errors["charter_version"] = [_("Enter the version of the charter signed.")]
    if values["charter_signed_on"] is None:
        errors["charter_signed_on"] = [_("Enter the date the charter was signed.")]
    if not errors:
        # Lock the structure's licences: two grants at once would both see no overlap.
        others = list(
            BrandLicence.objects.select_for_update()
            .filter(structure=structure)
            .exclude(pk=licence.pk if licence else None)
        )
        far = datetime.date.max
        for other in others:
            if values["started_on"] <= (other.ends_on or far) and other.started_on <= (
                values["ends_on"] or far
            ):
                errors["started_on"] = [
                    _("The structure already has a licence over these dates (from %(date)s).")
                    % {"date": other.started_on.strftime("%d/%m/%Y")}
                ]
                break
    if errors:
        raise ValidationError(errors)
    licence = licence or BrandLicence(structure=structure)
    save_changes(licence, values)
    if territory is not None:
        licence.territory.set(territory)
    structure_home_services_sync(structure=structure)
    return licence


# --- Who runs home services ------------------------------------------------------------


def offers_home_services(structure_id: int, on: datetime.date) -> bool:
    """The one rule of who runs home services (and sees the homecare menu): a structure
    with its SAP declaration, or with a Proxim'Services licence in force on `on`."""
    return (
        SapDeclaration.objects.filter(structure_id=structure_id).exists()
        or BrandLicence.objects.filter(in_force(on), structure_id=structure_id).exists()
    )


def structure_home_services_sync(*, structure, today: datetime.date | None = None) -> bool:
    """Set `Structure.is_home_services` (what the navigation reads, without a query more on
    each page) from `offers_home_services`: called by every write of a declaration or a
    licence, and daily for the licences that start or end with the date."""
    today = today or timezone.localdate()
    offers = offers_home_services(structure.pk, today)
    if structure.is_home_services != offers:
        structure.is_home_services = offers
        structure.save(update_fields=["is_home_services", "updated_at"])
    return offers


def home_services_sync_all(*, today: datetime.date | None = None) -> int:
    """The daily pass: every structure whose flag no longer follows the rule. Returns how
    many changed."""
    today = today or timezone.localdate()
    declared = set(SapDeclaration.objects.values_list("structure_id", flat=True))
    licensed = set(
        BrandLicence.objects.filter(in_force(today)).values_list("structure_id", flat=True)
    )
    offering = declared | licensed
    changed = (
        Structure.objects.filter(is_home_services=True)
        .exclude(pk__in=offering)
        .update(is_home_services=False, updated_at=timezone.now())
    )
    changed += Structure.objects.filter(is_home_services=False, pk__in=offering).update(
        is_home_services=True, updated_at=timezone.now()
    )
    return changed
