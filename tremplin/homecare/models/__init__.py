from .households import (
    AdvanceStatus,
    Financing,
    FinancingKind,
    Household,
    HouseholdMember,
    MemberRelation,
)
from .money import (
    BatchStatus,
    DirectDebitBatch,
    DirectDebitMandate,
    DirectDebitOrder,
    MandateStatus,
    OrderStatus,
    SepaCreditor,
    SequenceType,
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
    "BatchStatus",
    "BrandLicence",
    "DeclaredActivity",
    "DirectDebitBatch",
    "DirectDebitMandate",
    "DirectDebitOrder",
    "Financing",
    "FinancingKind",
    "Household",
    "HouseholdMember",
    "LicenceStatus",
    "MandateStatus",
    "MemberRelation",
    "OrderStatus",
    "PricingKind",
    "SapDeclaration",
    "SepaCreditor",
    "SequenceType",
    "Service",
]
