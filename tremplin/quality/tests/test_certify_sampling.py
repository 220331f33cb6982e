"""Group certification's sample (IAF MD1): its size, its random share drawn again from the
recorded seed, the rest by risk, the central function every time."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from stdnum import luhn

from tremplin.conftest import make_structure
from tremplin.quality.models import AuditSite, Finding, GroupSite
from tremplin.quality.services.sampling import random_count, sample_sites, sample_size

from .routes_groups import audit, certified, requirement


@pytest.mark.parametrize(
    "n,initial,surveillance,recertification",
    [
        (1, 1, 1, 1),
        (25, 5, 3, 4),  # exact roots: no rounding up past them
        (120, 11, 7, 9),  # √120 = 10.95; 0.6·√120 = 6.57; 0.8·√120 = 8.76
        (500, 23, 14, 18),  # √500 = 22.36; 13.42; 17.89
    ],
)
def test_sample_sizes(n, initial, surveillance, recertification):
    assert sample_size(n, "stage2") == initial
    assert sample_size(n, "stage1") == initial
    assert sample_size(n, "surveillance") == surveillance
    assert sample_size(n, "recertification") == recertification


def test_no_site_no_sample_and_a_quarter_at_least_at_random():
    assert sample_size(0, "stage2") == 0
    assert sample_size(2, "surveillance") == 1  # 0.85 rounded up
    assert [random_count(size) for size in (1, 3, 4, 5, 11)] == [1, 1, 1, 2, 3]


@pytest.fixture
def group(federation_user):
    sites = [
        make_structure(
            actor=federation_user,
            name=f"Site {i:02d}",
            siret=_siret(i),
            commune="69123",
        )
        for i in range(9)
    ]
    certification = certified(None)
    for site in sites:
        GroupSite.objects.create(
            certification=certification, structure=site, joined_on=datetime.date(2020, 1, 1)
        )
    return certification, sites


def _siret(i: int) -> str:
    stem = f"73282932001{i:02d}"  # the SIREN 732829320 is valid
    return stem + luhn.calc_check_digit(stem)


def test_the_sample_central_random_and_by_risk(group):
    certification, sites = group
    previous = audit(certification, kind="stage2", status="decided")
    risky_site = AuditSite.objects.create(audit=previous, structure=sites[4], selection="risk")
    for kind in ("major", "minor"):  # 3 + 1, above the 3 of a site never visited
        Finding.objects.create(
            audit=previous, requirement=requirement(), site=risky_site, kind=kind, description="x"
        )
    planned = audit(certification, kind="surveillance", status="planned")
    drawn = sample_sites(planned, seed=1234)
    # n = 9: 0.6·3 = 1.8 → 2 sites (1 at random, 1 by risk), and the central function.
    assert [s.selection for s in drawn] == ["central", "random", "risk"]
    assert drawn[0].structure_id is None
    planned.refresh_from_db()
    assert planned.sampling_seed == 1234
    random_site, risk_site = drawn[1], drawn[2]
    if random_site.structure_id != sites[4].pk:
        # The open major nonconformity outranks sites never visited.
        assert risk_site.structure_id == sites[4].pk
        assert risk_site.risk_score == 4
    assert risk_site.risk_score is not None
    # Drawn again from the recorded seed: the same sample, replaced (not added).
    again = sample_sites(planned)
    assert [(s.structure_id, s.selection) for s in again] == [
        (s.structure_id, s.selection) for s in drawn
    ]
    assert AuditSite.objects.filter(audit=planned).count() == 3


def test_the_random_part_follows_the_seed(group):
    certification, _ = group
    planned = audit(certification, kind="stage2", status="planned")  # √9 = 3: 1 at random
    picks = {sample_sites(planned, seed=seed)[1].structure_id for seed in range(20)}
    assert len(picks) > 1  # different seeds, different draws
    first = sample_sites(planned, seed=7)[1].structure_id
    assert sample_sites(planned, seed=7)[1].structure_id == first


def test_a_started_audit_is_never_drawn_again(group):
    certification, _ = group
    started = audit(certification, kind="surveillance", status="in_progress")
    with pytest.raises(ValidationError):
        sample_sites(started)
    assert not AuditSite.objects.filter(audit=started).exists()


def test_an_individual_audit_visits_the_structure(structure):
    planned = audit(certified(structure), kind="surveillance", status="planned")
    [site] = sample_sites(planned)
    assert (site.structure_id, site.selection) == (structure.pk, "single")


def test_a_site_with_few_dynamic_exits_ranks_higher(group, world, today):
    from tremplin.people.models import Exit, ExitReason
    from tremplin.people.tests.conftest import make_person

    certification, _sites = group
    site = world.own  # its counsellor records the people and their exits
    GroupSite.objects.create(
        certification=certification, structure=site, joined_on=datetime.date(2020, 1, 1)
    )
    planned = audit(certification, kind="stage1", status="planned", starts_on=today)
    reason, _ = ExitReason.objects.get_or_create(
        code="test_other", defaults={"label": "Autre", "category": "other"}
    )
    for i in range(5):  # five counted exits, none dynamic: 0 % against 60 %
        person = make_person(world, last_name=f"Sortie{i}")
        Exit.objects.create(
            person=person,
            exit_date=today - datetime.timedelta(days=30),
            reason=reason,
            counted=True,
        )
    drawn = {s.structure_id: s for s in sample_sites(planned, seed=5)}
    # √10 → 4 sites: 1 at random, 3 by risk; the exits add 2 points to « never visited ».
    assert site.pk in drawn
    if drawn[site.pk].selection == "risk":
        assert drawn[site.pk].risk_score == 5
        assert "sorties dynamiques 0 %" in drawn[site.pk].reason
