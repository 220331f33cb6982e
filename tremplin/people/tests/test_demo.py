"""The demo paths: valid by every model rule and every service rule, derived fields equal to
the calculations, deterministic, in the numbers asked for."""

from __future__ import annotations

import itertools
import random
import re
from collections import Counter, defaultdict

import pytest

from tremplin.common.text import normalize_search
from tremplin.conftest import pinned_today
from tremplin.network import demo as network_demo
from tremplin.network.models import StructureKind
from tremplin.people import calculations, demo
from tremplin.people.models import (
    Action,
    Approval,
    Barrier,
    BarrierStatus,
    BarrierStatusChange,
    CommitmentContract,
    CommitmentReview,
    Contract,
    ContractKind,
    ContractRenewal,
    Diagnosis,
    DiagnosisCriterion,
    Exit,
    ExitReason,
    Interview,
    Person,
    Prolongation,
    ProlongationRequest,
    RequestStatus,
    Suspension,
)
from tremplin.people.services import approvals as approval_services
from tremplin.people.services import contracts as contract_services
from tremplin.people.services import exits as exit_services
from tremplin.people.services import persons
from tremplin.people.services.eligibility import valid_diagnosis

pytestmark = pytest.mark.django_db

TODAY = pinned_today()  # the day every test is pinned to (tremplin/conftest.py)
PER_STRUCTURE = 30
NTT = re.compile(r"[12][0-9]{9}[0-9A-Za-z]{1,30}")  # the ASP's format (asp.employee_record)
KINDS = {
    StructureKind.AI: {ContractKind.CDDI, ContractKind.CDD_USAGE},
    StructureKind.ETTI: {ContractKind.MISSION},
    StructureKind.ACI: {ContractKind.CDDI},
    StructureKind.EI: {ContractKind.CDDI},
    StructureKind.EITI: {ContractKind.CDDI},
}
MODELS = [
    Person,
    Diagnosis,
    DiagnosisCriterion,
    Approval,
    Suspension,
    ProlongationRequest,
    Prolongation,
    Contract,
    ContractRenewal,
    Interview,
    Barrier,
    BarrierStatusChange,
    Action,
    CommitmentContract,
    CommitmentReview,
    Exit,
]


@pytest.fixture
def seeded(db):
    """Ten structures, two of each kind, with their people."""
    structures = network_demo.seed_network(count=10, seed=5).structures
    for structure, kind in zip(structures, itertools.cycle(StructureKind.values), strict=False):
        structure.kind = kind
        structure.save(update_fields=["kind"])
    counts = demo.seed_people(structures=structures, seed=5, per_structure=PER_STRUCTURE)
    return structures, counts


def _delete_people():
    Exit.objects.all().delete()
    Contract.objects.all().delete()
    Approval.objects.all().delete()
    Person.objects.all().delete()


def _sample(queryset, size, seed=0):
    rows = list(queryset.order_by("pk"))
    return random.Random(seed).sample(rows, min(size, len(rows)))


def test_counts_are_those_asked_for(seeded):
    structures, counts = seeded
    per_structure = Counter(Person.objects.values_list("structure_id", flat=True))
    assert per_structure == {s.pk: PER_STRUCTURE for s in structures}
    assert counts["people"] == len(structures) * PER_STRUCTURE
    for name, model in demo._Chunk.ORDER:
        assert model.objects.count() == counts[name], name
    assert {s.kind for s in structures} == set(StructureKind.values)


def test_every_object_passes_full_clean(seeded):
    for model in MODELS:
        for obj in _sample(model.objects.all(), 150):
            obj.full_clean()


def test_identity_nir_and_derived_fields(seeded):
    people = list(Person.objects.all())
    with_nir = [p for p in people if p.nir]
    assert 0.8 < len(with_nir) / len(people) < 0.97
    for person in people:
        assert person.search_name == normalize_search(person.last_name)
        assert person.nir_hash == persons.nir_hash(person.nir or "")
        if person.nir:
            assert persons.clean_nir(person.nir) == person.nir
            assert person.nir[0] == ("1" if person.sex == "M" else "2")
            assert person.nir[1:5] == person.birth_date.strftime("%y%m")
            place = person.birth_commune_id or "99" + person.birth_country[2:]
            assert person.nir[5:10] == place
            assert not person.ntt
        else:
            assert NTT.fullmatch(person.ntt)
    assert len({p.nir for p in with_nir}) == len(with_nir)


def test_referents_are_the_structures_counsellors(seeded):
    from tremplin.accounts.models import StructureMembership

    counsellors = set(
        StructureMembership.objects.filter(role="conseiller").values_list("structure_id", "user_id")
    )
    for structure_id, conseiller_id in Person.objects.values_list("structure_id", "conseiller_id"):
        assert (structure_id, conseiller_id) in counsellors


