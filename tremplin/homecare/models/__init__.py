from .advance import (
    AdvanceEnrolment,
    Civility,
    EventSource,
    PaymentRequest,
    PaymentRequestEvent,
    RequestStatus,
)
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
    "AdvanceEnrolment",
    "AdvanceStatus",
    "BrandLicence",
    "Civility",
    "DeclaredActivity",
    "EventSource",
    "Financing",
    "FinancingKind",
    "Household",
    "HouseholdMember",
    "LicenceStatus",
    "MemberRelation",
    "PaymentRequest",
    "PaymentRequestEvent",
    "PricingKind",
    "RequestStatus",
    "SapDeclaration",
    "Service",
]
