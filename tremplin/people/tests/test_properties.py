"""Properties of the path rules over random inputs (hypothesis), through the services."""

import contextlib
import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from tremplin.people import calculations
from tremplin.people.models import Exit, ExitReason, Suspension
from tremplin.people.services import approvals, exits

from .conftest import make_approval, make_person

D = datetime.date
START = D(2024, 1, 8)

suspension_spans = st.lists(
    st.tuples(st.integers(0, 800), st.integers(0, 1200)), min_size=1, max_size=8
)


@pytest.mark.django_db
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spans=suspension_spans)
def test_suspensions_never_overlap_and_the_end_follows_them(world, spans):
    Suspension.objects.all().delete()
    person = make_person(world, last_name=f"P{abs(hash(tuple(spans))) % 10**9}")
    approval = make_approval(
        world, person, START, number=f"99999{abs(hash(tuple(spans))) % 10**7:07d}"
    )
    for offset, length in spans:
        start = START + datetime.timedelta(days=offset)
        with contextlib.suppress(ValidationError):
            approvals.suspension_create(
                actor=world.user("conseiller"),
                approval=approval,
                start_date=start,
                end_date=start + datetime.timedelta(days=length),
                reason="sickness",
            )
    kept = sorted(approval.suspensions.all(), key=lambda s: s.start_date)
    for first, second in itertools.pairwise(kept):
        assert first.end_date < second.start_date
    approval.refresh_from_db()
    assert approval.end_date == calculations.approval_end_date(
        START, suspended_days=sum(s.days for s in kept)
    )


class ExitCategoryProperty(HypothesisTestCase):
    @given(st.data())
    @settings(max_examples=15, deadline=None)
    def test_an_exit_category_is_always_its_reason_category(self, data):
        reasons = list(ExitReason.objects.all())
        reason = data.draw(st.sampled_from(reasons))
        exit_ = Exit(reason=reason, exit_date=D(2025, 1, 1))
        assert exit_.category == reason.category
        assert reason.category in {"durable", "transition", "positive", "other", "withdrawn"}


def test_every_asp_reason_is_loaded_with_its_category(db):
    from tremplin.people.asp.reference import EXIT_REASONS

    loaded = dict(ExitReason.objects.values_list("code", "category"))
    assert loaded == {r.code: r.category for r in EXIT_REASONS}


def test_exit_record_keeps_the_reason_category(world, person):
    reason = ExitReason.objects.get(code="CDI")
    exit_ = exits.exit_record(
        actor=world.user("conseiller"), person=person, exit_date=D(2025, 5, 1), reason=reason
    )
    assert Exit.objects.get(pk=exit_.pk).category == "durable"
