"""Pages of insertion paths. Each view: access → form → one service → redirect or render.

Step forms (diagnosis, PASS, contract…) are full pages that also load into the person's
file through htmx (`#panel`), so they work with and without JavaScript.

The package: `persons` (the list, a person's file and its history, the ASP record), `steps`
(the step forms), `transfers` (import and export), `worklist` (the work list, the rules
table), `rights` (the access log, the person's whole file for the right of access). Every view is importable from here: urls.py reads `views.<name>`."""

from .persons import (
    employee_record,
    person_create,
    person_detail,
    person_edit,
    person_history,
    person_list,
)
from .rights import access_log_page, person_consultations, person_data_export
from .steps import (
    action_create,
    approval_create,
    barrier_create,
    barrier_status,
    commitment_create,
    commitment_review,
    contract_create,
    contract_end,
    contract_renew,
    diagnosis_create,
    exit_create,
    exit_reason,
    interview_create,
    prolongation_create,
    prolongation_request_create,
    prolongation_request_decide,
    suspension_create,
)
from .transfers import import_job, person_export, person_import
from .worklist import rules_table, work_list

__all__ = [
    "access_log_page",
    "action_create",
    "approval_create",
    "barrier_create",
    "barrier_status",
    "commitment_create",
    "commitment_review",
    "contract_create",
    "contract_end",
    "contract_renew",
    "diagnosis_create",
    "employee_record",
    "exit_create",
    "exit_reason",
    "import_job",
    "interview_create",
    "person_consultations",
    "person_create",
    "person_data_export",
    "person_detail",
    "person_edit",
    "person_export",
    "person_history",
    "person_import",
    "person_list",
    "prolongation_create",
    "prolongation_request_create",
    "prolongation_request_decide",
    "rules_table",
    "suspension_create",
    "work_list",
]
