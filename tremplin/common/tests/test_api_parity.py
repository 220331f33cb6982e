"""API parity: every action a page offers (a page route that takes a POST) has its API
counterpart, a write route of the API calling the same service. A new page action without
one fails here: add its API route, then its line below (or, for a page-only tool, its
reason in PAGE_ONLY)."""

from __future__ import annotations

import inspect

from django.urls import URLPattern, URLResolver, get_resolver

from tremplin.common.idempotency import WRITE_METHODS

# The apps whose pages hold the daily work; accounts' pages (login, 2FA, password) are the
# session's own and have no API counterpart by design.
APPS = ("people", "missions", "network")

# page route → the API routes that do what its POST does.
PARITY = {
    # people: a person's file and its steps
    "people:person_create": {"api:person-list"},
    "people:person_edit": {"api:person-detail"},
    # the employee's own space
    "missions:my_hours": {"api:assignment-own-hours"},
    "people:diagnosis_create": {"api:diagnosis-list"},
    "people:approval_create": {"api:approval-list"},
    "people:suspension_create": {"api:suspension-list"},
    "people:prolongation_create": {"api:prolongation-list"},
    "people:prolongation_request_create": {"api:prolongation-request-list"},
    "people:prolongation_request_decide": {"api:prolongation-request-decision"},
    "people:contract_create": {"api:contract-list"},
    "people:contract_renew": {"api:contract-renewal"},
    "people:contract_end": {"api:contract-early-end"},
    "people:interview_create": {"api:interview-list"},
    "people:barrier_create": {"api:barrier-list"},
    "people:barrier_status": {"api:barrier-status"},
    "people:action_create": {"api:action-list"},
    "people:commitment_create": {"api:commitment-list"},
    "people:commitment_review": {"api:commitment-review"},
    "people:exit_create": {"api:exit-list"},
    "people:exit_reason": {"api:exit-reason"},
    # missions: clients, requests, the week, hours, invoices
    "missions:client_create": {"api:client-list"},
    "missions:client_edit": {"api:client-detail"},
    "missions:request_create": {"api:request-list"},
    # the request's page: assign, add a weekly slot, close it
    "missions:request_detail": {
        "api:assignment-list",
        "api:request-slot-add",
        "api:request-close",
    },
    "missions:assignment_delete": {"api:assignment-detail"},
    # the proposal is the planner's run; accepting it makes assignments one by one
    "missions:week_proposal": {"api:planner-run", "api:assignment-list"},
    # enter hours, validate them, close the month
    "missions:hours": {"api:time-entry-list", "api:time-entry-validate", "api:month-close"},
    "missions:invoice_list": {"api:invoice-drafts", "api:invoices-issue-month"},
    "missions:client_payment_terms": {"api:client-payment-terms"},
    "missions:invoice_detail": {
        "api:invoice-reminder",
        "api:invoice-payment",
        "api:invoice-credit-note",
    },
    "missions:invoice_issue": {"api:invoice-issue"},
    # network: the federation's structures, memberships, dues and groups
    "network:structure_create": {"api:structure-list"},
    "network:structure_edit": {"api:structure-detail"},
    "network:structure_membership": {"api:structure-membership", "api:structure-dues"},
    "network:group_create": {"api:group-list"},
    "network:group_edit": {"api:group-detail"},
}

# Page actions without an API counterpart yet, each with its reason. Keep this short: an
# entry here is a gap an API client meets.
PAGE_ONLY = {
    # An upload of a whole file, checked then imported by a background job; an API client
    # creates the same people one by one (api:person-list, same service and checks).
    "people:person_import": "file upload; api:person-list creates people one by one",
    "people:import_job": "restarts the background import of an uploaded file",
    "missions:price_list": "not exposed yet: the price list (rates, VAT per client kind)",
}


def _patterns(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


def _routes():
    return dict(_patterns(get_resolver().url_patterns))


def _takes_post(view) -> bool:
    """A page's view writes when it reads the POST (forms bound to request.POST, a
    `request.method` check): read from its source, decorators unwrapped."""
    source = inspect.getsource(inspect.unwrap(view))
    return "request.POST" in source or "request.method" in source


def _writes(view) -> set[str]:
    view_class = getattr(view, "view_class", None)
    return {m for m in WRITE_METHODS if view_class and hasattr(view_class, m.lower())}


def page_actions() -> set[str]:
    return {
        name for name, view in _routes().items() if name.split(":")[0] in APPS and _takes_post(view)
    }


def test_every_page_action_has_an_api_counterpart():
    actions = page_actions()
    assert len(actions) > 30  # the detection finds the pages' forms, not nothing
    missing = actions - PARITY.keys() - PAGE_ONLY.keys()
    assert not missing, (
        f"Page actions without an API counterpart: {sorted(missing)}. Add the API route "
        "(same service) and its line in PARITY."
    )
    stale = (PARITY.keys() | PAGE_ONLY.keys()) - actions
    assert not stale, f"No such page action (any more): {sorted(stale)}"
    assert not PARITY.keys() & PAGE_ONLY.keys()


def test_each_counterpart_is_a_write_route_of_the_api():
    routes = _routes()
    for page, counterparts in PARITY.items():
        for name in counterparts:
            assert name.startswith("api:") and name in routes, f"{page}: no route {name}"
            assert _writes(routes[name]), f"{page}: {name} takes no POST, PATCH or DELETE"


def test_the_detection_tells_a_form_page_from_a_read_page():
    routes = _routes()
    assert _takes_post(routes["people:contract_renew"])
    assert _takes_post(routes["missions:assignment_delete"])
    assert not _takes_post(routes["people:person_list"])
    assert not _takes_post(routes["missions:invoice_pdf"])
