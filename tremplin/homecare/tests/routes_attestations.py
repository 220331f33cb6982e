"""Tenancy classification of the routes of the homecare part « attestations ».

Each structure gets, once per world, a household with an invoice settled in 2025 and its
attestation made; the users' own household is the household test account's."""

from tremplin.common.routes import STAFF, Access, Route

NOBODY = frozenset()
HOUSEHOLD = frozenset({"household"})
YEAR = 2025


class AttestationObjects:
    def __init__(self, world, structure):
        from ..models import AttestationRun, TaxAttestation
        from ..services.attestations import attestations_make
        from .attestation_data import D, make_declaration, make_household, make_invoice, pay

        own = structure.pk == world.own.pk
        make_declaration(structure)
        self.household = make_household(
            structure,
            name="Foyer Zorglubesque" if not own else "Foyer Dupont",
            user=world.user("household") if own else None,
        )
        invoice = make_invoice(self.household, month=D(YEAR, 3, 1), visits=[D(YEAR, 3, 4)])
        pay(invoice, D(YEAR, 4, 1), "50.00")
        self.run = AttestationRun.objects.create(structure=structure, year=YEAR, status="done")
        attestations_make(household_ids=[self.household.pk], year=YEAR, run=None)
        self.attestation = TaxAttestation.objects.get(household=self.household, year=YEAR)


def objects(world) -> AttestationObjects:
    key = f"_attestation_objects_{world.other.pk}"
    if key not in world.__dict__:
        world.__dict__[key] = AttestationObjects(world, world.other)
    return world.__dict__[key]


def on(attribute, own_allowed=STAFF, **extra):
    return Route(
        Access.SCOPED,
        kwargs=lambda w: {"pk": getattr(objects(w), attribute).pk},
        allowed=NOBODY,
        own_allowed=own_allowed,
        **extra,
    )


ROUTES: dict = {
    "homecare:attestation_staff": Route(
        Access.AUTHENTICATED,
        allowed=STAFF,
        setup=objects,
        secret=lambda w: "Zorglubesque",
        secret_allowed=NOBODY,
    ),
    "homecare:attestation_run": on("run"),
    "homecare:attestation_pdf": on("attestation"),
    "homecare:attestation_preview": Route(
        Access.SCOPED,
        kwargs=lambda w: {"household_pk": objects(w).household.pk, "year": YEAR},
        allowed=NOBODY,
        own_allowed=STAFF,
    ),
    "homecare:my_attestations": Route(
        Access.AUTHENTICATED,
        allowed=HOUSEHOLD,
        setup=objects,
        secret=lambda w: "Zorglubesque",
        secret_allowed=NOBODY,
    ),
    "homecare:my_attestation_pdf": on("attestation", own_allowed=HOUSEHOLD),
}
