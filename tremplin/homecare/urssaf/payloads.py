"""The JSON bodies of the API « tiers de prestation », built from plain values: the
« particulier » of an enrolment and the « demandePaiement » of an invoice. Field names are
the API's (documentation of the API Tiers de prestation, URSSAF, data.gouv.fr dataservice
« API Tiers de prestation »)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

FRANCE = "99100"  # INSEE code of France as a country of birth or residence


def api_datetime(day: datetime.date) -> str:
    # The API takes dates as ISO date-times at midnight UTC.
    return f"{day.isoformat()}T00:00:00.000Z"


def api_amount(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01")))


@dataclass(frozen=True)
class Particulier:
    civility: str
    birth_name: str
    usage_name: str
    first_names: str
    birth_date: datetime.date
    birth_country: str
    birth_departement: str  # three characters: « 069 », « 02A »
    birth_commune_code: str
    birth_commune_name: str
    mobile_phone: str
    email: str
    street_number: str
    street_name: str
    address_complement: str
    commune_code: str
    commune_name: str
    postcode: str
    iban: str
    bic: str
    account_holder: str


def particulier(p: Particulier) -> dict:
    birth_place: dict = {"codePaysNaissance": p.birth_country}
    if p.birth_country == FRANCE:
        birth_place["departementNaissance"] = p.birth_departement
        birth_place["communeNaissance"] = {
            "codeCommune": p.birth_commune_code,
            "libelleCommune": p.birth_commune_name,
        }
    address = {
        "numeroVoie": p.street_number,
        "libelleVoie": p.street_name,
        "complement": p.address_complement,
        "codeCommune": p.commune_code,
        "libelleCommune": p.commune_name,
        "codePostal": p.postcode,
        "codePays": FRANCE,
    }
    body = {
        "civilite": p.civility,
        "nomNaissance": p.birth_name,
        "prenoms": p.first_names,
        "dateNaissance": api_datetime(p.birth_date),
        "lieuNaissance": birth_place,
        "numeroTelephonePortable": p.mobile_phone,
        "adresseMail": p.email,
        "adressePostale": {key: value for key, value in address.items() if value},
        "coordonneeBancaire": {"bic": p.bic, "iban": p.iban, "titulaire": p.account_holder},
    }
    if p.usage_name:
        body["nomUsage"] = p.usage_name
    return body


@dataclass(frozen=True)
class Prestation:
    nature_code: str
    quantity: Decimal
    per_hour: bool
    unit_price_incl_vat: Decimal
    amount_excl_vat: Decimal
    vat: Decimal
    starts_on: datetime.date
    ends_on: datetime.date
    label: str

    @property
    def amount_incl_vat(self) -> Decimal:
        return self.amount_excl_vat + self.vat

    def as_json(self) -> dict:
        return {
            "codeNature": self.nature_code,
            "quantite": float(self.quantity),
            "unite": "HEURE" if self.per_hour else "FORFAIT",
            "mntUnitaireTTC": api_amount(self.unit_price_incl_vat),
            "mntPrestationTTC": api_amount(self.amount_incl_vat),
            "mntPrestationHT": api_amount(self.amount_excl_vat),
            "mntPrestationTVA": api_amount(self.vat),
            "dateDebutEmploi": api_datetime(self.starts_on),
            "dateFinEmploi": api_datetime(self.ends_on),
            "complement1": self.label[:50],
        }


def demande_paiement(
    *,
    billing_id: str,
    client_id: str,
    birth_date: datetime.date,
    invoice_number: str,
    invoice_date: datetime.date,
    starts_on: datetime.date,
    ends_on: datetime.date,
    total_incl_vat: Decimal,
    total_excl_vat: Decimal,
    lines: list[dict],
    deposit: Decimal = Decimal(0),
    deposit_on: datetime.date | None = None,
) -> dict:
    """`lines` are `Prestation.as_json()` dicts (kept as sent on the request). `deposit`
    is what the invoice had already received (« mntAcompte », paid on « dateVersementAcompte »):
    URSSAF pays, and takes its advance on, the rest. Both fields are optional in the API and
    left out when nothing was paid. (Names as in the API's documentation, demandePaiement;
    the published OpenAPI sits behind URSSAF's access portal: checked against integrations
    that call it.)"""
    body = {
        "idTiersFacturation": billing_id,
        "idClient": client_id,
        "dateNaissanceClient": api_datetime(birth_date),
        "numFactureTiers": invoice_number,
        "dateFacture": api_datetime(invoice_date),
        "dateDebutEmploi": api_datetime(starts_on),
        "dateFinEmploi": api_datetime(ends_on),
        "mntFactureTTC": api_amount(total_incl_vat),
        "mntFactureHT": api_amount(total_excl_vat),
        "inputPrestations": lines,
    }
    if deposit > 0:
        body["mntAcompte"] = api_amount(deposit)
        body["dateVersementAcompte"] = api_datetime(deposit_on)
    return body
