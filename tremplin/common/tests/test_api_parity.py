"""API parity: every action a page offers (a page route that takes a POST) has its API
counterpart, a write route of the API calling the same service — every service the page's
view calls is called by one of its counterparts. A new page action without one fails here:
add its API route, then its line below (or, for a page-only tool, its reason in PAGE_ONLY)."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import pkgutil
import re

from django.urls import URLPattern, URLResolver, get_resolver

from tremplin.common.idempotency import WRITE_METHODS

# The apps whose pages' actions the API mirrors (homecare, training and quality have their
# own parity in their issues).
APPS = ("accounts", "people", "missions", "network", "observatory")

# page route → the API routes that do what its POST does.
PARITY = {
    # people: a person's file and its steps
    "people:person_create": {"api:person-list"},
    "people:person_edit": {"api:person-detail"},
    # the employee's own space: hours entered, clocking in and out
    "missions:my_hours": {"api:assignment-own-hours"},
    "missions:my_clock_in": {"api:assignment-clock-in"},
    "missions:my_clock_out": {"api:assignment-clock-out"},
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
    # the request's page: assign (a day, a period, every week of a slot), add a slot, close
    "missions:request_detail": {
        "api:assignment-list",
        "api:request-assignments",
        "api:request-slot-add",
        "api:request-close",
    },
    "missions:assignment_delete": {"api:assignment-detail"},
    "missions:reassign_dismiss": {"api:to-reassign-dismiss"},
    # the proposal is the planner's run; accepting it makes assignments one by one
    "missions:week_proposal": {"api:planner-run", "api:assignment-list"},
    # enter hours, validate them, close the month
    "missions:hours": {"api:time-entry-list", "api:time-entry-validate", "api:month-close"},
    "missions:invoice_list": {"api:invoice-drafts", "api:invoices-issue-month"},
    "missions:client_payment_terms": {"api:client-payment-terms"},
    "missions:price_list": {"api:price-list"},
    "missions:invoice_detail": {
        "api:invoice-reminder",
        "api:invoice-payment",
        "api:invoice-credit-note",
        "api:invoice-transmit",
    },
    "missions:invoice_issue": {"api:invoice-issue"},
    # network: the federation's structures, memberships, dues and groups
    "network:structure_create": {"api:structure-list"},
    "network:structure_edit": {"api:structure-detail"},
    "network:structure_membership": {"api:structure-membership", "api:structure-dues"},
    "network:group_create": {"api:group-list"},
    "network:group_edit": {"api:group-detail"},
    # accounts: a director's team
    "accounts:team_invite": {"api:team-list"},
    "accounts:membership_role": {"api:team-member-role"},
    "accounts:membership_deactivate": {"api:team-member-deactivate"},
    "accounts:membership_reactivate": {"api:team-member-reactivate"},
    "accounts:membership_invitation_resend": {"api:team-member-invitation"},
    "accounts:membership_payroll_nir": {"api:team-member-payroll-nir"},
    # observatory: the federation publishes a year
    "observatory:publish": {"api:observatory-publication"},
}

# Page actions without an API counterpart yet, each with its reason. Keep this short: an
# entry here is a gap an API client meets.
PAGE_ONLY = {
    # An upload of a whole file, checked then imported by a background job; an API client
    # creates the same people one by one (api:person-list, same service and checks).
    "people:person_import": "file upload; api:person-list creates people one by one",
    "people:import_job": "restarts the background import of an uploaded file",
    # The browser session's own pages: an API client is authenticated by its token
    # (Authorization: Bearer), never by a password, a second factor or a session.
    "accounts:login": "the session's login; the API takes a token",
    "accounts:two_factor_verify": "the session login's second step; the API takes a token",
    "accounts:logout": "ends the browser session; a token is revoked on its page instead",
    "accounts:switch_structure": "the session's current structure; API calls name theirs",
    "accounts:two_factor_setup": "the second factor guards the session login, not tokens",
    "accounts:two_factor_recovery_codes": "the second factor's codes: the session's own",
    # Tokens are made and revoked in a logged-in session (with its second factor), never
    # with a token: a leaked token can neither mint others nor keep itself alive.
    "accounts:api_tokens": "creates an API token: from a session only, by design",
    "accounts:api_token_revoke": "revokes an API token: from a session only, by design",
    # The person themselves, from an e-mailed link, before they have a session or a token.
    "accounts:password_reset": "asked by the person from the login page, by e-mail",
    "accounts:password_reset_confirm": "the e-mailed link's page, for the person only",
    "accounts:invitation_accept": "the invitation's e-mailed link: the invitee's password",
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
    """A page's view writes when it answers a POST: a class-based view with a `post`
    method, a view behind `require_POST` (or `require_http_methods` with POST), or one that
    reads the POST (forms bound to request.POST, a `request.method` check) — read from its
    source, decorators unwrapped."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    layer = view
    while layer is not None:
        methods = inspect.getclosurevars(layer).nonlocals.get("request_method_list")
        if methods and "POST" in methods:
            return True
        layer = getattr(layer, "__wrapped__", None)
    source = inspect.getsource(inspect.unwrap(view))
    return "request.POST" in source or "request.method" in source


