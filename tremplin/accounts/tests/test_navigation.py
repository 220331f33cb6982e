"""Each role's navigation: its own work first, a few entries, every link a page it may open."""

import pytest
from django.urls import resolve

from tremplin.accounts.navigation import draw

# At 1366 px the bar holds the brand, the user's menu and about six entries on one line.
MAX_TOP_ENTRIES = 6


def _entries(world, role):
    user = world.user(role)
    membership = user.structure_memberships.first()
    return draw(user, membership, "/")


@pytest.mark.parametrize(
    "role",
    [
        "director",
        "conseiller",
        "planner",
        "accountant",
        "employee",
        "delegate",
        "federation",
        "auditor",
    ],
)
def test_every_link_of_a_role_opens(role, world, client):
    client.force_login(world.user(role))
    entries = _entries(world, role)
    assert 1 < len(entries) <= MAX_TOP_ENTRIES, [e.label for e in entries]
    urls = [e.url for e in entries if e.url] + [link.url for e in entries for link in e.links]
    for url in urls:
        if resolve(url).namespace == "admin":
            continue
        response = client.get(url, follow=True)
        assert response.status_code == 200, f"{role}: {url} answers {response.status_code}"


@pytest.mark.parametrize(
    ("role", "first_link"),
    [
        ("conseiller", "/personnes/"),
        ("planner", "/planning/"),
        ("accountant", "/factures/"),
        ("director", "/personnes/"),
    ],
)
def test_each_staff_role_finds_its_own_work_first(role, first_link, world):
    assert _entries(world, role)[0].links[0].url == first_link


def test_a_delegate_reaches_their_delegation(world):
    network = _entries(world, "delegate")[0]
    assert network.links[0].url == f"/delegations/{world.own_delegation.pk}/"


def test_the_current_page_is_marked(world):
    user = world.user("planner")
    membership = user.structure_memberships.first()
    entries = draw(user, membership, "/planning/")
    missions = entries[0]
    assert missions.current
    # Planning, clients, hours: no home services in a structure outside the brand's network.
    assert [link.current for link in missions.links] == [True, False, False]


def test_a_home_services_structure_s_staff_reach_its_home_services(world):
    world.own.is_home_services = True
    world.own.save(update_fields=["is_home_services"])
    user = world.user("accountant")
    membership = user.structure_memberships.select_related("structure").first()
    invoicing = draw(user, membership, "/")[0]
    urls = [link.url for link in invoicing.links]
    assert "/avance-immediate/" in urls and "/attestations-fiscales/" in urls
    planner = world.user("planner")
    missions = draw(
        planner, planner.structure_memberships.select_related("structure").first(), "/"
    )[0]
    assert "/foyers/" in [link.url for link in missions.links]


def test_a_household_and_an_employee_reach_their_spaces(world):
    household = _entries(world, "household")
    assert [(e.label, e.url) for e in household[:1]] == [("Mon foyer", "/mon-foyer/")]
    employee = [e.url for e in _entries(world, "employee")]
    assert employee[:2] == ["/mon-espace/", "/mon-espace/acces-du-jour/"]


def test_anonymous_visitors_see_public_pages_only(db, client):
    response = client.get("/annuaire/")
    body = response.content.decode()
    assert "/personnes/" not in body and "/annuaire/" in body
