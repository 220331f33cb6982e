from .audits import FindingDocument
from .certification import (
    Audit,
    AuditKind,
    AuditSite,
    AuditStatus,
    Certification,
    CertificationStatus,
    GroupSite,
    Scheme,
    SiteSelection,
)
from .findings import (
    ChecklistItem,
    ChecklistResult,
    CorrectiveAction,
    Decision,
    DecisionOutcome,
    Finding,
    FindingKind,
    FindingStatus,
)
from .groups import CertificateSequence
from .referentials import Chapter, Referential, ReferentialKind, Requirement

__all__ = [
    "Audit",
    "AuditKind",
    "AuditSite",
    "AuditStatus",
    "CertificateSequence",
    "Certification",
    "CertificationStatus",
    "Chapter",
    "ChecklistItem",
    "ChecklistResult",
    "CorrectiveAction",
    "Decision",
    "DecisionOutcome",
    "Finding",
    "FindingDocument",
    "FindingKind",
    "FindingStatus",
    "GroupSite",
    "Referential",
    "ReferentialKind",
    "Requirement",
    "Scheme",
    "SiteSelection",
]
