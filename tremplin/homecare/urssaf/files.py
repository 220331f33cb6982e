"""A file-based URSSAF for tests and the demo: each household and each payment request is a
JSON file under `URSSAF_FILES_DIR`, and the gateway plays URSSAF's part when asked for a
state: a request waiting for the household is validated once the legal delay has passed
(rule `sap.advance.validation_hours`), the household is debited a day after the
validation and the structure paid the invoice less its deposit (« mntAcompte »)
`PAID_AFTER_DAYS` days after it.
`simulate()` puts a request in any state (a direct debit refused, a recovery…)."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from tremplin.rules import rule

from .base import RequestState, UrssafRefusal

DEBITED_AFTER_DAYS = 1
PAID_AFTER_DAYS = 3


def _write(path: Path, data: dict) -> None:
    """Written whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".part")
    with os.fdopen(handle, "w") as stream:
        json.dump(data, stream, indent=1, sort_keys=True)
    os.replace(temporary, path)


def _read(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None


def _transfer(demande: dict) -> float:
    """What URSSAF pays the structure: the invoice less the deposit already paid."""
    rest = Decimal(str(demande["mntFactureTTC"])) - Decimal(str(demande.get("mntAcompte", 0)))
    return float(rest.quantize(Decimal("0.01")))


def _id(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]
    return f"{prefix}{digest}"


class FileUrssaf:
    name = "files"
    takes_household_answers = True

    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory or settings.URSSAF_FILES_DIR)

    def _client_path(self, client_id: str) -> Path:
        return self.directory / "particuliers" / f"{client_id}.json"

    def _request_path(self, urssaf_id: str) -> Path:
        return self.directory / "demandes" / f"{urssaf_id}.json"

    # The API's calls ----------------------------------------------------------------------

    def enrol(self, particulier: dict) -> str:
        if particulier.get("nomNaissance", "").upper() == "INCONNU":
            raise UrssafRefusal(
                [
                    {
                        "code": "ERR_PARTICULIER_INCONNU",
                        "message": "Particulier non reconnu",
                        "description": "Aucun particulier ne correspond à cette identité "
                        "auprès de l'administration fiscale.",
                    }
                ]
            )
        # The same person enrolled twice keeps one id, as URSSAF does.
        client_id = _id(
            "C", particulier["nomNaissance"], particulier["prenoms"], particulier["dateNaissance"]
        )
        _write(self._client_path(client_id), particulier)
        return client_id

    def send_request(self, demande: dict) -> str:
        if _read(self._client_path(demande["idClient"])) is None:
            raise UrssafRefusal([{"code": "ERR_CLIENT_INCONNU", "message": "Client inconnu"}])
        urssaf_id = _id("D", demande["idTiersFacturation"], demande["numFactureTiers"])
        if _read(self._request_path(urssaf_id)) is not None:
            raise UrssafRefusal(
                [{"code": "ERR_FACTURE_DOUBLON", "message": "Facture déjà transmise"}]
            )
        lines = sum(Decimal(str(line["mntPrestationTTC"])) for line in demande["inputPrestations"])
        if lines != Decimal(str(demande["mntFactureTTC"])):
            raise UrssafRefusal(
                [
                    {
                        "code": "ERR_MNT_FACTURE_TTC",
                        "message": "Le montant TTC de la facture n'est pas la somme des "
                        "prestations",
                    }
                ]
            )
        deposit = Decimal(str(demande.get("mntAcompte", 0)))
        if deposit < 0 or deposit >= Decimal(str(demande["mntFactureTTC"])):
            raise UrssafRefusal(
                [
                    {
                        "code": "ERR_MNT_ACOMPTE",
                        "message": "L'acompte est positif et inférieur au montant TTC",
                    }
                ]
            )
        if deposit and not demande.get("dateVersementAcompte"):
            raise UrssafRefusal(
                [
                    {
                        "code": "ERR_DATE_VERSEMENT_ACOMPTE",
                        "message": "La date de versement de l'acompte est obligatoire",
                    }
                ]
            )
        now = timezone.now().isoformat()
        _write(
            self._request_path(urssaf_id),
            {"demande": demande, "statut": "10", "integrated_at": now, "changed_at": now},
        )
        return urssaf_id

    def search(self, urssaf_ids: list[str]) -> list[RequestState]:
        states = []
        for urssaf_id in urssaf_ids:
            record = _read(self._request_path(urssaf_id))
            if record is None:
                continue
            self._play(urssaf_id, record)
            states.append(self._state(urssaf_id, record))
        return states

    def household_answer(self, urssaf_id: str, *, accept: bool, reason: str = "") -> None:
        record = _read(self._request_path(urssaf_id))
        if record is None:
            raise UrssafRefusal([{"code": "ERR_DEMANDE_INCONNUE", "message": "Demande inconnue"}])
        self._play(urssaf_id, record)
        if record["statut"] not in ("10", "20"):
            raise UrssafRefusal(
                [{"code": "ERR_STATUT", "message": "Cette demande n'attend plus de réponse"}]
            )
        if accept:
            self._set(urssaf_id, record, "30", validated_at=timezone.now().isoformat())
        else:
            self._set(
                urssaf_id,
                record,
                "40",
                infoRejet={"code": "CONTESTATION", "commentaire": reason or "Contestée"},
            )

    # URSSAF's part ----------------------------------------------------------------------

    def simulate(self, urssaf_id: str, code: str, *, at: datetime.datetime | None = None, **extra):
        """Put a request in state `code` (tests and demo), with `infoRejet` or
        `infoVirement` given as keywords."""
        record = _read(self._request_path(urssaf_id))
        at = (at or timezone.now()).isoformat()
        if code == "30":
            extra.setdefault("validated_at", at)
        if code in ("70", "120"):
            extra.setdefault(
                "infoVirement",
                {
                    "mntVirement": _transfer(record["demande"]),
                    "dateVirement": at[:10] + "T00:00:00.000Z",
                },
            )
        self._set(urssaf_id, record, code, changed_at=at, **extra)

    def seed_request(self, demande: dict, code: str, *, integrated_at: datetime.datetime) -> str:
        """Write a request already in state `code` (the demo), whatever was there."""
        urssaf_id = _id("D", demande["idTiersFacturation"], demande["numFactureTiers"])
        at = integrated_at.isoformat()
        record = {"demande": demande, "statut": code, "integrated_at": at, "changed_at": at}
        if code not in ("10", "20", "40", "110"):
            record["validated_at"] = at
        if code == "40":
            record["infoRejet"] = {"code": "CONTESTATION", "commentaire": "Contestée"}
        if code in ("70", "120"):
            record["infoVirement"] = {
                "mntVirement": _transfer(demande),
                "dateVirement": f"{at[:10]}T00:00:00.000Z",
            }
        _write(self._request_path(urssaf_id), record)
        return urssaf_id

    def _set(self, urssaf_id: str, record: dict, code: str, **extra) -> None:
        record.update({"statut": code, "changed_at": timezone.now().isoformat(), **extra})
        _write(self._request_path(urssaf_id), record)

    def _play(self, urssaf_id: str, record: dict) -> None:
        now = timezone.now()
        if record["statut"] in ("10", "20"):
            integrated = datetime.datetime.fromisoformat(record["integrated_at"])
            hours = rule("sap.advance.validation_hours", on=timezone.localdate())
            if now >= integrated + datetime.timedelta(hours=int(hours)):
                validated = integrated + datetime.timedelta(hours=int(hours))
                self._set(urssaf_id, record, "30", validated_at=validated.isoformat())
        if record["statut"] in ("30", "50") and record.get("validated_at"):
            validated = datetime.datetime.fromisoformat(record["validated_at"])
            if now >= validated + datetime.timedelta(days=PAID_AFTER_DAYS):
                paid_on = (validated + datetime.timedelta(days=PAID_AFTER_DAYS)).date()
                self._set(
                    urssaf_id,
                    record,
                    "70",
                    infoVirement={
                        "mntVirement": _transfer(record["demande"]),
                        "dateVirement": f"{paid_on.isoformat()}T00:00:00.000Z",
                    },
                )
            elif record["statut"] == "30" and now >= validated + datetime.timedelta(
                days=DEBITED_AFTER_DAYS
            ):
                self._set(urssaf_id, record, "50")

    def _state(self, urssaf_id: str, record: dict) -> RequestState:
        from .api import state_of

        return state_of(
            {
                "idDemandePaiement": urssaf_id,
                "statut": {"code": record["statut"]},
                "infoRejet": record.get("infoRejet"),
                "infoVirement": record.get("infoVirement"),
            }
        )
