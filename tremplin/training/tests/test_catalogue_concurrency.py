"""Two structures take the last place of a session at once: the session's row is locked,
one gets the place and the other the waiting list (PostgreSQL, real parallel clients)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from tremplin.accounts.models import UserKind
from tremplin.accounts.services import structure_membership_add, user_create
from tremplin.training.models import Registration
from tremplin.training.services import registrations

from .catalogue_builders import make_course, make_session


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_structures_taking_the_last_place_at_once_get_one_place(world, today):
    session = make_session(
        world.user("federation"), make_course(), today + datetime.timedelta(days=9), capacity=3
    )
    directors = {}
    for structure in (world.own, world.other):
        user = user_create(
            email=f"direction-{structure.pk}@example.org", kind=UserKind.STRUCTURE_STAFF
        )
        structure_membership_add(user=user, structure=structure, role="director")
        directors[structure.pk] = user
    # Two places taken already: one left.
    for name in ("Alice", "Bruno"):
        registrations.registration_create(
            actor=directors[world.own.pk],
            session=session,
            structure=world.own,
            category="staff",
            on=today,
            first_name=name,
            last_name="Déjà",
            email=f"{name.lower()}@example.org",
        )
    rounds, errors = 5, []
    barrier = threading.Barrier(2)

    def take(structure, index):
        try:
            for attempt in range(rounds):
                barrier.wait()
                registrations.registration_create(
                    actor=directors[structure.pk],
                    session=session,
                    structure=structure,
                    category="staff",
                    on=today,
                    first_name=f"T{index}",
                    last_name=f"Essai{attempt}",
                    email=f"t{index}-{attempt}@example.org",
                )
        except Exception as exc:  # collected: an exception in a thread would be lost
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=take, args=(structure, index))
        for index, structure in enumerate((world.own, world.other))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = Registration.objects.filter(session=session)
    assert rows.filter(status="confirmed").count() == 3
    ranks = sorted(rows.filter(status="waiting").values_list("waiting_rank", flat=True))
    assert ranks == list(range(1, 2 * rounds))  # every other one waits, ranks without a gap
