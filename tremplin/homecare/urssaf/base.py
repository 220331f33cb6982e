"""The interface to URSSAF's immediate advance, and what crosses it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol


class UrssafError(Exception):
    """Anything URSSAF did not do."""


class UrssafUnavailable(UrssafError):
    """URSSAF did not answer (a timeout, a 5xx, a refused token): try again later."""


@dataclass
class UrssafRefusal(UrssafError):
    """URSSAF answered and refused: its error codes and messages, to show as they are."""

    errors: list[dict] = field(default_factory=list)

    def __str__(self):
        return "; ".join(
            " — ".join(
                part for part in (e.get("code"), e.get("message"), e.get("description")) if part
            )
            for e in self.errors
        )

    @property
    def codes(self) -> list[str]:
        return [str(e.get("code", "")) for e in self.errors]


@dataclass(frozen=True)
class RequestState:
    """A payment request as URSSAF reports it (one item of « infoDemandePaiements »)."""

    urssaf_id: str
    code: str  # « statut.code »: 10, 20, 30, 40, 50, 60, 70, 110-113, 120
    label: str = ""
    refusal_code: str = ""
    refusal_comment: str = ""
    transfer_amount: Decimal | None = None
    transfer_on: datetime.date | None = None


class UrssafGateway(Protocol):
    name: str
    # The real API has no call for the household's answer: they answer on their URSSAF
    # space. The file-based gateway plays that space.
    takes_household_answers: bool

    def enrol(self, particulier: dict) -> str:
        """Register a household (« particulier »); returns URSSAF's client id."""

    def send_request(self, demande: dict) -> str:
        """Send one payment request (« demandePaiement »); returns its URSSAF id. Sending
        the same invoice number twice is refused by URSSAF, never paid twice."""

    def search(self, urssaf_ids: list[str]) -> list[RequestState]:
        """The current state of these requests (at most a few per call)."""

    def household_answer(self, urssaf_id: str, *, accept: bool, reason: str = "") -> None:
        """The household validates or contests (file-based gateway only)."""
