import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tremplin.training.models import Funding
from tremplin.training.services import money

from .money_builders import make_course, make_session, register_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(world):
    session = make_session(make_course(price="600.00"), datetime.date(2026, 3, 2))
    return register_staff(session, world.own)


def fund(world, registration, amount, funder="opco", name="Uniformation"):
    return money.funding_add(
        actor=world.user("federation"),
        registration=registration,
        funder=funder,
        funder_name=name,
        amount=Decimal(amount),
        agreement_reference="ACC-1",
    )


def test_several_funders_share_a_registration_up_to_its_price(world, registration):
    fund(world, registration, "400.00")
    fund(world, registration, "199.99", funder="pic_iae", name="")
    fund(world, registration, "0.01", funder="structure", name="")  # the price exactly
    assert sum(f.amount for f in registration.fundings.all()) == Decimal("600.00")


def test_a_cent_past_the_price_is_refused_in_french(world, registration):
    fund(world, registration, "400.00")
    with pytest.raises(ValidationError) as exc:
        fund(world, registration, "200.01", funder="pic_iae", name="")
    message = exc.value.message_dict["amount"][0]
    assert "600,00 €" in message and "200,00 €" in message
    assert registration.fundings.count() == 1  # nothing half-saved


def test_an_opco_is_named(world, registration):
    with pytest.raises(ValidationError) as exc:
        fund(world, registration, "100", name=" ")
    assert "funder_name" in exc.value.message_dict
    assert not Funding.objects.exists()


def test_only_the_training_service_records_a_funding(world, registration):
    with pytest.raises(PermissionDenied):
        money.funding_add(
            actor=world.user("director"),
            registration=registration,
            funder="structure",
            amount=Decimal(10),
        )


def test_the_page_shows_what_is_left_and_the_error(world, registration, client):
    client.force_login(world.user("federation"))
    url = reverse("training:registration_funding", args=[registration.pk])
    client.post(url, {"funder": "opco", "funder_name": "Akto", "amount": "500"})
    response = client.post(url, {"funder": "structure", "amount": "150"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "100,00" in body  # what remains to fund
    assert registration.fundings.count() == 1
