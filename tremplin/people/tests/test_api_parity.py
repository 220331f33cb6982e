"""The people pages' actions on an existing row through the API: a person's update, a PASS
IAE's and a contract's detail, a renewal and an early end, a barrier's status, a review, an
exit's reason — the same services as the pages, French errors, the legal limits."""

import datetime
import io
from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command
from django.utils import translation

from tremplin.people.models import Approval, Barrier, Contract, Exit, Person
from tremplin.people.services import accompaniment, contracts

from .conftest import make_approval

D = datetime.date


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def _as(client, world, role):
    client.force_login(world.user(role))
    return client


def _send(http, method, url, body):
    return getattr(http, method)(url, body, content_type="application/json")


START, END = D(2025, 1, 6), D(2025, 6, 30)


def _contract(world, person, start=START, end=END):
    make_approval(world, person, start)
    return contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=start,
        planned_end_date=end,
        weekly_hours=Decimal(26),
    )


def _foreign(world):
    return Person.objects.create(
        structure=world.other,
        last_name="Ailleurs",
        first_names="Jean",
        sex="M",
        birth_date=D(1980, 1, 1),
    )


def test_a_counsellor_updates_a_person_and_only_what_was_sent_changes(world, client, person):
    http = _as(client, world, "conseiller")
    answer = _send(
        http,
        "patch",
        f"/api/v1/personnes/{person.pk}/",
        {"phone": "06 12 34 56 78", "rqth": True, "housing": "hosted"},
    )
    assert answer.status_code == 200, answer.content
    person.refresh_from_db()
    assert (person.phone, person.rqth, person.housing) == ("06 12 34 56 78", True, "hosted")
    assert (person.last_name, person.birth_date) == ("Martin", D(1990, 5, 17))
    assert answer.json()["phone"] == "06 12 34 56 78"


def test_a_person_update_refuses_a_wrong_code_an_implausible_date_and_other_roles(
    world, client, person
):
    http = _as(client, world, "conseiller")
    url = f"/api/v1/personnes/{person.pk}/"
    wrong = _send(http, "patch", url, {"housing": "castle", "birth_date": "0001-01-01"})
    assert wrong.status_code == 400
    assert set(wrong.json()) == {"housing", "birth_date"}
    assert "castle" in wrong.json()["housing"][0]  # « "castle" n'est pas un choix valide. »
    nir = _send(http, "patch", url, {"nir": "123"})
    assert nir.status_code == 400 and "nir" in nir.json()
    http = _as(client, world, "planner")
    assert _send(http, "patch", url, {"phone": "01"}).status_code == 403
    person.refresh_from_db()
    assert (person.phone, person.housing) == ("", "")
    http = _as(client, world, "director")
    other = _foreign(world)
    assert (
        _send(http, "patch", f"/api/v1/personnes/{other.pk}/", {"phone": "01"}).status_code == 404
    )


def test_the_pass_and_the_contract_in_detail(world, client, person, today):
    contract = _contract(
        world,
        person,
        start=today - datetime.timedelta(days=10),
        end=today + datetime.timedelta(days=200),
    )
    approval = person.approvals.get()
    http = _as(client, world, "planner")
    shown = http.get(f"/api/v1/pass/{approval.pk}/").json()
    assert (shown["number"], shown["state"]) == (approval.number, "valid")
    assert http.get(f"/api/v1/contrats/{contract.pk}/").json()["kind"] == "cddi"
    http = _as(client, world, "director")
    foreign = _foreign(world)
    foreign_pass = Approval.objects.create(
        person=foreign, number="999990000077", start_date=today, end_date=today
    )
    assert http.get(f"/api/v1/pass/{foreign_pass.pk}/").status_code == 404


def test_a_renewal_within_24_months_and_one_past_them(world, client, person):
    contract = _contract(world, person)
    http = _as(client, world, "conseiller")
    url = f"/api/v1/contrats/{contract.pk}/renouvellement/"
    renewed = _send(http, "post", url, {"new_end_date": "2026-06-30", "signed_on": "2025-06-20"})
    assert renewed.status_code == 200, renewed.content
    assert renewed.json()["planned_end_date"] == "2026-06-30"
    past = _send(http, "post", url, {"new_end_date": "2027-02-01", "signed_on": "2025-06-20"})
    assert past.status_code == 400
    assert "24" in str(past.json())  # the legal limit, in French
    assert Contract.objects.get().planned_end_date == D(2026, 6, 30)


