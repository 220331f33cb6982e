"""The demo's catalogue: courses, past and coming sessions, the demo employee trained on
their path, a waiting list."""

from tremplin.people.models import Action
from tremplin.training.models import Course, Registration, SessionStatus, TrainingSession
from tremplin.training.parts import demo_catalogue


def test_the_demo_catalogue(world, today):
    from tremplin.people.tests.conftest import make_person

    person = make_person(world)
    person.user = world.user("employee")
    person.save()
    world.user("employee").email = "salarie@demo.tremplin.fr"
    world.user("employee").save()
    counts = demo_catalogue.seed(structures=[world.own, world.other], seed=1, today=today)
    assert counts["courses"] == Course.objects.filter(is_published=True).count() == 8
    sessions = TrainingSession.objects.all()
    assert sessions.filter(ends_on__lt=today, status=SessionStatus.DONE).exists()
    assert sessions.filter(starts_on__gt=today, status=SessionStatus.PLANNED).exists()
    full = sessions.get(status=SessionStatus.FULL)
    assert full.registrations.filter(status="confirmed").count() == full.capacity
    assert sorted(
        full.registrations.filter(status="waiting").values_list("waiting_rank", flat=True)
    ) == [1, 2]
    mine = Registration.objects.filter(person=person)
    assert mine.filter(session__ends_on__lt=today).exists()
    assert mine.filter(session__starts_on__gt=today).exists()
    # Each confirmed employee's training is on their path.
    assert Action.objects.filter(person=person, kind="training").count() == 2
    confirmed = Registration.objects.filter(category="insertion", status="confirmed")
    assert confirmed.filter(path_action__isnull=True).count() == 0
    # Seeded once.
    assert demo_catalogue.seed(structures=[world.own], seed=1, today=today) == {}
