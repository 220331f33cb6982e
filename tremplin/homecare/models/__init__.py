from .households import (
    AdvanceStatus,
    Financing,
    FinancingKind,
    Household,
    HouseholdMember,
    MemberRelation,
)
from .quotes import (
    AcceptanceChannel,
    HouseholdContract,
    HouseholdMessage,
    Quote,
    QuoteLine,
    QuoteStatus,
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
    "AcceptanceChannel",
    "AdvanceStatus",
    "BrandLicence",
    "DeclaredActivity",
    "Financing",
    "FinancingKind",
    "Household",
    "HouseholdContract",
    "HouseholdMember",
    "HouseholdMessage",
    "LicenceStatus",
    "MemberRelation",
    "PricingKind",
    "Quote",
    "QuoteLine",
    "QuoteStatus",
    "SapDeclaration",
    "Service",
]
