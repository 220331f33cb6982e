"""Registrations: places, the waiting list and its promotion, replacements, and tenancy."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tremplin.common.testing import assert_query_count
from tremplin.conftest import make_structure
from tremplin.people.models import Person
from tremplin.people.tests.conftest import make_person
from tremplin.training.models import Registration, RegistrationStatus, SessionStatus
from tremplin.training.services import registrations

from .catalogue_builders import make_course, make_session

DAY = datetime.timedelta(days=1)


@pytest.fixture
def session(world, today):
    return make_session(world.user("federation"), make_course(), today + 20 * DAY, capacity=2)


def person_elsewhere(structure, last_name):
    """A person's file in another structure (its own staff made it)."""
    return Person.objects.create(
        structure=structure,
        last_name=last_name,
        first_names="Inès",
        sex="F",
        birth_date=datetime.date(1991, 2, 3),
        search_name=last_name.lower(),
    )


def register(world, session, today, name, role="director", structure=None, **fields):
    return registrations.registration_create(
        actor=world.user(role),
        session=session,
        structure=structure or world.own,
        category="staff",
        on=today,
        first_name=name,
        last_name="Durand",
        email=f"{name.lower().replace('é', 'e')}@example.org",
        **fields,
    )


def test_beyond_the_places_the_waiting_list_then_a_cancellation_promotes_the_first(
    world, session, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = register(world, session, today, "Alice")
        register(world, session, today, "Bruno", role="conseiller")
        third = register(world, session, today, "Chloé")
        fourth = register(world, session, today, "David")
    assert (first.status, third.status, fourth.status) == ("confirmed", "waiting", "waiting")
    assert (third.waiting_rank, fourth.waiting_rank) == (1, 2)
    session.refresh_from_db()
    assert session.status == SessionStatus.FULL
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bruno@example.org"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registrations.registration_cancel(
            actor=world.user("director"), registration=first, on=today
        )
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.status, third.waiting_rank) == ("confirmed", None)
    assert (fourth.status, fourth.waiting_rank) == ("waiting", 2)
    # The cancelled trainee's invitation is withdrawn; the promoted one is convoked.
    assert sorted((m.to[0], m.subject.split(" ")[0]) for m in mail.outbox) == [
        ("alice@example.org", "Annulation"),
        ("chloe@example.org", "Convocation"),
    ]
    session.refresh_from_db()
    assert session.status == SessionStatus.FULL


def test_more_places_go_to_the_waiting_list(world, session, today):
    for name in ("Alice", "Bruno", "Chloé"):
        register(world, session, today, name)
    make_session(
        world.user("federation"),
        session.course,
        today + 20 * DAY,
        capacity=3,
        session=session,
    )
    assert not Registration.objects.filter(status="waiting").exists()
    session.refresh_from_db()
    assert session.status == SessionStatus.FULL


def test_fewer_places_than_the_registered_is_refused(world, session, today):
    for name in ("Alice", "Bruno"):
        register(world, session, today, name)
    with pytest.raises(ValidationError, match="2 stagiaires sont inscrits"):
        make_session(
            world.user("federation"), session.course, today + 20 * DAY, capacity=1, session=session
        )


def test_a_replacement_takes_the_place(world, session, today, django_capture_on_commit_callbacks):
    alice = register(world, session, today, "Alice")
    with django_capture_on_commit_callbacks(execute=True):
        bruno = registrations.registration_replace(
            actor=world.user("conseiller"),
            registration=alice,
            on=today,
            category="staff",
            first_name="Bruno",
            last_name="Petit",
            email="bruno@example.org",
        )
    alice.refresh_from_db()
    assert alice.status == RegistrationStatus.REPLACED
    assert (bruno.status, bruno.replaces_id) == ("confirmed", alice.pk)
    assert session.registrations.filter(status="confirmed").count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bruno@example.org"]


