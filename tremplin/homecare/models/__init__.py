from .attestations import AttestationRun, RunStatus, TaxAttestation
from .households import (
    AdvanceStatus,
    Financing,
    FinancingKind,
    Household,
    HouseholdMember,
    MemberRelation,
)
from .sap import (
    BrandLicence,
    DeclaredActivity,
    LicenceStatus,
    PricingKind,
    SapDeclaration,
    Service,
)

__all__ = [
    "AdvanceStatus",
    "AttestationRun",
    "BrandLicence",
    "DeclaredActivity",
    "Financing",
    "FinancingKind",
    "Household",
    "HouseholdMember",
    "LicenceStatus",
    "MemberRelation",
    "PricingKind",
    "RunStatus",
    "SapDeclaration",
    "Service",
    "TaxAttestation",
]
