import pytest

from tremplin.missions.demo import seed_missions
from tremplin.missions.models import Assignment, Client, MissionRequest
from tremplin.missions.services.assignments import check_assignment
from tremplin.network import demo as network_demo
from tremplin.people.demo import seed_people


@pytest.mark.django_db
def test_demo_missions_are_valid_and_the_first_week_is_planned_within_the_rules():
    network = network_demo.seed_network(count=6, seed=3)
    network_demo.demo_accounts_create(network)
    seed_people(structures=network.structures, seed=3, per_structure=12)
    counts = seed_missions(structures=network.structures, seed=3)
    assert counts["clients"] == Client.objects.count() > 0
    for client in Client.objects.all():
        client.full_clean()
    assert MissionRequest.objects.count() == counts["requests"]
    assert Assignment.objects.count() == counts["assignments"]
    for assignment in Assignment.objects.select_related(
        "request__client", "request__structure", "person"
    ):
        check_assignment(
            request=assignment.request,
            person=assignment.person,
            day=assignment.date,
            start=assignment.start_time,
            end=assignment.end_time,
            exclude_pk=assignment.pk,
        )
