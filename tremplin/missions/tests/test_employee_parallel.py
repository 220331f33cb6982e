"""A double tap on a phone is two requests at once: on PostgreSQL, with real parallel
transactions, a clock-in and a clock-out are each recorded once."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection

from tremplin.missions.models import Clocking, TimeEntry
from tremplin.missions.services import clocking

from .test_employee_space import Space

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="parallel writers need PostgreSQL (SQLite runs one writer at a time); CI's "
    "PostgreSQL pass runs them",
)


def _at_once(call, times=4):
    barrier, answers = threading.Barrier(times), [None] * times

    def run(index):
        barrier.wait()
        try:
            answers[index] = call()
        except Exception as exc:  # collected: an exception in a thread would be lost
            answers[index] = exc
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.django_db(transaction=True)
def test_a_double_tap_clocks_in_and_out_once(world, employee, today):
    space = Space(world, employee, today)
    pk = space.today.pk
    answers = _at_once(lambda: clocking.assignment_clock_in(actor=space.user, assignment_id=pk))
    assert [made for _clocking, made in answers].count(True) == 1, answers
    clocked_in = Clocking.objects.get().clocked_in_at
    with time_machine.travel(clocked_in + datetime.timedelta(hours=2)):
        answers = _at_once(
            lambda: clocking.assignment_clock_out(actor=space.user, assignment_id=pk)
        )
    assert [made for _clocking, made in answers].count(True) == 1, answers
    assert Clocking.objects.count() == 1
    assert TimeEntry.objects.filter(assignment_id=pk).count() == 1
