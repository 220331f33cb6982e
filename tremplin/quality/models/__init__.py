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
from .referentials import Chapter, Referential, ReferentialKind, Requirement

__all__ = [
    "Audit",
    "AuditKind",
    "AuditSite",
    "AuditStatus",
    "Certification",
    "CertificationStatus",
    "Chapter",
    "GroupSite",
    "Referential",
    "ReferentialKind",
    "Requirement",
    "Scheme",
    "SiteSelection",
]
