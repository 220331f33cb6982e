"""Tenancy classification of the routes of the homecare part « sap »."""

import datetime
from decimal import Decimal

from tremplin.common.routes import ALL_ROLES, STAFF, Access, Route

DIRECTOR = frozenset({"director"})
FEDERATION = frozenset({"federation"})
NOBODY = frozenset()
SERVICE_NAME = "Ménage Zorglub"
CHARTER = "Charte-Zorglub"


class SapObjects:
    """A declaration, a declared activity, a service and a licence of one structure."""

    def __init__(self, structure):
        from tremplin.homecare.models import BrandLicence, DeclaredActivity, SapDeclaration, Service
        from tremplin.network.models import Activity

        # Another part's objects may have declared the structure already (one per structure).
        self.declaration, _ = SapDeclaration.objects.get_or_create(
            structure=structure,
            defaults={
                "number": f"SAP{structure.siret[:9]}",
                "declared_on": datetime.date(2020, 3, 1),
            },
        )
        self.declared, _ = DeclaredActivity.objects.get_or_create(
            declaration=self.declaration, activity="menage", mode="prestataire"
        )
        # Declared with no service on offer: it may be withdrawn.
        self.unused, _ = DeclaredActivity.objects.get_or_create(
            declaration=self.declaration, activity="courses", mode="prestataire"
        )
        self.service = Service.objects.create(
            structure=structure,
            name=f"{SERVICE_NAME} {structure.pk}",
            activity="menage",
            mode="prestataire",
            work_activity=Activity.objects.order_by("pk").first(),
            price_excl_vat=Decimal("25.00"),
            vat_rate=Decimal(10),
        )
        self.licence = BrandLicence.objects.create(
            structure=structure,
            started_on=datetime.date(2020, 1, 1),
            charter_version=f"{CHARTER}-{structure.pk}",
            charter_signed_on=datetime.date(2019, 12, 1),
        )


def sap_objects(world) -> SapObjects:
    """The objects of `world.other` (made once per world and structure)."""
    cache = world.__dict__.setdefault("_sap_objects", {})
    if world.other.pk not in cache:
        cache[world.other.pk] = SapObjects(world.other)
    return cache[world.other.pk]


def _on(attribute, *, allowed=NOBODY, own_allowed, **extra):
    return Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": getattr(sap_objects(w), attribute).pk},
        allowed=allowed,
        own_allowed=own_allowed,
        **extra,
    )


def _listing(allowed, secret, secret_allowed=NOBODY):
    return Route(
        Access.AUTHENTICATED,
        allowed=allowed,
        setup=sap_objects,
        secret=secret,
        secret_allowed=secret_allowed,
    )


ROUTES: dict = {
    "homecare:sap_home": _listing(STAFF, lambda w: sap_objects(w).declaration.number),
    "homecare:sap_declaration": Route(Access.AUTHENTICATED, allowed=DIRECTOR),
    "homecare:sap_activity_add": Route(
        Access.AUTHENTICATED,
        allowed=DIRECTOR,
        method="post",
        data=lambda w: {"activity": "jardinage", "mode": "prestataire"},
        ok_status=(302,),
    ),
    "homecare:sap_activity_remove": _on(
        "unused", own_allowed=DIRECTOR, method="post", ok_status=(302,)
    ),
    "homecare:service_list": _listing(STAFF, lambda w: sap_objects(w).service.name),
    "homecare:service_create": Route(Access.AUTHENTICATED, allowed=DIRECTOR),
    "homecare:service_edit": _on("service", own_allowed=DIRECTOR),
    "homecare:brand_directory": Route(Access.PUBLIC, setup=sap_objects),
    "homecare:brand_licensee": Route(
        Access.PUBLIC, setup=sap_objects, kwargs=lambda w: {"pk": w.other.pk}
    ),
    "homecare:licensee_list": _listing(
        frozenset({"federation", "delegate"}),
        lambda w: sap_objects(w).licence.charter_version,
        secret_allowed=FEDERATION,
    ),
    "homecare:licence_create": Route(Access.AUTHENTICATED, allowed=FEDERATION),
    "homecare:licence_edit": _on("licence", allowed=FEDERATION, own_allowed=FEDERATION),
    # API: the catalogue is structure data (its delegates and federation staff read it).
    "api:sap-service-list": _listing(
        ALL_ROLES, lambda w: f'"id":{sap_objects(w).service.pk},', secret_allowed=FEDERATION
    ),
    "api:sap-service-detail": _on(
        "service",
        allowed=FEDERATION,
        own_allowed=frozenset(STAFF | {"delegate", "federation"}),
    ),
    "api:sap-declaration": Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": sap_objects(w).declaration.structure_id},
        allowed=FEDERATION,
        own_allowed=frozenset(STAFF | {"delegate", "federation"}),
    ),
    "api:sap-declared-activity-list": Route(
        Access.SCOPED,
        method="post",
        kwargs=lambda w: {"pk": sap_objects(w).declaration.structure_id},
        data=lambda w: {"activity": "jardinage", "mode": "prestataire"},
        allowed=NOBODY,
        own_allowed=DIRECTOR,
        ok_status=(201,),
    ),
    "api:sap-declared-activity-detail": _on(
        "unused", own_allowed=DIRECTOR, method="delete", ok_status=(204,)
    ),
    "api:brand-licence-list": _listing(
        ALL_ROLES,
        lambda w: sap_objects(w).licence.charter_version,
        secret_allowed=FEDERATION,
    ),
    "api:brand-licence-detail": _on(
        "licence",
        allowed=FEDERATION,
        own_allowed=frozenset(STAFF | {"delegate", "federation"}),
    ),
}