def test_diagnoses_are_eligible_and_expire_as_calculated(seeded):
    criteria = defaultdict(list)
    for diagnosis_id, code in DiagnosisCriterion.objects.values_list("diagnosis_id", "criterion"):
        criteria[diagnosis_id].append(code)
    for diagnosis in Diagnosis.objects.select_related("person__structure"):
        assert diagnosis.made_on <= TODAY
        assert diagnosis.expires_on == calculations.diagnosis_expires_on(
            diagnosis.author_kind, diagnosis.made_on
        )
        result = calculations.eligibility(
            criteria[diagnosis.pk], diagnosis.person.structure.kind, diagnosis.made_on
        )
        assert result.eligible, (criteria[diagnosis.pk], diagnosis.person.structure.kind)


def test_approvals_end_dates_equal_the_calculation(seeded):
    approvals = Approval.objects.select_related("person").prefetch_related(
        "suspensions", "prolongations"
    )
    assert approvals.count() > 0
    for approval in approvals:
        assert approval.end_date == calculations.approval_end_date(
            approval.start_date,
            suspended_days=approval_services.suspended_days(approval),
            prolonged_days=approval_services.prolonged_days(approval),
        )
        # Issued on a diagnosis valid that day, one PASS per person.
        assert valid_diagnosis(approval.person, approval.start_date) is not None
    assert Approval.objects.values("person").distinct().count() == Approval.objects.count()


def test_suspensions_never_overlap_and_stay_short(seeded):
    by_approval = defaultdict(list)
    for suspension in Suspension.objects.select_related("approval", "approval__person"):
        approval = suspension.approval
        assert suspension.end_date <= calculations.suspension_max_end(suspension.start_date)
        assert approval.start_date <= suspension.start_date <= approval.end_date
        assert suspension.structure_id == approval.person.structure_id
        by_approval[approval.pk].append(suspension)
    for suspensions in by_approval.values():
        suspensions.sort(key=lambda s: s.start_date)
        for first, second in itertools.pairwise(suspensions):
            assert first.end_date < second.start_date
    assert Suspension.objects.exists()


def test_prolongations_hold_the_rules_of_r5132_1_8(seeded):
    prolongations = Prolongation.objects.select_related("approval__person__structure", "request")
    assert prolongations.exists()
    for prolongation in prolongations:
        approval = prolongation.approval
        # As the service saw it: the PASS before this prolongation.
        approval.end_date = calculations.approval_end_date(
            approval.start_date, suspended_days=approval_services.suspended_days(approval)
        )
        assert prolongation.start_date == approval.end_date + calculations.ONE_DAY
        on = prolongation.request.decided_on if prolongation.request else approval.end_date
        rule_ = approval_services._check_prolongation(
            approval, prolongation.reason, prolongation.end_date, on
        )
        if rule_.decided_by_prescriber:
            assert prolongation.request.status == RequestStatus.ACCEPTED
    for request in ProlongationRequest.objects.filter(status=RequestStatus.PENDING).select_related(
        "approval__person__structure"
    ):
        approval_services._check_prolongation(
            request.approval, request.reason, request.end_date, request.requested_on
        )


def test_contracts_pass_the_service_check(seeded):
    for contract in _sample(Contract.objects.select_related("person__structure"), 400):
        contract_services.check_contract(
            person=contract.person,
            kind=contract.kind,
            start_date=contract.start_date,
            end_date=contract.planned_end_date,
            weekly_hours=contract.weekly_hours,
            extension_ground=contract.extension_ground,
            exclude_pk=contract.pk,
        )


def test_contracts_fit_the_structure_the_pass_and_each_other(seeded):
    approvals = {
        a.person_id: a for a in Approval.objects.prefetch_related("suspensions", "prolongations")
    }
    by_person = defaultdict(list)
    contracts = Contract.objects.select_related("person__structure").prefetch_related("renewals")
    for contract in contracts:
        assert contract.kind in KINDS[contract.person.structure.kind]
        assert contract.structure_id == contract.person.structure_id
        approval = approvals[contract.person_id]
        assert approval.start_date <= contract.start_date
        assert contract.actual_end_date <= approval.end_date
        assert contract.start_date <= TODAY
        assert not any(
            s.start_date <= contract.start_date <= s.end_date for s in approval.suspensions.all()
        )
        if contract.kind == ContractKind.CDDI:
            assert 20 <= contract.weekly_hours <= 35
            months = 24 if not contract.extension_ground else 36
            assert contract.planned_end_date <= calculations.last_day_of_period(
                contract.start_date, months=months
            )
            assert contract.planned_end_date >= calculations.last_day_of_period(
                contract.start_date, months=4
            )
        renewals = sorted(contract.renewals.all(), key=lambda r: r.previous_end_date)
        ends = [contract.initial_end_date] + [r.new_end_date for r in renewals]
        assert ends[-1] == contract.planned_end_date
        for renewal, previous in zip(renewals, ends, strict=False):
            assert renewal.previous_end_date == previous < renewal.new_end_date
            assert contract.start_date <= renewal.signed_on <= min(previous, TODAY)
        by_person[contract.person_id].append(contract)
    for person_contracts in by_person.values():
        person_contracts.sort(key=lambda c: c.start_date)
        for first, second in itertools.pairwise(person_contracts):
            assert first.actual_end_date < second.start_date


