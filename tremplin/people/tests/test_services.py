import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from tremplin.people.models import Approval, Contract, Person, Suspension
from tremplin.people.services import (
    accompaniment,
    approvals,
    contracts,
    eligibility,
    exits,
    persons,
)

from .conftest import make_approval, make_eligible, make_person

D = datetime.date
DAY = datetime.timedelta(days=1)
VALID_NIR = "190057512301575"  # a man born in May 1990 in Paris (key 97 - n mod 97 = 75)


# --- Person -----------------------------------------------------------------------------


def test_nir_is_validated_encrypted_and_masked(world):
    person = make_person(world, nir="1 90 05 75 123 015 75", sex="M")
    assert person.nir == VALID_NIR
    with connection.cursor() as cursor:
        cursor.execute("SELECT nir FROM people_person WHERE id = %s", [person.pk])
        stored = cursor.fetchone()[0]
    assert VALID_NIR not in stored  # encrypted at rest
    assert Person.objects.get(pk=person.pk).nir == VALID_NIR
    assert person.masked_nir.endswith("75") and "75123" not in person.masked_nir


@pytest.mark.parametrize(
    ("nir", "code"),
    [
        ("190057512301574", "nir_checksum"),
        ("19005751230157", "nir_length"),
        ("590057512301575", "nir_format"),
    ],
)
def test_bad_nir_says_what_is_wrong(world, nir, code):
    with pytest.raises(ValidationError) as excinfo:
        make_person(world, nir=nir)
    assert "nir" in excinfo.value.message_dict
    assert not Person.objects.exists()


def test_duplicates_are_detected_on_nir_and_on_name_and_birth_date(world):
    first = make_person(world, nir=VALID_NIR)
    with pytest.raises(persons.DuplicatePerson) as excinfo:
        make_person(world, last_name="Autre", nir=VALID_NIR)
    assert excinfo.value.candidates == [first]
    with pytest.raises(persons.DuplicatePerson):
        make_person(world, last_name="MARTÍN")  # same normalised name and birth date
    second = persons.person_create(
        actor=world.user("conseiller"),
        structure=world.own,
        allow_duplicate=True,
        last_name="Martin",
        first_names="Léa",
        sex="F",
        birth_date=D(1990, 5, 17),
    )
    assert second.pk != first.pk


@pytest.mark.parametrize("role", ["planner", "accountant", "delegate", "federation", "employee"])
def test_only_directors_and_counsellors_create_files(world, role):
    with pytest.raises(PermissionDenied):
        persons.person_create(
            actor=world.user(role),
            structure=world.own,
            last_name="X",
            first_names="Y",
            sex="F",
            birth_date=D(1990, 1, 1),
        )
    assert not Person.objects.exists()


# --- Eligibility and PASS IAE -------------------------------------------------------------


def test_diagnosis_needs_enough_criteria_for_the_kind(world, person):
    with pytest.raises(ValidationError) as excinfo:
        make_eligible(world, person, D(2025, 1, 1), criteria=["l2_senior"])
    assert excinfo.value.message_dict["criteria"]
    diagnosis = make_eligible(world, person, D(2025, 1, 1), criteria=["l2_senior", "l2_qpv"])
    assert diagnosis.expires_on == D(2025, 4, 2)  # employer: 92 days


@pytest.mark.parametrize(("offset", "ok"), [(-1, True), (0, True), (1, False)])
def test_pass_needs_a_diagnosis_valid_on_its_start(world, person, offset, ok):
    diagnosis = make_eligible(world, person, D(2025, 1, 1))
    start = diagnosis.expires_on + datetime.timedelta(days=offset)
    if ok:
        approvals.approval_issue(
            actor=world.user("conseiller"), person=person, number="999990000001", start_date=start
        )
    else:
        with pytest.raises(ValidationError):
            approvals.approval_issue(
                actor=world.user("conseiller"),
                person=person,
                number="999990000001",
                start_date=start,
            )


