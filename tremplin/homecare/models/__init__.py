from .households import (
    AdvanceStatus,
    Financing,
    FinancingKind,
    Household,
    HouseholdMember,
    MemberRelation,
)
from .recurring import (
    WEEKDAYS,
    Absence,
    CancelledBy,
    Frequency,
    Occurrence,
    OccurrenceStatus,
    RecurringPattern,
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
    "WEEKDAYS",
    "Absence",
    "AdvanceStatus",
    "BrandLicence",
    "CancelledBy",
    "DeclaredActivity",
    "Financing",
    "FinancingKind",
    "Frequency",
    "Household",
    "HouseholdMember",
    "LicenceStatus",
    "MemberRelation",
    "Occurrence",
    "OccurrenceStatus",
    "PricingKind",
    "RecurringPattern",
    "SapDeclaration",
    "Service",
]
