import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from tremplin.missions.models import Assignment
from tremplin.missions.services.assignments import assignment_create

from .conftest import START, make_client, make_request

D = datetime.date
T = datetime.time


MORNING, NOON = T(8), T(12)


def _assign(world, request, person, day, start=MORNING, end=NOON):
    return assignment_create(
        actor=world.user("planner"), request=request, person=person, day=day, start=start, end=end
    )


def _fill_capped_hours(request, person, hours):
    """Placements already made (hours of 6 h blocks on past days), straight in the table."""
    day, left = START, Decimal(hours)
    while left > 0:
        block = min(left, Decimal(6))
        Assignment.objects.create(
            request=request,
            person=person,
            date=day,
            start_time=T(8),
            end_time=T(8 + int(block)) if block == int(block) else T(14),
            hours=block,
        )
        left -= block
        day += datetime.timedelta(days=7)  # one a week: never past the weekly hours
    return day


@pytest.mark.parametrize(
    ("used", "ok"), [(Decimal(477), True), (Decimal(478), True), (Decimal(479), False)]
)
def test_480_hour_cap_with_companies(world, employee, used, ok):
    """A 2-hour slot after 477, 478 or 479 hours: 479, 480 (allowed) or 481 (refused)."""
    request = make_request(world, make_client(world, "company"))
    day = _fill_capped_hours(request, employee, used)
    if ok:
        assignment = _assign(world, request, employee, day, T(8), T(10))
        assert assignment.hours == 2
    else:
        with pytest.raises(ValidationError) as excinfo:
            _assign(world, request, employee, day, T(8), T(10))
        assert "480" in excinfo.value.messages[0]


def test_households_associations_and_local_authorities_are_exempt(world, employee):
    company = make_request(world, make_client(world, "company"))
    day = _fill_capped_hours(company, employee, 480)
    for kind in ("household", "association", "local_authority"):
        request = make_request(world, make_client(world, kind, name=kind))
        _assign(world, request, employee, day, T(13), T(14))
        day += datetime.timedelta(days=1)


def test_the_cap_window_closes_24_months_after_the_first_placement(world, employee):
    from tremplin.people.models import Contract

    Contract.objects.filter(person=employee).update(planned_end_date=D(2027, 6, 30))
    employee.approvals.update(end_date=D(2027, 6, 30))
    request = make_request(world, make_client(world, "company"))
    _fill_capped_hours(request, employee, 480)
    with pytest.raises(ValidationError):
        _assign(world, request, employee, D(2027, 1, 5), T(8), T(9))  # last day of the window
    _assign(world, request, employee, D(2027, 1, 6), T(8), T(9))  # a new window opens


def test_no_double_booking(world, employee):
    request = make_request(world, make_client(world, "household"))
    _assign(world, request, employee, START, T(8), T(12))
    with pytest.raises(ValidationError) as excinfo:
        _assign(world, request, employee, START, T(11), T(13))
    assert "08:00" in excinfo.value.messages[0]
    _assign(world, request, employee, START, T(12), T(14))  # back to back is fine


def test_weekly_hours_of_the_contract(world, employee):
    request = make_request(world, make_client(world, "household"))
    for offset in range(4):  # 4 × 8 h = 32 h in the week
        _assign(world, request, employee, START + datetime.timedelta(days=offset), T(8), T(16))
    _assign(world, request, employee, START + datetime.timedelta(days=4), T(8), T(11))  # 35 h
    with pytest.raises(ValidationError) as excinfo:
        _assign(world, request, employee, START + datetime.timedelta(days=5), T(8), T(9))
    assert "35" in excinfo.value.messages[0]


def test_no_contract_no_assignment(world):
    from tremplin.people.tests.conftest import make_person

    request = make_request(world, make_client(world, "household"))
    person = make_person(world, last_name="Sanscontrat")
    with pytest.raises(ValidationError) as excinfo:
        _assign(world, request, person, START)
    assert "contrat" in excinfo.value.messages[0] or "contract" in excinfo.value.messages[0]


def test_skills_asked_by_the_request(world, employee):
    request = make_request(world, make_client(world, "household"))
    request.skills = "Permis B, repassage"
    request.save()
    employee.skills = "repassage"
    employee.save()
    with pytest.raises(ValidationError) as excinfo:
        _assign(world, request, employee, START)
    assert "permis b" in excinfo.value.messages[0]
    employee.skills = "Repassage ; PERMIS B, jardinage"  # case, accents and separators aside
    employee.save()
    assert _assign(world, request, employee, START).hours == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_double_booking_refused_under_concurrent_requests(world, employee):
    request = make_request(world, make_client(world, "household"))
    barrier, results = threading.Barrier(2), []

    def book():
        try:
            barrier.wait()
            _assign(world, request, employee, START, T(8), T(12))
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["ok", "refused"]
    assert Assignment.objects.filter(person=employee).count() == 1


@pytest.mark.parametrize(
    ("worked", "counted"), [("149.75", False), ("150", False), ("150.25", True)]
)
def test_validated_hours_decide_the_counted_exit_of_an_ai(world, employee, worked, counted):
    """AI: an exit counts after more than 150 hours — the validated hours, once there are
    any (the contract alone, 35 h a week since January, would estimate about 420)."""
    from tremplin.missions.models import TimeEntry
    from tremplin.people.services.exits import exit_record

    client = make_client(world, "household")
    left, day = Decimal(worked), START
    while left > 0:
        hours = min(left, Decimal(7))
        TimeEntry.objects.create(
            structure=world.own,
            person=employee,
            client=client,
            date=day,
            hours=hours,
            status="validated",
        )
        left -= hours
        day += datetime.timedelta(days=1)
    TimeEntry.objects.create(  # not validated: not counted
        structure=world.own, person=employee, client=client, date=day, hours=Decimal(7)
    )
    exit_ = exit_record(
        actor=world.user("conseiller"), person=employee, exit_date=D(2025, 3, 31), reason=None
    )
    assert (exit_.worked_hours, exit_.counted) == (Decimal(worked), counted)
