"""The real API « tiers de prestation »: OAuth2 client credentials, then JSON over HTTPS.

Endpoints, as URSSAF documents them (sandbox https://api-edi.urssaf.fr, production
https://api.urssaf.fr):
- POST /api/oauth/v1/token (form: grant_type=client_credentials, client_id, client_secret,
  scope=homeplus.tiersprestations) → access_token, expires_in;
- POST /atp/v1/tiersPrestations/particulier → {"idClient"};
- POST /atp/v1/tiersPrestations/demandePaiement → {"idDemandePaiement"};
- POST /atp/v1/tiersPrestations/demandePaiement/rechercher ({"idDemandePaiements": […]})
  → {"infoDemandePaiements": [{"idDemandePaiement", "statut": {"code", "libelle"},
  "infoRejet": {"code", "commentaire"}, "infoVirement": {"mntVirement", "dateVirement"}}]}.
A refusal is a 4xx whose body lists {"code", "message", "description"}."""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

import requests
from django.conf import settings

from .base import RequestState, UrssafRefusal, UrssafUnavailable

SCOPE = "homeplus.tiersprestations"
PREFIX = "/atp/v1/tiersPrestations"


def _errors(response: requests.Response) -> list[dict]:
    try:
        body = response.json()
    except ValueError:
        return [{"code": str(response.status_code), "message": response.text[:300]}]
    if isinstance(body, dict):
        body = body.get("errors") or body.get("Errors") or [body]
    return [item for item in body if isinstance(item, dict)]


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value[:10]) if value else None


def state_of(item: dict) -> RequestState:
    statut = item.get("statut") or {}
    rejet = item.get("infoRejet") or {}
    virement = item.get("infoVirement") or {}
    amount = virement.get("mntVirement")
    return RequestState(
        urssaf_id=str(item.get("idDemandePaiement", "")),
        code=str(statut.get("code", "")),
        label=statut.get("libelle", "") or "",
        refusal_code=str(rejet.get("code", "") or ""),
        refusal_comment=rejet.get("commentaire", "") or "",
        transfer_amount=Decimal(str(amount)) if amount not in (None, "") else None,
        transfer_on=_date(virement.get("dateVirement")),
    )


class UrssafApi:
    name = "urssaf"
    takes_household_answers = False

    def __init__(
        self,
        *,
        base_url: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        session: requests.Session | None = None,
        timeout: float | None = None,
    ):
        self.base_url = (base_url or settings.URSSAF_API_URL).rstrip("/")
        self.client_id = client_id or settings.URSSAF_CLIENT_ID
        self.client_secret = client_secret or settings.URSSAF_CLIENT_SECRET
        self.session = session or requests.Session()
        self.timeout = timeout or settings.URSSAF_TIMEOUT_SECONDS
        self._token: str | None = None
        self._token_until = 0.0

    def _send(self, method: str, url: str, **kwargs) -> requests.Response:
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise UrssafUnavailable(str(exc)) from exc
        if response.status_code >= 500 or response.status_code in (401, 403, 429):
            raise UrssafUnavailable(f"{response.status_code}: {response.text[:300]}")
        if response.status_code >= 400:
            raise UrssafRefusal(_errors(response))
        return response

    def token(self) -> str:
        if self._token and time.monotonic() < self._token_until:
            return self._token
        response = self._send(
            "POST",
            f"{self.base_url}/api/oauth/v1/token",
            data={
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "scope": SCOPE,
            },
        )
        body = response.json()
        self._token = body["access_token"]
        # A minute early, so that a token never expires on its way.
        self._token_until = time.monotonic() + max(int(body.get("expires_in", 0)) - 60, 0)
        return self._token

    def _post(self, path: str, body: dict) -> dict | list:
        response = self._send(
            "POST",
            f"{self.base_url}{PREFIX}{path}",
            json=body,
            headers={"Authorization": f"Bearer {self.token()}", "Accept": "application/json"},
        )
        return response.json()

    def enrol(self, particulier: dict) -> str:
        return str(self._post("/particulier", particulier)["idClient"])

    def send_request(self, demande: dict) -> str:
        body = self._post("/demandePaiement", demande)
        if isinstance(body, list):  # some versions answer a list of one
            body = body[0]
        return str(body["idDemandePaiement"])

    def search(self, urssaf_ids: list[str]) -> list[RequestState]:
        body = self._post("/demandePaiement/rechercher", {"idDemandePaiements": urssaf_ids})
        return [state_of(item) for item in body.get("infoDemandePaiements", [])]

    def household_answer(self, urssaf_id: str, *, accept: bool, reason: str = "") -> None:
        raise NotImplementedError("The household answers on their URSSAF space.")
