"""The training service's year at several times its size (the federation trains a few
thousand people a year): the bilan pédagogique et financier (cerfa 10443) and the Qualiopi
evidence of the 32 indicators, both computed from the records.

- BPF against (a) the naive ORM way, one registration at a time (its attendances, its
  fundings, its invoice lines), and (b) the floor: one ORM aggregation of the same
  attendance rows (a count of present half-days by category, no hours, no money);
- the Qualiopi evidence page against a bare Django view through the same test client.

    python -m bench --only training [--training-sessions 600]
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import override_settings

from bench.observatory import _timed

YEAR = 2025
AM = (datetime.time(9), datetime.time(12, 30))
PM = (datetime.time(13, 30), datetime.time(17))


def build(sessions: int, per_session: int, *, structures: int = 100) -> dict[str, int]:
    """A year of sessions (two days each, four half-days), registrations of staff and of
    employees in paths, attendance with one absence in ten, an issued invoice per structure
    and month, and an OPCO funding on a third of the registrations."""
    from tremplin.network import demo
    from tremplin.network.models import Structure
    from tremplin.people.models import Person
    from tremplin.training.models import (
        Attendance,
        Course,
        Funding,
        HalfDay,
        Presence,
        Registration,
        TrainingInvoice,
        TrainingInvoiceLine,
        TrainingSession,
    )

    demo.ensure_reference_data()
    with transaction.atomic():
        demo.seed_network(count=structures, seed=5)
    rng = random.Random(5)
    members = list(Structure.objects.order_by("pk"))
    courses = Course.objects.bulk_create(
        Course(
            code=f"bench-{n}",
            title=f"Formation {n}",
            audience="both",
            objectives="Objectifs",
            duration_hours=Decimal(14),
            methods="Méthodes",
            assessment="Évaluation",
            access_conditions="Conditions",
            access_delay="15 jours",
            accessibility="Salle accessible",
            price_per_trainee_excl_vat=Decimal("420.00"),
            certification_codes="RS5498" if n % 4 == 0 else "",
            is_published=True,
        )
        for n in range(40)
    )
    days = [
        datetime.date(YEAR, 1, 6) + datetime.timedelta(days=7 * (n % 48)) for n in range(sessions)
    ]
    rows = TrainingSession.objects.bulk_create(
        TrainingSession(
            course=courses[n % len(courses)],
            place="Salle",
            capacity=per_session,
            status="done",
            starts_on=days[n],
            ends_on=days[n] + datetime.timedelta(days=1),
        )
        for n in range(sessions)
    )
    half_days = HalfDay.objects.bulk_create(
        HalfDay(session=session, date=day, part=part, starts_at=times[0], ends_at=times[1])
        for session in rows
        for day in (session.starts_on, session.ends_on)
        for part, times in (("am", AM), ("pm", PM))
    )
    by_session = defaultdict(list)
    for half_day in half_days:
        by_session[half_day.session_id].append(half_day)
    # A third of the trainees are employees in a path: each is a person of their structure.
    people = Person.objects.bulk_create(
        Person(
            structure=rng.choice(members),
            last_name=f"Salarie{n:05d}",
            first_names="Camille",
            sex="F",
            birth_date=datetime.date(1970 + n % 30, 1, 1),
            search_name=f"salarie{n:05d} camille",
        )
        for n in range(sessions * per_session // 3 + 1)
    )
    insertion = iter(people)

    def registration(session, index):
        if index % 3 == 0:
            person = next(insertion)
            return Registration(
                session=session,
                structure_id=person.structure_id,
                category="insertion",
                person=person,
                first_name=person.first_names,
                last_name=person.last_name,
                status="confirmed",
            )
        return Registration(
            session=session,
            structure=rng.choice(members),
            category="staff",
            first_name=f"P{index}",
            last_name=f"S{session.pk}",
            status="confirmed",
        )

    registrations = Registration.objects.bulk_create(
        registration(session, index) for session in rows for index in range(per_session)
    )
    Attendance.objects.bulk_create(
        (
            Attendance(
                registration=registration,
                half_day=half_day,
                presence=Presence.ABSENT if rng.random() < 0.1 else Presence.PRESENT,
            )
            for registration in registrations
            for half_day in by_session[registration.session_id]
        ),
        batch_size=5000,
    )
    # One issued invoice per structure and "month" of sessions (a twelfth of them).
    invoices = {}
    lines = []
    numbers = 0
    for registration in registrations:
        key = (registration.structure_id, registration.session_id % 12)
        if key not in invoices:
            numbers += 1
            invoices[key] = TrainingInvoice(
                structure_id=registration.structure_id,
                year=YEAR,
                number=numbers,
                issued_on=datetime.date(YEAR, 12, 15),
                due_on=datetime.date(YEAR, 12, 31),
                status="issued",
                total_excl_vat=Decimal(0),
                total=Decimal(0),
            )
    TrainingInvoice.objects.bulk_create(invoices.values())
    for registration in registrations:
        invoice = invoices[(registration.structure_id, registration.session_id % 12)]
        lines.append(
            TrainingInvoiceLine(
                invoice=invoice,
                registration=registration,
                course_title="Formation",
                trainee_name=f"{registration.first_name} {registration.last_name}",
                hours=Decimal(14),
                unit_price=Decimal("420.00"),
                amount=Decimal("420.00"),
            )
        )
    TrainingInvoiceLine.objects.bulk_create(lines, batch_size=5000)
    Funding.objects.bulk_create(
        Funding(registration=registration, funder="opco", amount=Decimal("300.00"))
        for registration in registrations[::3]
    )
    if connection.vendor == "postgresql":
        # Fresh tables: the planner's statistics, as autovacuum would have them in production.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "sessions": len(rows),
        "registrations": len(registrations),
        "attendances": len(registrations) * 4,
    }


def naive_bpf(year: int) -> dict:
    """The BPF the way a first version would: each registration's attendances, fundings and
    invoice lines read through its relations."""
    from tremplin.training.models import Presence, Registration

    trainees: dict[str, list] = defaultdict(lambda: [0, Decimal(0)])
    revenue: dict[str, Decimal] = defaultdict(Decimal)
    for registration in Registration.objects.all():
        hours = Decimal(0)
        for attendance in registration.attendances.filter(half_day__date__year=year):
            if attendance.presence == Presence.PRESENT:
                half_day = attendance.half_day
                minutes = (half_day.ends_at.hour * 60 + half_day.ends_at.minute) - (
                    half_day.starts_at.hour * 60 + half_day.starts_at.minute
                )
                hours += Decimal(minutes) / 60
        if hours > 0:
            trainees[registration.category][0] += 1
            trainees[registration.category][1] += hours
        for line in registration.invoice_lines.filter(invoice__year=year, invoice__status="issued"):
            rest = line.amount
            for funding in registration.fundings.all():
                share = line.amount * funding.amount / (line.unit_price * abs(line.quantity))
                revenue[funding.funder] += share
                rest -= share
            revenue["structure"] += rest
    return {"trainees": dict(trainees), "revenue": dict(revenue)}


def floor_aggregation(year: int) -> dict:
    from tremplin.training.models import Attendance, Presence

    return dict(
        Attendance.objects.filter(presence=Presence.PRESENT, half_day__date__year=year)
        .values_list("registration__category")
        .annotate(n=Count("pk"))
        .order_by()
    )


def bench_training(report, sessions: int, per_session: int = 12) -> None:
    from tremplin.accounts.models import User, UserKind
    from tremplin.accounts.security import session_record
    from tremplin.accounts.testing import totp_enable
    from tremplin.training.bpf import bpf_for_year

    sizes = build(sessions, per_session)
    size = f"{sizes['registrations']} regist., {sizes['attendances']} att."
    floor_s, _floor = _timed(lambda: floor_aggregation(YEAR), repeat=3)
    bpf_s, bpf = _timed(lambda: bpf_for_year(YEAR), repeat=3)
    naive_s, naive = _timed(lambda: naive_bpf(YEAR), repeat=1)
    # The same figures both ways, or the comparison means nothing.
    assert bpf.trainees.trainees == sum(n for n, _h in naive["trainees"].values())
    assert abs(bpf.total_revenue - sum(naive["revenue"].values())) < Decimal("0.05")
    report("training BPF (cerfa 10443)", size, bpf_s, bpf_s / naive_s, "naive ORM per registration")
    report("training BPF", size, bpf_s, bpf_s / floor_s, "one ORM aggregation (floor)")

    federation = User.objects.create_user("bench-formation@tremplin.test", kind=UserKind.FEDERATION)
    totp_enable(federation)  # federation staff have a second factor (as the tests' world)
    client = Client()
    client.force_login(federation)
    # As the login page leaves it once the second factor is given.
    session = client.session
    session_record(session, federation, verified=True)
    session.save()
    with override_settings(ROOT_URLCONF="bench.urls"):
        client.get("/bench/floor/")
        client.get("/formation/qualiopi/", {"year": YEAR})  # warm-up

        def page():
            response = client.get("/formation/qualiopi/", {"year": YEAR})
            assert response.status_code == 200, (response.status_code, response.get("Location"))

        bare_s, _ = _timed(lambda: client.get("/bench/floor/"), repeat=20)
        page_s, _ = _timed(page, repeat=5)
    report("Qualiopi evidence page (32 ind.)", size, page_s, page_s / bare_s, "bare Django view")
