import datetime

import pytest

from tremplin.training.bpf import bpf_for_year
from tremplin.training.models import Complaint, Funding, TrainingInvoice
from tremplin.training.parts import demo_money

from .money_builders import attend, make_course, make_session, register_employee, register_staff

pytestmark = pytest.mark.django_db


def test_the_demo_funds_invoices_and_credits_what_the_other_demos_made(world, today):
    past = make_session(make_course("passe"), today - datetime.timedelta(days=30))
    coming = make_session(make_course("futur"), today + datetime.timedelta(days=30))
    attend(register_staff(past, world.own))
    attend(register_employee(world, past, world.other))
    register_staff(coming, world.own, first="Futur")
    counts = demo_money.seed(structures=[world.own, world.other], seed=1, today=today)
    assert counts["training_invoices"] == 2 and counts["training_credit_notes"] == 1
    assert Funding.objects.count() == counts["training_fundings"] == 4
    numbers = sorted(TrainingInvoice.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3]  # two invoices and the credit note, no gap
    assert not TrainingInvoice.objects.filter(lines__registration__session=coming).exists()
    assert Complaint.objects.count() == 2
    assert bpf_for_year(today.year).total_revenue == 600  # 2 × 600 €, one line credited
    assert demo_money.seed(structures=[], seed=1, today=today) == {}  # once only
