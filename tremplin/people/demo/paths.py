"""One path from start to end, by scenario: `_Paths` puts the parts of a path together."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta

from tremplin.rules import rule

from .. import calculations
from ..calculations import last_day_of_period
from ..models import Approval, ContractKind, DiagnosisAuthor, ProlongationReason
from .accompaniment import _Accompaniment
from .employment import _Employment
from .person import _PersonFile
from .reference import (
    CANDIDATE,
    CURRENT,
    DAY,
    DIAGNOSIS_EXPIRING,
    EXITED,
    EXTENSION_GROUNDS,
    PASS_30,
    PASS_60,
    PROLONGED,
    _Staff,
)

# --- Paths ----------------------------------------------------------------------------------


class _Paths(_PersonFile, _Employment, _Accompaniment):
    """Draws the people of one structure and their paths into a chunk."""

    # --- one path --------------------------------------------------------------------------

    def path(self, scenario: str) -> None:
        rng, today = self.rng, self.today
        self.referent = rng.choice(self.staff) if self.staff else _Staff(None, "")
        if self.kind in ("ACI", "EI", "EITI"):
            contract_kind = ContractKind.CDDI
        elif self.kind == "ETTI":
            contract_kind = ContractKind.MISSION
        else:  # AIs place people with CDD d'usage, and hire some on CDDI
            contract_kind = ContractKind.CDDI if rng.random() < 0.15 else ContractKind.CDD_USAGE
        author = DiagnosisAuthor.PRESCRIBER if rng.random() < 0.75 else DiagnosisAuthor.EMPLOYER
        validity = (calculations.diagnosis_expires_on(author, today) - today).days + 1

        if scenario in (CANDIDATE, DIAGNOSIS_EXPIRING):  # eligible, not hired yet
            if scenario == DIAGNOSIS_EXPIRING:
                made_on = today - DAY * (validity - rng.randint(1, 30))
            else:
                made_on = today - DAY * rng.randint(0, validity - 1)
            person = self._person(ref=made_on, band=None)
            self._file(person)
            self._diagnosis(person, made_on, author)
            self._accompaniment(person, start=person.consent_date, end=today, hired=False)
            return

        # The frame of the path: the PASS's start, a prolongation's reason, the horizon.
        reason, band = None, None
        if scenario == PROLONGED:
            reasons = [
                ProlongationReason.SENIOR,
                ProlongationReason.RQTH,
                ProlongationReason.TRAINING,
            ]
            if self.kind in ("AI", "ACI") and contract_kind != ContractKind.CDDI:
                reasons.append(ProlongationReason.PARTICULAR_DIFFICULTIES)
            reason = rng.choice(reasons)
            band = "senior" if reason == ProlongationReason.SENIOR else None
        validity_months = rule("pass.validity_months", today)
        length = 0
        if scenario in (PASS_30, PASS_60):
            # Away from the 30- and 60-day bounds: month lengths move the end by a day.
            low, high = (2, 28) if scenario == PASS_30 else (33, 58)
            start = (
                today + DAY * (rng.randint(low, high) + 1) - relativedelta(months=validity_months)
            )
        elif scenario == PROLONGED:  # the 24 months are over, the prolongation runs
            start = today - relativedelta(months=validity_months) - DAY * rng.randint(1, 300)
        elif scenario == CURRENT:
            start = today - DAY * rng.randint(7, 700)
        else:
            length = self._exited_length(contract_kind)
            start = today - DAY * (length + rng.randint(1, max(1, 1095 - length)))
        made_on = start - DAY * rng.randint(0, min(150, validity - 31))
        person = self._person(ref=made_on, band=band, rqth=reason == ProlongationReason.RQTH)
        self._file(person)
        self._diagnosis(person, made_on, author)
        approval = self.add(
            Approval,
            person_id=person.id,
            number=self.context.next_number(),
            start_date=start,
            end_date=calculations.approval_end_date(start),
            waiting_period_waived_by="",
            created_by_id=self.referent.user_id,
        )

        # Contracts may start until stop_start and end by stop_end (an ended path's length).
        if scenario == EXITED:
            stop_start = stop_end = start + DAY * length
        else:
            stop_start, stop_end = today, datetime.date.max

        # Some suspensions (not where the scenario aims at an exact end date).
        suspended, blocked = 0, None
        if scenario in (CURRENT, EXITED) and rng.random() < 0.09:
            last = min(stop_start, today) - DAY * 45
            if last > start + DAY * 30:
                blocked = self._suspension(approval, person, contract_kind, start + DAY * 30, last)
                if blocked:
                    suspended = (blocked[1] - blocked[0]).days + 1
        approval.end_date = calculations.approval_end_date(start, suspended_days=suspended)
        prolonged_until, training = None, False
        if scenario == PROLONGED:
            prolonged_until = self._prolong(approval, person, reason)
            training = reason == ProlongationReason.TRAINING

        if contract_kind == ContractKind.CDDI:
            ceiling = last_day_of_period(start, months=rule("contract.cddi_max_months", start))
            ground = ""
            if prolonged_until and prolonged_until > ceiling:  # 50+, RQTH, training
                ground, ceiling = EXTENSION_GROUNDS[reason], prolonged_until
            contracts = self._cddi(
                person, start, min(approval.end_date, ceiling), stop_start, ground
            )
        else:
            contracts = self._short_contracts(
                person, contract_kind, start, approval.end_date, stop_start, stop_end, blocked
            )

        exit_date = None
        if scenario == EXITED:
            exit_date = self._end_of_path(contracts, contract_kind, stop_start)
        if scenario in (PASS_30, PASS_60) and rng.random() < 0.6:
            self._pending_request(approval, person)
        self._accompaniment(
            person, start=start, end=exit_date or today, hired=True, training=training
        )
        if exit_date is not None:
            if exit_date >= today - DAY * 20 and rng.random() < 0.35:
                return  # the contract ended a few days ago: the exit is still to record
            self._exit(person, approval, contracts, exit_date, suspended)

    def _exited_length(self, contract_kind: str) -> int:
        """Days from the first contract to the exit, for a path that ended."""
        roll = self.rng.random()
        if contract_kind == ContractKind.CDDI:
            spans = [(0.2, 14, 120), (0.7, 120, 400), (1, 400, 720)]
        elif contract_kind == ContractKind.MISSION:
            spans = [(0.35, 14, 120), (0.8, 120, 365), (1, 365, 720)]
        else:
            spans = [(0.3, 7, 90), (0.7, 90, 365), (1, 365, 720)]
        for threshold, low, high in spans:
            if roll < threshold:
                return self.rng.randint(low, high)
        return 365