def test_exits_are_counted_as_the_service_counts(seeded):
    exits = Exit.objects.select_related("person__structure")
    assert exits.exists()
    reasons = ExitReason.objects.exists()
    for exit_ in exits:
        assert exit_.exit_date < TODAY
        expected = exit_services._counted(exit_.person, exit_.exit_date)
        assert exit_.counted == expected["counted"]
        assert exit_.worked_hours == expected["worked_hours"]
        assert exit_.worked_months == expected["worked_months"]
        # The path ended on the exit: no contract runs past it.
        for contract in exit_.person.contracts.all():
            assert contract.actual_end_date <= exit_.exit_date
        if not reasons:
            assert exit_.reason_id is None
    assert Exit.objects.values("person").distinct().count() == Exit.objects.count()


def test_barriers_move_forward_and_end_on_their_last_step(seeded):
    order = list(BarrierStatus.values)
    for barrier in Barrier.objects.prefetch_related("changes", "actions"):
        changes = list(barrier.changes.all())
        assert changes[0].status == BarrierStatus.IDENTIFIED
        assert changes[0].date == barrier.identified_on
        assert [order.index(c.status) for c in changes] == list(range(len(changes)))
        assert all(a.date <= b.date for a, b in itertools.pairwise(changes))
        assert barrier.status == changes[-1].status
        assert all(a.person_id == barrier.person_id for a in barrier.actions.all())


def test_work_lists_have_something_to_show(seeded):
    from tremplin.accounts.models import StructureMembership
    from tremplin.people.selectors import work_list

    structures, _counts = seeded
    totals = Counter()
    for structure in structures:
        conseiller = (
            StructureMembership.objects.filter(structure=structure, role="conseiller").first().user
        )
        lists = work_list(actor=conseiller, structure_id=structure.pk)
        for key, _label, items in lists.sections():
            totals[key] += len(items)
        assert lists.passes_30 and lists.passes_60  # forced in every structure of 8 or more
        assert lists.diagnoses_expiring
    assert totals["contracts_ending"] and totals["idle_barriers"]
    assert totals["prolongation_windows"]
    # Proportions: people in path, exited, candidates.
    exited = Exit.objects.count() / Person.objects.count()
    assert 0.2 < exited < 0.6
    assert Approval.objects.count() < Person.objects.count()


def test_same_seed_same_people():
    network = network_demo.seed_network(count=3, seed=9)
    demo.seed_people(structures=network.structures, seed=9, per_structure=12, today=TODAY)
    first = list(
        Person.objects.order_by("pk").values_list("first_names", "last_name", "birth_date", "nir")
    )
    _delete_people()
    demo.seed_people(structures=network.structures, seed=9, per_structure=12, today=TODAY)
    again = list(
        Person.objects.order_by("pk").values_list("first_names", "last_name", "birth_date", "nir")
    )
    assert again == first
    # Seeding the same structures again adds other people (no duplicate files), with
    # PASS numbers of their own.
    last = Person.objects.order_by("pk").last().pk
    demo.seed_people(structures=network.structures, seed=9, per_structure=12, today=TODAY)
    assert Person.objects.count() == 72
    added = list(
        Person.objects.filter(pk__gt=last)
        .order_by("pk")
        .values_list("first_names", "last_name", "birth_date", "nir")
    )
    assert added != again and not set(added) & set(again)
    assert Approval.objects.values("number").distinct().count() == Approval.objects.count()


def test_default_sizes_follow_the_kind():
    network = network_demo.seed_network(count=6, seed=4)
    counts = demo.seed_people(structures=network.structures, seed=4)
    sizes = Counter(Person.objects.values_list("structure_id", flat=True))
    for structure in network.structures:
        mean = demo.MEAN_SIZE[structure.kind]
        assert mean * 0.5 - 1 <= sizes[structure.pk] <= mean * 1.5 + 1
    assert counts["people"] == sum(sizes.values())


def test_without_the_asp_list_exits_have_no_reason_yet():
    ExitReason.objects.all().delete()
    network = network_demo.seed_network(count=3, seed=3)
    counts = demo.seed_people(structures=network.structures, seed=3, per_structure=40)
    assert counts["exits"] > 0
    assert not Exit.objects.filter(reason__isnull=False).exists()