@pytest.mark.parametrize(
    ("offset", "waived", "ok"),
    # The waiting period's last day is 2025-01-03: the day before, of and after.
    [(-2, "", False), (-1, "", False), (0, "", True), (-1, "Mission locale de Lyon", True)],
)
def test_waiting_period_of_two_years(world, person, offset, waived, ok):
    first = make_approval(world, person, D(2021, 1, 4))
    assert first.end_date == D(2023, 1, 3)
    free_from = D(2025, 1, 4) + datetime.timedelta(days=offset)  # waiting period ends 2025-01-03
    make_eligible(world, person, min(free_from, D.today()))
    call = lambda: approvals.approval_issue(  # noqa: E731
        actor=world.user("conseiller"),
        person=person,
        number="999990000002",
        start_date=free_from,
        waiting_period_waived_by=waived,
    )
    if ok:
        assert call().start_date == free_from
    else:
        with pytest.raises(ValidationError) as excinfo:
            call()
        assert excinfo.value.error_dict["start_date"][0].code == "waiting_period"


def test_suspension_moves_the_end_and_never_overlaps(world, person):
    approval = make_approval(world, person, D(2025, 1, 6))
    conseiller = world.user("conseiller")
    approvals.suspension_create(
        actor=conseiller,
        approval=approval,
        start_date=D(2025, 3, 1),
        end_date=D(2025, 3, 10),
        reason="sickness",
    )
    approval.refresh_from_db()
    assert approval.end_date == D(2027, 1, 5) + 10 * DAY
    with pytest.raises(ValidationError) as excinfo:
        approvals.suspension_create(
            actor=conseiller,
            approval=approval,
            start_date=D(2025, 3, 10),
            end_date=D(2025, 3, 20),
            reason="sickness",
        )
    assert "start_date" in excinfo.value.message_dict
    assert Suspension.objects.count() == 1


@pytest.mark.parametrize(("extra_days", "ok"), [(-1, True), (0, True), (1, False)])
def test_suspension_lasts_at_most_36_months(world, person, extra_days, ok):
    approval = make_approval(world, person, D(2025, 1, 6))
    start = D(2025, 2, 1)
    end = D(2028, 1, 31) + datetime.timedelta(days=extra_days)  # 36 months end on 2028-01-31
    if ok:
        approvals.suspension_create(
            actor=world.user("conseiller"),
            approval=approval,
            start_date=start,
            end_date=end,
            reason="sickness",
        )
    else:
        with pytest.raises(ValidationError):
            approvals.suspension_create(
                actor=world.user("conseiller"),
                approval=approval,
                start_date=start,
                end_date=end,
                reason="sickness",
            )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraint of PostgreSQL")
