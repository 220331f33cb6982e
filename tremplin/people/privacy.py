"""The class of data of every personal field of insertion paths (accounts.privacy).

Read by every reader of people's data through `accounts.privacy.policy_for`. A new field of
these models must be added here, or nobody sees it (the policy fails closed) and
tests/test_privacy.py says which field is missing."""

from tremplin.accounts.privacy import DataClass as C
from tremplin.accounts.privacy import declare

from .models import (
    Action,
    Approval,
    Barrier,
    BarrierStatusChange,
    CommitmentContract,
    CommitmentReview,
    Contract,
    ContractRenewal,
    Diagnosis,
    DiagnosisCriterion,
    Exit,
    Interview,
    Person,
    Prolongation,
    ProlongationRequest,
    Suspension,
)

# Keys and bookkeeping every reader of the row may see (they say nothing of the person).
_KEYS = ("id", "person", "approval", "structure", "created_at", "updated_at", "created_by")


def _with_keys(fields: dict) -> dict:
    return {**dict.fromkeys(_KEYS, C.PATH), **fields}


# Prolongation reasons and grounds that reveal a sensitive fact.
_REASON_VALUES = {"rqth": C.DISABILITY}

declare(
    Person,
    _with_keys(
        {
            **dict.fromkeys(
                (
                    "last_name",
                    "birth_name",
                    "first_names",
                    "sex",
                    "birth_date",
                    "birth_commune",
                    "birth_country",
                    "search_name",
                ),
                C.IDENTITY,
            ),
            "nir": C.NIR,
            "ntt": C.NIR,
            "nir_hash": C.NIR,
            **dict.fromkeys(("email", "phone", "address", "commune"), C.CONTACT),
            **dict.fromkeys(
                (
                    "qpv",
                    "zrr",
                    "education_level",
                    "job_seeker_since",
                    "job_seeker_id",
                    "single_parent",
                    "housing",
                    "left_child_welfare",
                    "french_level",
                    "mobility_problem",
                ),
                C.SITUATION,
            ),
            "rsa_since": C.BENEFITS,
            "ass_since": C.BENEFITS,
            "aah_since": (C.BENEFITS, C.DISABILITY),
            "rqth": C.DISABILITY,
            "refugee": C.REFUGEE,
            "leaving_detention": C.DETENTION,
            "skills": C.WORK,
            **dict.fromkeys(("consent_date", "retention_until", "conseiller", "user"), C.PATH),
        }
    ),
)
declare(
    Diagnosis,
    _with_keys(
        dict.fromkeys(
            ("author_kind", "author_name", "author_organisation", "made_on", "expires_on"), C.PATH
        )
    ),
)
declare(
    DiagnosisCriterion,
    {
        "id": C.PATH,
        "diagnosis": C.PATH,
        # Which criteria a person meets says much of their situation; some say more.
        "criterion": C.SITUATION,
        "proof": C.SITUATION,
        "proof_keep_until": C.PATH,
    },
    values={
        "criterion": {
            "l1_rsa": C.BENEFITS,
            "l1_ass": C.BENEFITS,
            "l1_aah": (C.BENEFITS, C.DISABILITY),
            "l2_rqth": C.DISABILITY,
            "l2_refugee": C.REFUGEE,
            "l2_detention": C.DETENTION,
        }
    },
)
declare(
    Approval,
    _with_keys(
        dict.fromkeys(("number", "start_date", "end_date", "waiting_period_waived_by"), C.PATH)
    ),
)
declare(
    Suspension,
    _with_keys(dict.fromkeys(("start_date", "end_date", "reason"), C.PATH)),
    values={"reason": {"sickness": C.HEALTH, "maternity": C.HEALTH, "detention": C.DETENTION}},
)
declare(
    ProlongationRequest,
    _with_keys(
        {
            **dict.fromkeys(
                ("reason", "end_date", "prescriber", "requested_on", "status", "decided_on"), C.PATH
            ),
            "decision_note": C.NOTES,
        }
    ),
    values={"reason": _REASON_VALUES},
)
declare(
    Prolongation,
    _with_keys(
        dict.fromkeys(("reason", "start_date", "end_date", "decided_by", "request"), C.PATH)
    ),
    values={"reason": _REASON_VALUES},
)
declare(
    Contract,
    _with_keys(
        {
            **dict.fromkeys(
                (
                    "kind",
                    "start_date",
                    "initial_end_date",
                    "planned_end_date",
                    "early_end_date",
                    "early_end_reason",
                    "extension_ground",
                ),
                C.PATH,
            ),
            "weekly_hours": C.WORK,
        }
    ),
    values={"extension_ground": _REASON_VALUES},
)
declare(
    ContractRenewal,
    _with_keys(
        dict.fromkeys(("contract", "previous_end_date", "new_end_date", "signed_on"), C.PATH)
    ),
)
declare(
    Interview,
    _with_keys({"date": C.PATH, "kind": C.PATH, "conseiller": C.PATH, "notes": C.NOTES}),
)
declare(
    Barrier,
    _with_keys(
        {"category": C.SITUATION, "status": C.PATH, "identified_on": C.PATH, "notes": C.NOTES}
    ),
    values={"category": {"health": C.HEALTH, "justice": C.DETENTION, "finances": C.BENEFITS}},
)
declare(
    BarrierStatusChange,
    {
        "id": C.PATH,
        "barrier": C.PATH,
        "status": C.PATH,
        "date": C.PATH,
        "by": C.PATH,
        "note": C.NOTES,
    },
)
declare(
    Action,
    _with_keys(
        dict.fromkeys(("kind", "title", "partner", "start_date", "end_date", "barrier"), C.PATH)
    ),
)
declare(
    CommitmentContract,
    _with_keys({"signed_on": C.PATH, "goals": C.NOTES, "structure_commitments": C.NOTES}),
)
declare(
    CommitmentReview,
    _with_keys({"commitment": C.PATH, "date": C.PATH, "notes": C.NOTES}),
)
declare(
    Exit,
    _with_keys(
        {
            **dict.fromkeys(
                ("exit_date", "reason", "category", "counted", "worked_months", "worked_hours"),
                C.PATH,
            ),
            "notes": C.NOTES,
        }
    ),
)
