"""The real client of the API « tiers de prestation » against answers kept as JSON files
(urssaf_answers/, written after the fields of URSSAF's published documentation): the
OAuth2 token, the enrolment, a request sent, every status read back, refusals and an
unavailable API. Only the HTTP transport is replaced; the client's code all runs."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from requests.adapters import BaseAdapter

from tremplin.homecare.services import advance_sync
from tremplin.homecare.services.advance_sync import status_of_code
from tremplin.homecare.urssaf import UrssafRefusal, UrssafUnavailable
from tremplin.homecare.urssaf.api import UrssafApi
from tremplin.homecare.urssaf.payloads import Particulier, Prestation, demande_paiement, particulier

ANSWERS = Path(__file__).parent / "urssaf_answers"
BASE = "https://api-edi.urssaf.fr"


class Recorded(BaseAdapter):
    """Answers each URL path with a recorded file, and keeps what was sent."""

    def __init__(self, answers: dict[str, str]):
        super().__init__()
        self.answers = answers
        self.sent: list[requests.PreparedRequest] = []

    def send(self, request, **kwargs):
        self.sent.append(request)
        path = request.path_url
        recorded = json.loads((ANSWERS / f"{self.answers[path]}.json").read_text())
        response = requests.Response()
        response.status_code = recorded["status"]
        response._content = json.dumps(recorded["body"]).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass


def _api(**answers) -> tuple[UrssafApi, Recorded]:
    adapter = Recorded(
        {
            "/api/oauth/v1/token": "token",
            **{f"/atp/v1/tiersPrestations{path}": name for path, name in answers.items()},
        }
    )
    session = requests.Session()
    session.mount("https://", adapter)
    api = UrssafApi(base_url=BASE, client_id="id", client_secret="secret", session=session)
    return api, adapter


PERSON = Particulier(
    civility="2",
    birth_name="Durand",
    usage_name="Martin",
    first_names="Zéphyrine",
    birth_date=datetime.date(1950, 3, 4),
    birth_country="99100",
    birth_departement="069",
    birth_commune_code="69123",
    birth_commune_name="Lyon",
    mobile_phone="0612345678",
    email="zephyrine@example.org",
    street_number="3",
    street_name="rue des Lilas",
    address_complement="",
    commune_code="69381",
    commune_name="Lyon 1er Arrondissement",
    postcode="69001",
    iban="FR7630006000011234567890189",
    bic="BNPAFRPPXXX",
    account_holder="Mme Zéphyrine Durand",
)


def test_enrolment_asks_a_token_once_then_posts_the_particulier():
    api, adapter = _api(**{"/particulier": "particulier_ok"})
    assert api.enrol(particulier(PERSON)) == "1b0b8d5c-4f5e-4a0a-9e3e-6f2d1c0a7b11"
    assert api.enrol(particulier(PERSON))  # the token is kept
    token, first, _second = adapter.sent
    assert token.path_url == "/api/oauth/v1/token"
    form = dict(pair.split("=") for pair in token.body.split("&"))
    assert form["grant_type"] == "client_credentials"
    assert form["scope"] == "homeplus.tiersprestations"
    assert first.headers["Authorization"] == "Bearer jeton-de-test"
    body = json.loads(first.body)
    assert body["nomNaissance"] == "Durand" and body["nomUsage"] == "Martin"
    assert body["dateNaissance"] == "1950-03-04T00:00:00.000Z"
    assert body["lieuNaissance"] == {
        "codePaysNaissance": "99100",
        "departementNaissance": "069",
        "communeNaissance": {"codeCommune": "69123", "libelleCommune": "Lyon"},
    }
    assert body["coordonneeBancaire"]["iban"] == "FR7630006000011234567890189"
    assert "complement" not in body["adressePostale"]  # empty fields are left out


def test_born_abroad_has_no_departement_nor_commune():
    body = particulier(Particulier(**{**PERSON.__dict__, "birth_country": "99350"}))
    assert body["lieuNaissance"] == {"codePaysNaissance": "99350"}


def test_a_refused_enrolment_carries_urssaf_codes():
    api, _adapter = _api(**{"/particulier": "particulier_refused"})
    with pytest.raises(UrssafRefusal) as refusal:
        api.enrol(particulier(PERSON))
    assert refusal.value.codes == ["ERR_RECHERCHE_PARTICULIER"]
    assert "Particulier non trouvé" in str(refusal.value)


def _demande(**deposit):
    line = Prestation(
        nature_code="10",
        quantity=Decimal(8),
        per_hour=True,
        unit_price_incl_vat=Decimal("27.50"),
        amount_excl_vat=Decimal("200.00"),
        vat=Decimal("20.00"),
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 10, 31),
        label="Heures de travail — Ménage",
    )
    return demande_paiement(
        billing_id="73282932000074",
        client_id="1b0b8d5c-4f5e-4a0a-9e3e-6f2d1c0a7b11",
        birth_date=datetime.date(1950, 3, 4),
        invoice_number="2026-00001",
        invoice_date=datetime.date(2026, 11, 2),
        starts_on=datetime.date(2026, 10, 1),
        ends_on=datetime.date(2026, 10, 31),
        total_incl_vat=Decimal("220.00"),
        total_excl_vat=Decimal("200.00"),
        lines=[line.as_json()],
        **deposit,
    )


def test_a_request_is_sent_with_its_lines_and_amounts():
    api, adapter = _api(**{"/demandePaiement": "demande_ok"})
    assert api.send_request(_demande()) == "a6f0c2d4-0b1e-4c55-8a7e-2b9d3f4e5a60"
    body = json.loads(adapter.sent[-1].body)
    assert "mntAcompte" not in body and "dateVersementAcompte" not in body  # nothing paid
    assert body["numFactureTiers"] == "2026-00001"
    assert body["mntFactureTTC"] == 220.0 and body["mntFactureHT"] == 200.0
    assert body["dateDebutEmploi"] == "2026-10-01T00:00:00.000Z"
    [line] = body["inputPrestations"]
    assert line == {
        "codeNature": "10",
        "quantite": 8.0,
        "unite": "HEURE",
        "mntUnitaireTTC": 27.5,
        "mntPrestationTTC": 220.0,
        "mntPrestationHT": 200.0,
        "mntPrestationTVA": 20.0,
        "dateDebutEmploi": "2026-10-01T00:00:00.000Z",
        "dateFinEmploi": "2026-10-31T00:00:00.000Z",
        "complement1": "Heures de travail — Ménage",
    }


def test_a_duplicate_invoice_is_refused():
    api, _adapter = _api(**{"/demandePaiement": "demande_doublon"})
    with pytest.raises(UrssafRefusal) as refusal:
        api.send_request(_demande())
    assert refusal.value.codes == ["ERR_FACTURE_DOUBLON"]


def test_an_unavailable_api_is_retried_later():
    api, _adapter = _api(**{"/demandePaiement": "unavailable"})
    with pytest.raises(UrssafUnavailable):
        api.send_request(_demande())


@pytest.mark.parametrize(
    ("code", "status", "refusal", "transfer"),
    [
        ("10", "10", "", None),
        ("20", "20", "", None),
        ("30", "30", "", None),
        ("40", "40", "Prestation non réalisée", None),
        ("50", "50", "", None),
        ("60", "60", "Provision insuffisante", None),
        ("70", "70", "", (Decimal("220.0"), datetime.date(2026, 11, 20))),
        ("110", "110", "", None),
        ("111", "110", "", None),
        ("120", "120", "", (Decimal("220.0"), datetime.date(2026, 12, 4))),
    ],
)
def test_every_status_is_read_back(code, status, refusal, transfer):
    api, adapter = _api(**{"/demandePaiement/rechercher": f"rechercher_{code}"})
    [state] = api.search(["a6f0c2d4-0b1e-4c55-8a7e-2b9d3f4e5a60"])
    assert json.loads(adapter.sent[-1].body) == {
        "idDemandePaiements": ["a6f0c2d4-0b1e-4c55-8a7e-2b9d3f4e5a60"]
    }
    assert state.urssaf_id == "a6f0c2d4-0b1e-4c55-8a7e-2b9d3f4e5a60"
    assert state.code == code and status_of_code(state.code) == status
    assert state.refusal_comment == refusal
    assert (state.transfer_amount, state.transfer_on) == (transfer or (None, None))


def test_a_deposit_is_sent_and_urssaf_transfers_the_rest():
    api, adapter = _api(
        **{"/demandePaiement": "demande_ok", "/demandePaiement/rechercher": "rechercher_70_acompte"}
    )
    api.send_request(_demande(deposit=Decimal("50.00"), deposit_on=datetime.date(2026, 10, 30)))
    body = json.loads(adapter.sent[-1].body)
    assert body["mntFactureTTC"] == 220.0 and body["mntAcompte"] == 50.0
    assert body["dateVersementAcompte"] == "2026-10-30T00:00:00.000Z"
    [state] = api.search(["a6f0c2d4-0b1e-4c55-8a7e-2b9d3f4e5a60"])
    assert state.transfer_amount == Decimal("170.0")


@pytest.mark.django_db
def test_the_recorded_transfer_of_a_part_paid_invoice_adds_up_to_its_ttc(world, today):
    """URSSAF's answer as recorded, applied to an invoice that had 50 € of prepaid CESU."""
    from tremplin.missions.models import PaymentMethod
    from tremplin.missions.services.payments_received import payment_receive

    from .advance_fixtures import household_of, issued_invoice, sent_request

    household = household_of(world.own)
    invoice = issued_invoice(household, today)  # 220 € TTC
    payment_receive(
        invoice=invoice, paid_on=today, amount=Decimal(50), method=PaymentMethod.CESU_PREPAID
    )
    payment_request = sent_request(
        household, invoice, urssaf_id="a6f0c2d4-0b1e-4c55-8a7e-2b9d3f4e5a60", deposit=50
    )
    api, _adapter = _api(**{"/demandePaiement/rechercher": "rechercher_70_acompte"})
    [state] = api.search([payment_request.urssaf_id])
    advance_sync.payment_request_apply(request_id=payment_request.pk, state=state)
    invoice.refresh_from_db()
    paid = sorted((p.method, p.amount) for p in invoice.payments.all())
    assert paid == sorted(
        [
            (PaymentMethod.CESU_PREPAID, Decimal(50)),
            (PaymentMethod.URSSAF_ADVANCE, Decimal(85)),
            (PaymentMethod.DIRECT_DEBIT, Decimal(85)),
        ]
    )
    assert sum(amount for _method, amount in paid) == invoice.total
