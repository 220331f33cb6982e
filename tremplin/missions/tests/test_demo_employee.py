import datetime

import pytest
from django.urls import reverse

from tremplin.conftest import pinned_today
from tremplin.missions.demo_employee import seed_demo_employee
from tremplin.missions.models import Assignment, TimeEntry
from tremplin.missions.services.assignments import running_contract
from tremplin.network import demo as network_demo
from tremplin.people.demo import seed_people
from tremplin.people.models import Person
from tremplin.people.services.approvals import approval_valid_on


@pytest.mark.django_db
def test_the_demo_employee_is_a_real_person_with_past_and_coming_missions(client):
    from tremplin.missions.demo import seed_missions

    network = network_demo.seed_network(count=6, seed=3)
    network_demo.demo_accounts_create(network)
    seed_people(structures=network.structures, seed=3, per_structure=12)
    seed_missions(structures=network.structures, seed=3, history_weeks=6)
    email = f"salarie@{network_demo.DEMO_DOMAIN}"
    counts = seed_demo_employee(email=email)
    today = pinned_today()

    person = Person.objects.select_related("user").get(user__email=email)
    assert counts["demo_employee"] == person.pk
    membership = person.user.structure_memberships.get()
    assert (membership.structure_id, membership.role) == (person.structure_id, "employee")
    assert running_contract(person, today) is not None
    assert approval_valid_on(person, today) is not None
    past = Assignment.objects.filter(person=person, date__lt=today)
    assert TimeEntry.objects.filter(assignment__in=past).exists()
    coming = Assignment.objects.filter(person=person, date__gte=today)
    assert coming.count() >= counts["assignments"] >= 3
    assert coming.filter(date__gt=today + datetime.timedelta(days=7)).exists()
    # Run again (seed_demo --if-empty, a second seed): nothing more.
    assert seed_demo_employee(email=email) == {}
    assert Assignment.objects.filter(person=person).count() == past.count() + coming.count()

    client.force_login(person.user)
    response = client.get(reverse("missions:my_week"))
    assert response.context["person"] == person and response.context["coming_rows"]
    assert client.get(reverse("missions:my_past")).context["rows"]