def test_postgresql_refuses_overlapping_suspensions_even_past_the_service(world, person):
    approval = make_approval(world, person, D(2025, 1, 6))
    Suspension.objects.create(
        approval=approval,
        start_date=D(2025, 3, 1),
        end_date=D(2025, 3, 10),
        reason="other",
        structure=world.own,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Suspension.objects.create(
            approval=approval,
            start_date=D(2025, 3, 10),
            end_date=D(2025, 3, 12),
            reason="other",
            structure=world.own,
        )


def _senior(world, birth_year=1965):
    return make_person(world, last_name="Durand", birth_date=D(birth_year, 1, 1), rqth=True)


def _request_and_accept(world, approval, reason, end_date, on):
    request = approvals.prolongation_request_create(
        actor=world.user("conseiller"),
        approval=approval,
        reason=reason,
        end_date=end_date,
        prescriber="Cap emploi",
        requested_on=on,
    )
    return approvals.prolongation_request_decide(
        actor=world.user("conseiller"), request=request, accepted=True, decided_on=on
    )


def test_prolongation_by_prescriber_for_a_senior_up_to_84_months(world):
    person = _senior(world)
    approval = make_approval(world, person, D(2019, 1, 7))  # ends 2021-01-06
    approval.refresh_from_db()
    assert approval.end_date == D(2021, 1, 6)
    # Direct prolongation without a prescriber's decision is refused.
    with pytest.raises(ValidationError):
        approvals.prolongation_create(
            actor=world.user("conseiller"),
            approval=approval,
            reason="senior",
            end_date=D(2022, 1, 6),
            decided_by="moi",
        )
    end = approval.end_date
    for _ in range(5):  # 5 × 12 months: 24 + 60 = 84 months, until 2026-01-06
        end = calculations_last_day(end)
        _request_and_accept(world, approval, "senior", end, D(2019, 6, 1))
        approval.refresh_from_db()
    assert approval.end_date == D(2026, 1, 6)
    with pytest.raises(ValidationError) as excinfo:
        _request_and_accept(world, approval, "senior", D(2026, 1, 7), D(2019, 6, 1))
    assert excinfo.value.error_dict["end_date"][0].code == "cap"


def calculations_last_day(end):
    from tremplin.people.calculations import last_day_of_period

    return last_day_of_period(end + DAY, months=12)


@pytest.mark.parametrize(("end", "ok"), [(D(2024, 1, 6), True), (D(2024, 1, 7), False)])
def test_rqth_path_capped_at_60_months(world, end, ok):
    person = _senior(world, birth_year=1995)
    approval = make_approval(world, person, D(2019, 1, 7))
    for year_end in (D(2022, 1, 6), D(2023, 1, 6)):
        _request_and_accept(world, approval, "rqth", year_end, D(2019, 6, 1))
        approval.refresh_from_db()
    if ok:
        _request_and_accept(world, approval, "rqth", end, D(2019, 6, 1))
    else:
        with pytest.raises(ValidationError):
            _request_and_accept(world, approval, "rqth", end, D(2019, 6, 1))


def test_particular_difficulties_only_for_ai_and_aci(world, aci):
    from tremplin.conftest import make_structure

    ei = make_structure(
        actor=world.user("federation"), name="EI", siret="44306184100047", kind="EI"
    )
    from tremplin.accounts.services import structure_membership_add

    structure_membership_add(user=world.user("conseiller"), structure=ei, role="conseiller")
    person = persons.person_create(
        actor=world.user("conseiller"),
        structure=ei,
        last_name="Petit",
        first_names="Jo",
        sex="M",
        birth_date=D(1990, 1, 1),
    )
    approval = make_approval(world, person, D(2024, 1, 8))
    with pytest.raises(ValidationError) as excinfo:
        approvals.prolongation_request_create(
            actor=world.user("conseiller"),
            approval=approval,
            reason="difficulties",
            end_date=D(2027, 1, 7),
            prescriber="France Travail",
            requested_on=D(2025, 11, 1),
        )
    assert "AI, ACI" in excinfo.value.message_dict["reason"][0]


# --- Contracts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("end", "hours", "field"),
    [
        (D(2025, 5, 4), 26, "planned_end_date"),  # 4 months end on 2025-05-05: one day short
        (D(2025, 5, 5), 26, None),
        (D(2027, 1, 5), 26, None),  # 24 months end on 2027-01-05
        (D(2027, 1, 6), 26, "planned_end_date"),
        (D(2025, 12, 31), 19.5, "weekly_hours"),
        (D(2025, 12, 31), 20, None),
        (D(2025, 12, 31), 35, None),
        (D(2025, 12, 31), 35.5, "weekly_hours"),
    ],
)
def test_cddi_duration_and_hours(world, person, end, hours, field):
    make_approval(world, person, D(2025, 1, 6))
    sign = lambda: contracts.contract_sign(  # noqa: E731
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=D(2025, 1, 6),
        planned_end_date=end,
        weekly_hours=Decimal(str(hours)),
    )
    if field is None:
        assert sign().pk
    else:
        with pytest.raises(ValidationError) as excinfo:
            sign()
        assert field in excinfo.value.message_dict
        assert not Contract.objects.exists()


def test_cddi_past_24_months_for_a_senior(world):
    person = _senior(world)
    make_approval(world, person, D(2025, 1, 6))
    contract = contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=D(2025, 1, 6),
        planned_end_date=D(2027, 6, 30),
        weekly_hours=26,
        extension_ground="senior",
    )
    assert contract.planned_end_date == D(2027, 6, 30)


def test_contract_needs_a_pass_and_never_overlaps(world, person):
    conseiller = world.user("conseiller")
    with pytest.raises(ValidationError) as excinfo:
        contracts.contract_sign(
            actor=conseiller,
            person=person,
            kind="cddi",
            start_date=D(2025, 1, 6),
            planned_end_date=D(2025, 12, 31),
            weekly_hours=26,
        )
    assert "start_date" in excinfo.value.message_dict
    make_approval(world, person, D(2025, 1, 6))
    contracts.contract_sign(
        actor=conseiller,
        person=person,
        kind="cddi",
        start_date=D(2025, 1, 6),
        planned_end_date=D(2025, 12, 31),
        weekly_hours=26,
    )
    with pytest.raises(ValidationError) as excinfo:
        contracts.contract_sign(
            actor=conseiller,
            person=person,
            kind="cdd_usage",
            start_date=D(2025, 12, 31),
            planned_end_date=D(2026, 1, 31),
            weekly_hours=10,
        )
    assert "start_date" in excinfo.value.message_dict
    contracts.contract_sign(
        actor=conseiller,
        person=person,
        kind="cdd_usage",
        start_date=D(2026, 1, 1),
        planned_end_date=D(2026, 1, 31),
        weekly_hours=10,
    )