def test_an_early_end_with_its_reason_and_at_its_edges(world, client, person):
    contract = _contract(world, person)
    http = _as(client, world, "conseiller")
    url = f"/api/v1/contrats/{contract.pk}/fin-anticipee/"
    after = _send(http, "post", url, {"end_date": "2025-07-01", "reason": "resignation"})
    assert after.status_code == 400 and "end_date" in after.json()
    before = _send(http, "post", url, {"end_date": "2025-01-05", "reason": "resignation"})
    assert before.status_code == 400
    unknown = _send(http, "post", url, {"end_date": "2025-03-31", "reason": "boredom"})
    assert unknown.status_code == 400 and "reason" in unknown.json()
    contract.refresh_from_db()
    assert contract.early_end_date is None
    ended = _send(http, "post", url, {"end_date": "2025-06-30", "reason": "hired"})
    assert ended.status_code == 200, ended.content
    assert ended.json()["early_end_reason"] == "hired"
    contract.refresh_from_db()
    assert contract.early_end_date == D(2025, 6, 30)


def test_a_barrier_moves_on_a_review_is_recorded_an_exit_gets_its_reason(
    world, client, person, today
):
    barrier = accompaniment.barrier_create(
        actor=world.user("conseiller"), person=person, category="mobility", identified_on=today
    )
    commitment = accompaniment.commitment_create(
        actor=world.user("conseiller"), person=person, signed_on=today, goals="Permis B"
    )
    http = _as(client, world, "conseiller")
    moved = _send(
        http,
        "post",
        f"/api/v1/freins/{barrier.pk}/statut/",
        {"status": "in_progress", "date": today.isoformat()},
    )
    assert moved.status_code == 200 and Barrier.objects.get().status == "in_progress"
    back = _send(
        http,
        "post",
        f"/api/v1/freins/{barrier.pk}/statut/",
        {"status": "identified", "date": today.isoformat()},
    )
    assert back.status_code == 400
    early = _send(
        http,
        "post",
        f"/api/v1/engagements/{commitment.pk}/bilan/",
        {"date": (today - datetime.timedelta(days=1)).isoformat(), "notes": "Bilan"},
    )
    assert early.status_code == 400 and "date" in early.json()
    review = _send(
        http,
        "post",
        f"/api/v1/engagements/{commitment.pk}/bilan/",
        {"date": today.isoformat(), "notes": "Bilan à trois mois"},
    )
    assert review.status_code == 200 and commitment.reviews.count() == 1
    exit_ = Exit.objects.create(person=person, exit_date=today)
    guessed = _send(http, "post", f"/api/v1/sorties/{exit_.pk}/motif/", {"reason": "cdd"})
    assert guessed.status_code == 400
    coded = _send(http, "post", f"/api/v1/sorties/{exit_.pk}/motif/", {"reason": "CDD_MOINS_6M"})
    assert coded.status_code == 200, coded.content
    assert (coded.json()["reason"], coded.json()["category"]) == ("CDD_MOINS_6M", "transition")


def test_the_schema_lists_every_exit_reason_with_its_label():
    out = io.StringIO()
    call_command("spectacular", stdout=out)
    schemas = yaml.safe_load(out.getvalue())["components"]["schemas"]
    enum = schemas["ExitReasonEnum"]
    assert "CDD_MOINS_6M" in enum["enum"] and "CDI" in enum["enum"]
    assert "`CDD_MOINS_6M` - Embauche en CDD de moins de 6 mois" in enum["description"]
    assert schemas["ExitCreate"]["properties"]["reason"]["oneOf"][0]["$ref"].endswith(
        "ExitReasonEnum"
    )
    for name in ("ClientKindEnum", "RequestStateEnum", "InvoiceStatusEnum", "ContractKindEnum"):
        assert schemas[name]["enum"] and "` - " in schemas[name]["description"]