def test_the_same_person_twice_is_refused(world, session, today):
    register(world, session, today, "Alice")
    with pytest.raises(ValidationError, match="déjà inscrite"):
        register(world, session, today, "Alice")


def test_registrations_close_when_the_session_starts(world, today):
    session = make_session(world.user("federation"), make_course(), today)
    with pytest.raises(ValidationError, match="a commencé"):
        register(world, session, today, "Alice")
    # The day before, still open.
    later = make_session(world.user("federation"), session.course, today + DAY)
    assert register(world, later, today, "Alice").status == "confirmed"


def test_a_course_for_staff_refuses_an_employee_in_a_path(world, today):
    session = make_session(world.user("federation"), make_course(audience="staff"), today + DAY)
    person = make_person(world)
    with pytest.raises(ValidationError, match="réservée aux permanents"):
        registrations.registration_create(
            actor=world.user("conseiller"),
            session=session,
            structure=world.own,
            category="insertion",
            person=person,
            on=today,
        )


@pytest.mark.parametrize("role", ["planner", "accountant", "employee", "delegate", "auditor"])
def test_only_directors_and_counsellors_register(world, session, today, role):
    with pytest.raises(PermissionDenied):
        register(world, session, today, "Alice", role=role)
    assert not Registration.objects.exists()


def test_a_structure_cannot_register_another_structures_employee(world, session, today):
    stranger = person_elsewhere(world.other, "Étrangère")
    with pytest.raises(ValidationError, match="Choisissez un salarié"):
        registrations.registration_create(
            actor=world.user("director"),
            session=session,
            structure=world.own,
            category="insertion",
            person=stranger,
            on=today,
        )
    # Nor register for another structure.
    with pytest.raises(PermissionDenied):
        register(world, session, today, "Alice", structure=world.other)


def test_the_list_shows_the_structures_registrations_only(world, session, today, client):
    register(world, session, today, "Alice")
    third = make_structure(
        actor=world.user("federation"), name="EI du Gier", siret="44306184100047", commune="42218"
    )
    outsider = person_elsewhere(third, "Voisin")
    Registration.objects.create(
        session=session,
        structure=third,
        category="insertion",
        person=outsider,
        first_name="Paul",
        last_name="Voisin",
    )
    for index in range(3):
        register(world, session, today, f"Extra{index}")
    client.force_login(world.user("planner"))
    with assert_query_count(8):
        response = client.get(reverse("training:registration_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Alice" in body and "Extra2" in body and "Voisin" not in body
    # Planners read, only directors and counsellors act.
    assert "/annuler/" not in body


def test_cancelling_through_the_page(world, session, today, client):
    alice = register(world, session, today, "Alice")
    client.force_login(world.user("conseiller"))
    response = client.post(reverse("training:registration_cancel", args=[alice.pk]))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.status, alice.cancelled_on) == ("cancelled", today)


def test_registering_through_the_page_lists_the_structures_people_only(world, session, client):
    mine = make_person(world, last_name="Dupré")
    person_elsewhere(world.other, "Ailleurs")
    client.force_login(world.user("director"))
    url = reverse("training:registration_create", args=[session.pk])
    page = client.get(url).content.decode()
    assert "DUPRÉ" in page and "AILLEURS" not in page
    response = client.post(url, {"category": "insertion", "person": mine.pk})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.person_id, registration.last_name) == (mine.pk, "Dupré")
    # A staff member without names: French errors, nothing saved.
    response = client.post(url, {"category": "staff"})
    assert "Indiquez le prénom" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_staff_member_with_an_account_is_linked_to_it(world, session, today):
    conseiller = world.user("conseiller")
    registration = registrations.registration_create(
        actor=world.user("director"),
        session=session,
        structure=world.own,
        category="staff",
        on=today,
        first_name="Karim",
        last_name="Test",
        email=conseiller.email.upper(),
    )
    assert registration.trainee_user == conseiller
    # Another structure's e-mail links nothing.
    assert register(world, session, today, "Alice").trainee_user is None
