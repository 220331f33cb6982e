"""An employee's training on their path: the « training » action the PASS prolongation and
the CDDI extension rules read, spanning the session, gone with the registration."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tremplin.accounts.privacy import policy_for
from tremplin.people.models import Action
from tremplin.people.selectors import person_file
from tremplin.people.services import approvals
from tremplin.people.tests.conftest import make_approval, make_person
from tremplin.training.services import catalogue, registrations

from .catalogue_builders import make_course, make_session

DAY = datetime.timedelta(days=1)


@pytest.fixture
def employee(world, today):
    person = make_person(world)
    # A PASS that ends in ten days (24 months from its start).
    approval = make_approval(world, person, today + 10 * DAY - datetime.timedelta(days=730))
    return person, approval


def _register(world, session, person, today):
    return registrations.registration_create(
        actor=world.user("conseiller"),
        session=session,
        structure=world.own,
        category="insertion",
        person=person,
        on=today,
    )


def _prolong(world, approval, end_date, today):
    approval.refresh_from_db()
    return approvals.prolongation_create(
        actor=world.user("conseiller"),
        approval=approval,
        reason="training",
        end_date=end_date,
        decided_by="structure",
        on=today,
    )


def test_the_registration_puts_the_training_on_the_path(world, employee, today):
    person, _approval = employee
    session = make_session(
        world.user("federation"), make_course(), today + 3 * DAY, today + 4 * DAY
    )
    registration = _register(world, session, person, today)
    action = Action.objects.get(person=person)
    assert (action.kind, action.title) == ("training", "Accompagner vers l'emploi")
    assert (action.start_date, action.end_date) == (today + 3 * DAY, today + 4 * DAY)
    assert registration.path_action_id == action.pk
    timeline = person_file(person, policy_for(world.user("conseiller"), world.own.pk)).timeline
    assert any(e.obj == action and "Accompagner" in e.title for e in timeline)
    # The session moves: the action follows.
    catalogue.session_save(
        actor=world.user("federation"),
        session=session,
        course=session.course,
        capacity=session.capacity,
        commune=session.commune,
        half_days=list(_days(today + 5 * DAY)),
    )
    action.refresh_from_db()
    assert (action.start_date, action.end_date) == (today + 5 * DAY, today + 5 * DAY)


def _days(*days):
    from .catalogue_builders import half_days

    return half_days(*days)


def test_a_training_under_way_at_the_pass_end_allows_the_prolongation(world, employee, today):
    person, approval = employee
    end = approval.end_date
    session = make_session(world.user("federation"), make_course(), end - DAY, end + 20 * DAY)
    _register(world, session, person, today)
    # Not past the training's end.
    with pytest.raises(ValidationError, match="la fin de la formation"):
        _prolong(world, approval, end + 21 * DAY, today)
    prolongation = _prolong(world, approval, end + 20 * DAY, today)
    assert prolongation.end_date == end + 20 * DAY


def test_a_cancelled_training_allows_no_prolongation(world, employee, today):
    person, approval = employee
    end = approval.end_date
    session = make_session(world.user("federation"), make_course(), end - DAY, end + 20 * DAY)
    registration = _register(world, session, person, today)
    registrations.registration_cancel(
        actor=world.user("conseiller"), registration=registration, on=today
    )
    assert not Action.objects.filter(person=person).exists()  # not started: removed
    with pytest.raises(ValidationError, match="Aucune formation en cours"):
        _prolong(world, approval, end + 20 * DAY, today)


def test_a_training_ending_on_the_pass_end_day_is_not_under_way_after_it(world, employee, today):
    person, approval = employee
    end = approval.end_date
    session = make_session(world.user("federation"), make_course(), end - DAY, end)
    _register(world, session, person, today)
    with pytest.raises(ValidationError, match="Aucune formation en cours"):
        _prolong(world, approval, end + 5 * DAY, today)


def test_a_training_cancelled_once_under_way_ends_the_day_before(world, employee, today):
    person, _approval = employee
    session = make_session(world.user("federation"), make_course(), today + DAY, today + 9 * DAY)
    registration = _register(world, session, person, today)
    registrations.registration_cancel(
        actor=world.user("conseiller"), registration=registration, on=today + 3 * DAY
    )
    action = Action.objects.get(person=person)
    assert (action.start_date, action.end_date) == (today + DAY, today + 2 * DAY)


def test_a_cancelled_session_takes_the_training_off_the_paths(world, employee, today):
    person, _approval = employee
    session = make_session(world.user("federation"), make_course(), today + 3 * DAY)
    registration = _register(world, session, person, today)
    assert catalogue.session_cancel(actor=world.user("federation"), session=session, on=today) == 1
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert not Action.objects.filter(person=person).exists()
