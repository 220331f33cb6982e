"""Who may do what on the SAP side: the structure's director keeps its declaration and
catalogue, the rest of its staff read them; federation staff run the brand's licences,
delegates read their delegation's."""

from django.http import Http404

from tremplin.accounts.models import STAFF_ROLES, StructureRole, UserKind
from tremplin.accounts.tenancy import scope_of


def can_read_sap(actor, structure_id: int) -> bool:
    return scope_of(actor).role_in(structure_id) in STAFF_ROLES


def can_manage_sap(actor, structure_id: int) -> bool:
    return scope_of(actor).role_in(structure_id) == StructureRole.DIRECTOR


def can_manage_brand(actor) -> bool:
    return scope_of(actor).is_federation


def can_see_licensees(actor) -> bool:
    return actor.is_authenticated and actor.kind in (UserKind.FEDERATION, UserKind.DELEGATE)


def access_service(actor, pk: int):
    """A service of the catalogue of a structure the actor works in; 404 alike when
    missing or forbidden."""
    from .models import Service

    try:
        service = Service.objects.for_user(actor).select_related("structure").get(pk=pk)
    except (Service.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not can_read_sap(actor, service.structure_id):
        raise Http404
    return service


def access_licence(actor, pk: int):
    from .models import BrandLicence

    if not can_manage_brand(actor):
        raise Http404
    try:
        return BrandLicence.objects.for_user(actor).select_related("structure").get(pk=pk)
    except (BrandLicence.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