def test_renewal_is_checked_on_the_whole_duration(world, person):
    make_approval(world, person, D(2025, 1, 6))
    contract = contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=D(2025, 1, 6),
        planned_end_date=D(2025, 7, 5),
        weekly_hours=26,
    )
    contracts.contract_renew(
        actor=world.user("conseiller"),
        contract=contract,
        new_end_date=D(2026, 7, 5),
        signed_on=D(2025, 7, 1),
    )
    with pytest.raises(ValidationError):
        contracts.contract_renew(
            actor=world.user("conseiller"),
            contract=contract,
            new_end_date=D(2027, 1, 6),
            signed_on=D(2026, 7, 1),
        )
    contract.refresh_from_db()
    assert contract.planned_end_date == D(2026, 7, 5)
    assert contract.renewals.count() == 1


# --- Exits and accompaniment ----------------------------------------------------------------


def test_exit_ends_contracts_suspends_the_pass_and_counts(world, person):
    approval = make_approval(world, person, D(2025, 1, 6))
    contract = contracts.contract_sign(
        actor=world.user("conseiller"),
        person=person,
        kind="cddi",
        start_date=D(2025, 1, 6),
        planned_end_date=D(2025, 12, 31),
        weekly_hours=26,
    )
    from tremplin.people.models import ExitReason

    reason = ExitReason.objects.filter(category="durable").first()
    assert reason is not None, "the ASP exit reasons are loaded by a migration"
    exit_ = exits.exit_record(
        actor=world.user("conseiller"),
        person=person,
        exit_date=D(2025, 3, 31),
        reason=reason,
        pass_decision="suspend",
    )
    contract.refresh_from_db()
    assert contract.early_end_date == D(2025, 3, 31)
    # 85 days × 26 h / 7 = 315.71 h > 150 h: counted for an AI.
    assert exit_.counted is True and exit_.worked_hours == Decimal("315.71")
    assert exit_.category == "durable"
    assert Approval.objects.get(pk=approval.pk).suspensions.get().start_date == D(2025, 4, 1)
    with pytest.raises(ValidationError):
        exits.exit_record(
            actor=world.user("conseiller"), person=person, exit_date=D(2025, 4, 30), reason=reason
        )


def test_barrier_timeline_moves_forward_only(world, person):
    conseiller = world.user("conseiller")
    barrier = accompaniment.barrier_create(
        actor=conseiller, person=person, category="mobility", identified_on=D(2025, 2, 1)
    )
    accompaniment.barrier_status_change(
        actor=conseiller, barrier=barrier, status="in_progress", date=D(2025, 2, 10)
    )
    with pytest.raises(ValidationError):
        accompaniment.barrier_status_change(
            actor=conseiller, barrier=barrier, status="identified", date=D(2025, 2, 11)
        )
    accompaniment.barrier_status_change(
        actor=conseiller, barrier=barrier, status="lifted", date=D(2025, 4, 1)
    )
    assert [c.status for c in barrier.changes.all()] == ["identified", "in_progress", "lifted"]
    # A new barrier of a category already being worked on is refused; a lifted one may return.
    accompaniment.barrier_create(
        actor=conseiller, person=person, category="housing", identified_on=D(2025, 1, 1)
    )
    with pytest.raises(ValidationError):
        accompaniment.barrier_create(
            actor=conseiller, person=person, category="housing", identified_on=D(2025, 1, 2)
        )
    accompaniment.barrier_create(
        actor=conseiller, person=person, category="mobility", identified_on=D(2025, 5, 1)
    )


def test_diagnosis_in_the_future_is_refused(world, person):
    with pytest.raises(ValidationError):
        eligibility.diagnosis_create(
            actor=world.user("conseiller"),
            person=person,
            author_kind="employer",
            author_name="X",
            made_on=D.today() + DAY,
            criteria=["l1_rsa"],
        )


@pytest.mark.parametrize(
    ("code", "ok"), [("99100", True), ("99134", True), ("12345", False), ("99999", False)]
)
def test_birth_country_is_an_insee_country_code(world, code, ok):
    if ok:
        assert make_person(world, birth_country=code).birth_country == code
    else:
        with pytest.raises(ValidationError) as excinfo:
            make_person(world, birth_country=code)
        assert "birth_country" in excinfo.value.message_dict
