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
    "BrandLicence",
    "DeclaredActivity",
    "Financing",
    "FinancingKind",
    "Household",
    "HouseholdMember",
    "LicenceStatus",
    "MemberRelation",
    "PricingKind",
    "SapDeclaration",
    "Service",
]
