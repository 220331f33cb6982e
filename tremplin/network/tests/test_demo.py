from collections import Counter

import pytest

from tremplin.accounts.models import StructureMembership, User
from tremplin.network import demo
from tremplin.network.models import Structure, StructureGroup


@pytest.mark.django_db
def test_seed_network_is_valid_deterministic_and_proportioned():
    network = demo.seed_network(count=120, seed=7)
    structures = list(Structure.objects.select_related("commune").order_by("pk"))
    assert len(structures) == 120
    for structure in structures:
        structure.full_clean()  # the bulk insert satisfies every model rule
    kinds = Counter(s.kind for s in structures)
    assert 0.45 < kinds["AI"] / 120 < 0.85
    assert kinds["ACI"] > 5
    assert all(
        s.delegation.regions.filter(pk=s.commune.departement.region_id).exists()
        for s in structures[:20]
    )
    assert StructureMembership.objects.filter(role="director").count() == 120
    first_names = [s.name for s in network.structures]
    Structure.objects.all().delete()
    StructureGroup.objects.all().delete()
    User.objects.all().delete()
    again = demo.seed_network(count=120, seed=7)
    assert [s.name for s in again.structures] == first_names


@pytest.mark.django_db
def test_demo_accounts_cover_every_role():
    network = demo.seed_network(count=5, seed=1)
    demo.demo_accounts_create(network)
    described = demo.demo_accounts_describe()
    assert len(described) == len(demo.DEMO_ACCOUNTS)
    assert described[0][2].count(",") == 1  # the director has two structures


@pytest.mark.django_db
def test_demo_accounts_that_need_a_second_factor_log_in_with_the_printed_code(client):
    from io import StringIO

    from django.core.management import call_command
    from django.urls import reverse

    network = demo.seed_network(count=5, seed=1)
    demo.demo_accounts_create(network)
    out = StringIO()
    call_command("demo_totp_code", stdout=out)
    code = out.getvalue().split(" : ")[1].split()[0]
    assert "direction@tremplin.test" in out.getvalue()
    assert "conseiller@tremplin.test" not in out.getvalue()
    response = client.post(
        reverse("accounts:login"),
        {"username": "direction@tremplin.test", "password": demo.DEMO_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:two_factor_verify")
    response = client.post(reverse("accounts:two_factor_verify"), {"code": code})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_every_seed_makes_valid_14_digit_sirets():
    """`seed_demo --seed 100` once made 16-digit SIRETs (the serial outgrew its 7 digits);
    seeds 1 and 101 now wrap onto the same serials, the second skips the taken ones."""
    from tremplin.network.validators import validate_siret

    for seed in (1, 99, 100, 101, 250, 12_345):
        demo.seed_network(count=3, seed=seed)
    sirets = list(Structure.objects.values_list("siret", flat=True))
    assert len(sirets) == 18 == len(set(sirets))
    for siret in sirets:
        assert len(siret) == 14 and siret.isdigit(), siret
        assert validate_siret(siret) == siret
