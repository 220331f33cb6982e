import pytest

from tremplin.conftest import pinned_today
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
    counts = seed_missions(structures=network.structures, seed=3, history_weeks=12)
    assert counts["clients"] == Client.objects.count() > 0
    for client in Client.objects.all():
        client.full_clean()
    # A planner tells clients apart by name: no two of one structure share one.
    names = list(Client.objects.values_list("structure_id", "name"))
    assert len(set(names)) == len(names)
    # Requests are placed at their client's address.
    for mission in MissionRequest.objects.select_related("client"):
        assert (mission.address, mission.commune_id) == (
            mission.client.address,
            mission.client.commune_id,
        )
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
    # A year of work: every past assignment's hours validated, past months closed, invoices
    # numbered without gaps in issue order, their totals from the invoiced hours.
    from decimal import Decimal

    from django.db.models import F, Sum

    from tremplin.missions.models import Invoice, MonthClosure, TimeEntry

    assert counts["time_entries"] == TimeEntry.objects.count() > 0
    assert not TimeEntry.objects.exclude(status="validated").exists()
    past = Assignment.objects.filter(date__lt=pinned_today())
    assert past.count() == TimeEntry.objects.count()
    assert MonthClosure.objects.count() >= 2
    for structure_id in Invoice.objects.values_list("structure", flat=True).distinct():
        for year in Invoice.objects.filter(structure=structure_id).values_list("year", flat=True):
            # The current month's invoices may still be drafts (no number yet), e.g. on the 1st.
            issued = Invoice.objects.filter(structure=structure_id, year=year).exclude(
                status="draft"
            )
            issued = issued.order_by("number")
            assert [i.number for i in issued] == list(range(1, issued.count() + 1))
            dates = [i.issued_on for i in issued]
            assert dates == sorted(dates)
    # Only client-facing text reaches the printed invoice; never due before issued.
    from tremplin.missions.models import VatRule

    printed = [*VatRule.objects.values_list("legal_reference", flat=True)]
    printed += Invoice.objects.values_list("vat_reference", flat=True)
    assert printed and not [text for text in printed if "vérifier" in text]
    assert not Invoice.objects.filter(due_on__lt=F("issued_on")).exists()
    for invoice in Invoice.objects.all()[:20]:
        hours = invoice.time_entries.aggregate(total=Sum("hours"))["total"]
        assert sum(line.quantity for line in invoice.lines.all()) == hours > Decimal(0)
    # The exits follow the hours validated after them, as the services would have it.
    from tremplin.people.models import Exit
    from tremplin.people.services.exits import _counted

    for exit_ in Exit.objects.select_related("person__structure"):
        expected = _counted(exit_.person, exit_.exit_date)
        assert (exit_.counted, exit_.worked_hours) == (
            expected["counted"],
            expected["worked_hours"],
        )
