"""Schemathesis over the whole OpenAPI, as the demo director of a seeded structure: no
server error on any route, whatever the parameters and bodies.

Bounded: a few examples per operation and generation mode (valid and invalid data), and a
time budget for the whole run. Half of the generated ids are swapped for ids of rows the
director may see, so that the services run past the "unknown id" answer. Each operation
runs in a savepoint rolled back after it: its writes do not reach the next operation, and
the test's own transaction keeps them from the other tests.

Skip it locally with `-m "not schemathesis"`; CI runs it (`make test`)."""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tremplin.accounts.models import User
from tremplin.missions.models import Assignment, Invoice, MissionRequest
from tremplin.missions.models import Client as MissionClient
from tremplin.network.models import Delegation, Structure
from tremplin.people.models import (
    Approval,
    Barrier,
    CommitmentContract,
    Contract,
    Exit,
    ExitReason,
    Person,
    ProlongationRequest,
)

pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

EXAMPLES_PER_MODE = 12
# Past this budget the remaining operations still run, with a few examples each: every
# route is tried even on a slow machine, and the run stays within a few minutes.
BUDGET_SECONDS = 120
EXAMPLES_PAST_BUDGET = 3


def _session_auth(user) -> tuple[dict, dict]:
    """Cookies and headers of a logged-in session that passes the CSRF check. (Switch
    here to a token header when the API's authentication changes.)"""
    client = Client()
    client.force_login(user)
    csrf = _get_new_csrf_string()
    return (
        {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf},
        {"X-CSRFToken": csrf},
    )


def _known_ids(director) -> dict[str, list]:
    structures = list(
        Structure.objects.filter(memberships__user=director).values_list("pk", flat=True)
    )
    return {
        "person": list(
            Person.objects.filter(structure_id__in=structures).values_list("pk", flat=True)
        ),
        "approval": list(
            Approval.objects.filter(person__structure_id__in=structures).values_list(
                "pk", flat=True
            )
        ),
        "structure": structures,
        "client": list(
            MissionClient.objects.filter(structure_id__in=structures).values_list("pk", flat=True)
        ),
        "request": list(
            MissionRequest.objects.filter(structure_id__in=structures).values_list("pk", flat=True)
        ),
        "barrier": list(
            Barrier.objects.filter(person__structure_id__in=structures).values_list("pk", flat=True)
        ),
        "reason": list(ExitReason.objects.values_list("pk", flat=True)),
        "assignment": list(
            Assignment.objects.filter(request__structure_id__in=structures).values_list(
                "pk", flat=True
            )
        ),
        "prolongation_request": list(
            ProlongationRequest.objects.filter(
                approval__person__structure_id__in=structures
            ).values_list("pk", flat=True)
        ),
        "delegation": list(Delegation.objects.values_list("pk", flat=True)),
        "contract": list(
            Contract.objects.filter(structure_id__in=structures).values_list("pk", flat=True)
        ),
        "commitment": list(
            CommitmentContract.objects.filter(person__structure_id__in=structures).values_list(
                "pk", flat=True
            )
        ),
        "exit": list(
            Exit.objects.filter(person__structure_id__in=structures).values_list("pk", flat=True)
        ),
        "invoice": list(
            Invoice.objects.filter(structure_id__in=structures).values_list("pk", flat=True)
        ),
    }


# No server error; and every answer is one the schema declares, in its declared shape.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# Which known ids stand for the `{id}` of a path.
PATH_IDS = {
    "/api/v1/personnes/{id}/": "person",
    "/api/v1/structures/{id}/": "structure",
    "/api/v1/demandes-prolongation/{id}/decision/": "prolongation_request",
    "/api/v1/observatoire/structures/{id}/": "structure",
    "/api/v1/observatoire/delegations/{id}/": "delegation",
    "/api/v1/pass/{id}/": "approval",
    "/api/v1/contrats/{id}/": "contract",
    "/api/v1/contrats/{id}/renouvellement/": "contract",
    "/api/v1/contrats/{id}/fin-anticipee/": "contract",
    "/api/v1/freins/{id}/statut/": "barrier",
    "/api/v1/engagements/{id}/bilan/": "commitment",
    "/api/v1/sorties/{id}/motif/": "exit",
    "/api/v1/demandes/{id}/creneaux/": "request",
    "/api/v1/demandes/{id}/cloture/": "request",
    "/api/v1/affectations/{id}/": "assignment",
    "/api/v1/factures/{id}/": "invoice",
    "/api/v1/factures/{id}/emission/": "invoice",
    "/api/v1/factures/{id}/avoir/": "invoice",
    "/api/v1/factures/{id}/paiements/": "invoice",
    "/api/v1/factures/{id}/relance/": "invoice",
    "/api/v1/factures/{id}/pdf/": "invoice",
}


def _swap_ids(case, known):
    """An even generated integer id becomes a known one (chosen by its value): the odd ones
    keep testing unknown ids."""

    def pick(kind, value):
        rows = known.get(kind)
        if rows and isinstance(value, int) and not isinstance(value, bool) and value % 2 == 0:
            return rows[value % len(rows)]
        return value

    if isinstance(case.body, dict):
        for key, value in list(case.body.items()):
            case.body[key] = pick(key, value)
    kind = PATH_IDS.get(case.operation.path)
    if kind and case.path_parameters and "id" in case.path_parameters:
        case.path_parameters["id"] = pick(kind, case.path_parameters["id"])
    if case.query:
        for key in ("person", "structure"):
            if key in case.query:
                case.query[key] = pick(key, case.query[key])


@pytest.fixture
def one_connection():
    """As Django's test client does: the requests run inside the test's transaction, which
    closing "old" connections at each request would end (PostgreSQL; SQLite's in-memory
    database ignores the close)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_server_error_on_any_operation(one_connection):
    call_command("seed_demo", structures=2, people_per_structure=6, verbosity=0)
    director = User.objects.get(email="direction@tremplin.test")
    cookies, headers = _session_auth(director)
    known = _known_ids(director)
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 25  # the whole API, not a part of it
    failures = []
    statuses = defaultdict(Counter)  # what the run reached, printed for who reads it (-s)
    deadline = time.monotonic() + BUDGET_SECONDS
    request_log = logging.getLogger("django.request")
    previous_level = request_log.level
    request_log.setLevel(logging.ERROR)  # 4xx answers are expected by the thousand
    try:
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                examples = (
                    EXAMPLES_PER_MODE if time.monotonic() < deadline else EXAMPLES_PAST_BUDGET
                )

                @given(case=operation.as_strategy(generation_mode=mode))
                @settings(
                    max_examples=examples,
                    deadline=None,
                    database=None,
                    derandomize=True,
                    suppress_health_check=list(HealthCheck),
                    print_blob=False,
                )
                def run(case):
                    _swap_ids(case, known)
                    response = case.call(headers=headers, cookies=cookies)
                    statuses[case.operation.label][response.status_code // 100] += 1
                    case.validate_response(response, checks=CHECKS)

                with transaction.atomic():
                    try:
                        run()
                    except (Exception, BaseExceptionGroup) as exc:
                        failures.append(f"{operation.label} ({mode}): {str(exc)[:2000]}")
                    transaction.set_rollback(True)
    finally:
        request_log.setLevel(previous_level)
    for label, counts in sorted(statuses.items()):
        print(label, dict(sorted(counts.items())))
    # The run reached past the validation of its input somewhere: not only 4xx answers.
    assert sum(counts[2] for counts in statuses.values()) > len(operations)
    assert not failures, "\n\n".join(failures)
