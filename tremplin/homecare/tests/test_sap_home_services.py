"""Who runs home services, one rule (services.sap.offers_home_services): a SAP declaration,
or a Proxim'Services licence in force. Granting a licence shows the homecare menu to the
licensee's staff at once; a licence that ends or is suspended hides it (daily pass)."""

import datetime

import pytest
from django.urls import reverse

from tremplin.homecare.services import sap as services
from tremplin.homecare.tasks_households import home_services_sync_task
from tremplin.network.models import Structure

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def _menu_has_households(client, world) -> bool:
    client.force_login(world.user("planner"))
    return (
        reverse("homecare:household_list") in client.get(reverse("missions:week")).content.decode()
    )


def _grant(world, start, *, end=None, status="active", licence=None):
    return services.brand_licence_save(
        actor=world.user("federation"),
        structure=world.own,
        licence=licence,
        started_on=start,
        ends_on=end,
        status=status,
        charter_version="2024",
        charter_signed_on=start,
    )


def test_granting_a_licence_shows_the_homecare_menu_to_the_licensees_staff(world, client, today):
    assert not world.own.is_home_services and not _menu_has_households(client, world)
    licence = _grant(world, today - 30 * DAY)
    assert Structure.objects.get(pk=world.own.pk).is_home_services
    assert _menu_has_households(client, world)
    # Suspended by the federation: the menu goes with it.
    _grant(world, today - 30 * DAY, status="suspended", licence=licence)
    assert not Structure.objects.get(pk=world.own.pk).is_home_services
    assert not _menu_has_households(client, world)


def test_a_licence_follows_its_dates_through_the_daily_pass(world, today):
    # Starting tomorrow: not yet in force; the day it starts, the daily pass turns it on.
    _grant(world, today + DAY, end=today + 10 * DAY)
    assert not Structure.objects.get(pk=world.own.pk).is_home_services
    home_services_sync_task.call((today + DAY).isoformat())
    assert Structure.objects.get(pk=world.own.pk).is_home_services
    home_services_sync_task.call((today + 10 * DAY).isoformat())  # its last day
    assert Structure.objects.get(pk=world.own.pk).is_home_services
    home_services_sync_task.call((today + 11 * DAY).isoformat())  # the day after
    assert not Structure.objects.get(pk=world.own.pk).is_home_services


def test_a_sap_declaration_alone_is_enough(world, today):
    services.sap_declaration_save(
        actor=world.user("director"),
        structure=world.own,
        number=f"SAP{world.own.siret[:9]}",
        declared_on=today,
    )
    assert Structure.objects.get(pk=world.own.pk).is_home_services
    assert services.offers_home_services(world.own.pk, today + 400 * DAY)
    assert home_services_sync_task.call(today.isoformat()) == 0  # nothing to change