# --- What a view calls ---------------------------------------------------------------------


def _service_writes() -> frozenset[str]:
    """The names of the write services of the apps (`services.py` or `services/`): the
    functions that run in a transaction of their own (`@transaction.atomic`)."""
    names = set()
    for app in APPS:
        try:
            package = importlib.import_module(f"tremplin.{app}.services")
        except ModuleNotFoundError:
            continue
        modules = [package]
        if hasattr(package, "__path__"):
            modules += [
                importlib.import_module(f"{package.__name__}.{info.name}")
                for info in pkgutil.iter_modules(package.__path__)
            ]
        for module in modules:
            for name, value in vars(module).items():
                if (
                    inspect.isfunction(value)
                    and value.__module__ == module.__name__
                    and not name.startswith("_")
                    and hasattr(value, "__wrapped__")
                ):
                    names.add(name)
    return frozenset(names)


def _sources(obj, seen=None, helper=False) -> list[tuple[str, bool]]:
    """The source of a view and of what it closes over (an object_action's `run`, a
    class's methods), each with whether it is a module helper the view calls: enough to
    read which services it calls."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    texts = []
    if inspect.isclass(obj):
        for name, member in vars(obj).items():
            if name in {"get", "post", "put", "patch", "delete", "run"} or name in {
                "perform_create",
                "perform_update",
                "create",
                "update",
            }:
                texts += _sources(inspect.unwrap(getattr(member, "__func__", member)), seen)
        for base in obj.__mro__[1:]:
            if base.__module__.startswith("tremplin.") and "api" in base.__module__:
                texts += _sources(base, seen)
        return texts
    if inspect.isfunction(obj):
        # A function without a source file (a builtin): nothing to read.
        with contextlib.suppress(OSError, TypeError):
            texts.append((inspect.getsource(obj), helper))
        names = inspect.getclosurevars(obj)
        for value in names.nonlocals.values():
            if inspect.isfunction(value) or inspect.isclass(value):
                texts += _sources(value, seen)
        # The module's own helpers it calls (`_save`, `_review`…), not the services they
        # reach: a service's own calls are not the view's.
        for value in names.globals.values():
            if (
                inspect.isfunction(value)
                and value.__module__ == obj.__module__
                and value.__name__.startswith("_")
            ):
                texts += _sources(value, seen, helper=True)
    return texts


# A service named in the view's code: called, or passed on to a helper (`_clock(request,
# pk, clocking.assignment_clock_in…)`); in a helper, called only (it may compare the
# service it was given with another).
NAME = re.compile(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b")
CALL = re.compile(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\(")


def services_called(view, writes: frozenset[str]) -> set[str]:
    target = getattr(view, "view_class", None) or inspect.unwrap(view)
    found = set()
    for text, helper in _sources(target):
        found.update((CALL if helper else NAME).findall(text))
    return found & writes


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


def test_each_counterpart_calls_every_service_the_page_calls():
    """A page action that gains a service (a new button on its form) needs it in the API:
    the audit found the invoice page's re-sending and the request page's multi-day
    assignments mapped to « some » endpoint that did neither."""
    routes, writes = _routes(), _service_writes()
    assert {"membership_invite", "invoice_transmit", "publication_create"} <= writes
    gaps = {}
    for page, counterparts in PARITY.items():
        wanted = services_called(routes[page], writes)
        assert wanted, f"{page}: the detection finds no service its view calls"
        given = set().union(*(services_called(routes[name], writes) for name in counterparts))
        if wanted - given:
            gaps[page] = sorted(wanted - given)
    assert not gaps, f"Services a page calls that none of its API counterparts calls: {gaps}"


def test_the_detection_tells_a_form_page_from_a_read_page():
    routes = _routes()
    assert _takes_post(routes["people:contract_renew"])
    assert _takes_post(routes["missions:assignment_delete"])
    # Behind require_POST, with no request.POST in its source; a class-based form view.
    assert _takes_post(routes["accounts:membership_deactivate"])
    assert _takes_post(routes["accounts:login"])
    assert not _takes_post(routes["accounts:password_reset_done"])
    assert not _takes_post(routes["people:person_list"])
    assert not _takes_post(routes["missions:invoice_pdf"])
    assert not _takes_post(routes["observatory:network"])


def test_the_detection_reads_the_services_of_a_page_and_of_its_counterparts():
    routes, writes = _routes(), _service_writes()
    page = services_called(routes["missions:invoice_detail"], writes)
    assert {"invoice_transmit", "invoice_remind", "payment_record", "credit_note_create"} <= page
    # Without the re-sending's endpoint, the invoice page would have a gap.
    assert "invoice_transmit" not in services_called(routes["api:invoice-reminder"], writes)
    assert services_called(routes["api:invoice-transmit"], writes) == {"invoice_transmit"}
    # A service passed on to the page's helper counts; the helper's comparison does not.
    assert services_called(routes["missions:my_clock_in"], writes) == {"assignment_clock_in"}
    # Through an object_action's `run` and a module helper it calls.
    assert services_called(routes["api:commitment-review"], writes) == {"commitment_review_add"}
