"""Demo data of the homecare part « sap » (called by homecare/demo.py in order): the SAP
declaration, declared activities, catalogue and Proxim'Services licence of the first two
active structures (the demo logins'), and licences for a few other home-services
structures so that the federation's page and the public directory show statuses.

Rows are written directly (a few dozen, all valid under the services' rules: numbers
made of the SIREN, an autorisation for the activity that needs one); the URSSAF nature
codes stay empty: the demo does not invent codes of URSSAF's list."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from tremplin.network.models import Activity, MembershipStatus

from ..activities import InterventionMode
from ..models import BrandLicence, DeclaredActivity, LicenceStatus, SapDeclaration, Service
from ..services.sap import home_services_sync_all

OTHER_LICENSEES = 8
CHARTER_VERSION = "2023"
# (name, activity, price excl. VAT, VAT rate where VAT applies, pricing, extra fees)
CATALOGUE = [
    ("Ménage et repassage", "menage", "24.00", "10", "hourly", None),
    ("Petits travaux de jardinage", "jardinage", "28.00", "20", "hourly", ("4.00", "Déplacement")),
    ("Petit bricolage", "bricolage", "32.00", "20", "hourly", None),
    ("Assistance informatique à domicile", "informatique", "35.00", "20", "hourly", None),
    ("Courses livrées à domicile", "courses", "18.00", "10", "flat", None),
    ("Aide administrative", "administratif", "26.00", "20", "hourly", None),
]


def _work_activity(structure, fallback):
    current = list(structure.activities.all())
    for activity in current:
        if activity.code == "services-personne":
            return activity
    if fallback is not None:
        structure.activities.add(fallback)
        return fallback
    return current[0]


def _licence(structure, *, rng, today, status=LicenceStatus.ACTIVE, ended=False):
    started = today.replace(year=today.year - rng.randint(2, 12), month=rng.randint(1, 12), day=1)
    ends_on = None
    if ended:
        ends_on = today.replace(day=1) - datetime.timedelta(days=rng.randint(30, 400))
        started = min(started, ends_on - datetime.timedelta(days=365))
    licence = BrandLicence.objects.create(
        structure=structure,
        started_on=started,
        ends_on=ends_on,
        status=LicenceStatus.ENDED if ended else status,
        charter_version=CHARTER_VERSION if not ended else "2016",
        charter_signed_on=started,
    )
    licence.territory.set([structure.commune.departement_id])
    return licence


def _declare(structure, *, rng, today, first: bool) -> int:
    placing = structure.kind in ("AI", "ETTI")
    mode = InterventionMode.MISE_A_DISPOSITION if placing else InterventionMode.PRESTATAIRE
    declared_on = today.replace(year=today.year - rng.randint(3, 15), day=1)
    declaration = SapDeclaration.objects.create(
        structure=structure,
        number=f"SAP{structure.siret[:9]}",
        declared_on=declared_on,
        # The first structure also helps elderly people at home as provider: that needs
        # the département's autorisation (D7231-1, II).
        autorisation_number=f"AUT-{structure.commune.departement_id}-{rng.randint(100, 999)}"
        if first
        else "",
        autorisation_on=declared_on if first else None,
    )
    activities = [(code, mode) for _n, code, *_rest in CATALOGUE]
    if first:
        activities.append(("assistance_dependants", InterventionMode.PRESTATAIRE))
    DeclaredActivity.objects.bulk_create(
        DeclaredActivity(declaration=declaration, activity=code, mode=m) for code, m in activities
    )
    work_activity = _work_activity(
        structure, Activity.objects.filter(code="services-personne").first()
    )
    # An association intermédiaire of general interest does not charge VAT (CGI art. 261,
    # 7-1°); the others apply the rates of home services.
    exempt = structure.kind == "AI"
    services = [
        Service(
            structure=structure,
            name=name,
            activity=code,
            mode=mode,
            work_activity=work_activity,
            pricing=pricing,
            price_excl_vat=Decimal(price),
            vat_rate=Decimal(0) if exempt else Decimal(vat),
            extra_fees=Decimal(fees[0]) if fees else Decimal(0),
            extra_fees_label=fees[1] if fees else "",
        )
        for name, code, price, vat, pricing, fees in CATALOGUE
    ]
    if first:
        services.append(
            Service(
                structure=structure,
                name="Aide à domicile des personnes âgées",
                activity="assistance_dependants",
                mode=InterventionMode.PRESTATAIRE,
                work_activity=work_activity,
                price_excl_vat=Decimal("23.50"),
                vat_rate=Decimal(0) if exempt else Decimal("5.5"),
            )
        )
    Service.objects.bulk_create(services)
    return len(services)


def seed(*, structures, seed: int, today) -> dict[str, int]:
    rng = random.Random(seed + 11)
    active = [s for s in structures if s.membership_status == MembershipStatus.ACTIVE]
    if not active:
        return {}
    demo = active[:2]
    others = [s for s in active[2:] if s.is_home_services][:OTHER_LICENSEES]
    counts = {"sap_declarations": 0, "sap_services": 0, "brand_licences": 0}
    for index, structure in enumerate(demo):
        # The demo's logins work in these two: they are of the brand's network.
        if not structure.is_home_services:
            structure.is_home_services = True
            structure.save(update_fields=["is_home_services"])
        counts["sap_services"] += _declare(structure, rng=rng, today=today, first=index == 0)
        counts["sap_declarations"] += 1
        _licence(structure, rng=rng, today=today)
        counts["brand_licences"] += 1
    for index, structure in enumerate(others):
        # Most licensees are active; one is suspended, one left the brand.
        status = LicenceStatus.SUSPENDED if index == 1 else LicenceStatus.ACTIVE
        _licence(structure, rng=rng, today=today, status=status, ended=index == 2)
        counts["brand_licences"] += 1
        if index != 2:
            counts["sap_services"] += _declare(structure, rng=rng, today=today, first=False)
            counts["sap_declarations"] += 1
    # The homecare menu follows the declarations and the licences in force, as it does
    # after every grant (a licensee that left the brand no longer sees it).
    home_services_sync_all(today=today)
    return counts
