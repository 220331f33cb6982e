"""A path's employment: the PASS IAE (suspensions, prolongations), contracts and the exit."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from tremplin.rules import rule

from .. import calculations
from ..calculations import ONE_DAY, age_on, last_day_of_period
from ..models import (
    Action,
    ActionKind,
    Contract,
    ContractKind,
    ContractRenewal,
    EarlyEndReason,
    Exit,
    ExitCategory,
    Prolongation,
    ProlongationReason,
    ProlongationRequest,
    RequestStatus,
    Sex,
    Suspension,
    SuspensionReason,
)
from .base import _PathsBase
from .reference import (
    CDDI_FIRST_MONTHS,
    CDDI_HOURS,
    DAY,
    EARLY_END_BY_CATEGORY,
    QUALIFYING_TRAININGS,
    SUSPENSIONS,
    SUSPENSIONS_DURING_CONTRACT,
    _exit_category,
)
from .writer import _Row


class _Employment(_PathsBase):
    """The PASS IAE, the contracts under it and the exit that ends the path."""

    # --- PASS IAE --------------------------------------------------------------------------

    def _suspension(self, approval, person, contract_kind, first, last):
        """One suspension between first and last; returns its (start, end)."""
        rng = self.rng
        reasons = list(
            SUSPENSIONS_DURING_CONTRACT if contract_kind == ContractKind.CDDI else SUSPENSIONS
        )
        if not (person.sex == Sex.FEMALE and age_on(person.birth_date, first) <= 43):
            reasons.remove(SuspensionReason.MATERNITY)
        reason = rng.choice(reasons)
        low, high = SUSPENSIONS[reason]
        days = rng.randint(low, high)
        begin = self._between(first, last - DAY * days)
        end = begin + DAY * (days - 1)
        if end > last or end > calculations.suspension_max_end(begin):
            return None
        self.add(
            Suspension,
            approval_id=approval.id,
            start_date=begin,
            end_date=end,
            reason=reason,
            structure_id=self.structure.pk,
            created_by_id=self.referent.user_id,
        )
        return begin, end

    def _prolong(self, approval, person, reason) -> datetime.date:
        """One prolongation from the day after the PASS's end, for 6 to 12 months and
        within the path's cap; a prescriber's reason goes through an accepted request.
        Returns the new end."""
        rng, today = self.rng, self.today
        base_end = approval.end_date
        first = base_end + ONE_DAY
        per_decision = rule("pass.prolongation_months_per_decision", base_end)
        months = rng.randint(min(6, per_decision), per_decision)
        while months < per_decision and last_day_of_period(first, months=months) < today:
            months += 1  # the path still runs today
        end = last_day_of_period(first, months=months)
        rule_ = calculations.PROLONGATION_RULES[reason]
        if rule_.cap_key:
            cap = rule(rule_.cap_key, base_end)
            end = min(end, calculations.path_cap_end(approval.start_date, cap, 0))
        if reason == ProlongationReason.TRAINING:  # under way when the PASS was to end
            title, partner = rng.choice(QUALIFYING_TRAININGS)
            self.add(
                Action,
                person_id=person.id,
                kind=ActionKind.TRAINING,
                title=title,
                partner=partner,
                start_date=base_end - DAY * rng.randint(30, 150),
                end_date=end + DAY * rng.randint(0, 30),
                barrier_id=None,
            )
        request_id = None
        if rule_.decided_by_prescriber:
            requested_on = base_end - DAY * rng.randint(20, 75)
            decided_on = min(requested_on + DAY * rng.randint(5, 20), base_end, today)
            if reason == ProlongationReason.RQTH:
                decided_by = f"Cap emploi – département {self.place.departement}"
            else:
                decided_by = f"France Travail {self.place.name}"
            request_id = self.add(
                ProlongationRequest,
                approval_id=approval.id,
                reason=reason,
                end_date=end,
                prescriber=decided_by,
                requested_on=requested_on,
                status=RequestStatus.ACCEPTED,
                decided_on=decided_on,
                decision_note="Accord : le parcours se poursuit.",
                created_by_id=self.referent.user_id,
            ).id
        else:
            decided_by = f"{self.structure.name} (décision de la structure)"
        self.add(
            Prolongation,
            approval_id=approval.id,
            reason=reason,
            start_date=first,
            end_date=end,
            decided_by=decided_by[:200],
            request_id=request_id,
            created_by_id=self.referent.user_id,
        )
        approval.end_date = calculations.approval_end_date(
            approval.start_date, prolonged_days=(end - first).days + 1
        )
        return approval.end_date

    def _pending_request(self, approval, person) -> None:
        """A PASS ending soon: a request to a prescriber awaits the answer, when the file
        opens one of the prescriber's reasons."""
        requested_on = max(self.today - DAY * self.rng.randint(0, 20), approval.start_date)
        senior_age = rule("pass.prolongation_senior_age", requested_on)
        if age_on(person.birth_date, requested_on) >= senior_age:
            reason = ProlongationReason.SENIOR
        elif person.rqth:
            reason = ProlongationReason.RQTH
        elif self.kind in ("AI", "ACI"):
            reason = ProlongationReason.PARTICULAR_DIFFICULTIES
        else:
            return
        first = approval.end_date + ONE_DAY
        months = self.rng.choice([6, rule("pass.prolongation_months_per_decision", requested_on)])
        self.add(
            ProlongationRequest,
            approval_id=approval.id,
            reason=reason,
            end_date=last_day_of_period(first, months=months),
            prescriber=f"France Travail {self.place.name}"[:200],
            requested_on=requested_on,
            status=RequestStatus.PENDING,
            decided_on=None,
            created_by_id=self.referent.user_id,
        )

    # --- contracts -------------------------------------------------------------------------

    def _cddi(self, person, start, hard_end, stop_at, ground) -> list[_Row]:
        """One CDDI from the PASS's start, renewed until it covers `stop_at`, never past
        `hard_end` (the PASS's end, and 24 months unless on an extension ground)."""
        rng, kind = self.rng, self.kind
        months = rng.choice(CDDI_FIRST_MONTHS.get(kind, CDDI_FIRST_MONTHS["EI"]))
        ends = []
        while True:
            end = min(last_day_of_period(start, months=months), hard_end)
            ends.append(end)
            if end >= stop_at or end >= hard_end:
                break
            months += rng.choice([4, 6, 6, 12])
        low = rule("contract.cddi_min_weekly_hours", start)
        high = rule("contract.cddi_max_weekly_hours", start)
        if kind in CDDI_HOURS:
            weekly = Decimal(rng.choice(CDDI_HOURS[kind]))
        else:
            weekly = self._hours(low, high if kind != "AI" else 26)
        beyond = ends[-1] > last_day_of_period(
            start, months=rule("contract.cddi_max_months", start)
        )
        contract = self.add(
            Contract,
            person_id=person.id,
            structure_id=self.structure.pk,
            kind=ContractKind.CDDI,
            start_date=start,
            initial_end_date=ends[0],
            planned_end_date=ends[-1],
            weekly_hours=min(max(weekly, Decimal(low)), Decimal(high)),
            extension_ground=ground if beyond else "",
            early_end_date=None,
            early_end_reason="",
            created_by_id=self.referent.user_id,
        )
        for previous, new in itertools.pairwise(ends):
            self.add(
                ContractRenewal,
                contract_id=contract.id,
                previous_end_date=previous,
                new_end_date=new,
                signed_on=max(previous - DAY * rng.randint(3, 30), start),
            )
        return [contract]

    def _short_contracts(self, person, kind, start, hard_end, stop_start, stop_end, blocked):
        """AI placements (CDD d'usage) or ETTI missions one after the other, with gaps;
        none starts while the PASS is suspended (`blocked`)."""
        rng, today = self.rng, self.today
        if kind == ContractKind.MISSION:
            lengths = [14, 30, 30, 45, 61, 91, 122, 183]
            base = Decimal(35) if rng.random() < 0.7 else self._hours(20, 35)
        else:
            lengths = [7, 14, 30, 30, 30, 61, 61, 91]
            base = Decimal(rng.choice([6, 8, 10, 12, 15, 18, 20, 24, 26, 30, 35]))
        contracts = []
        day = start
        while day <= stop_start and day <= hard_end:
            if blocked and blocked[0] <= day <= blocked[1]:
                day = blocked[1] + ONE_DAY
                continue
            end = min(day + DAY * (rng.choice(lengths) - 1), hard_end, stop_end)
            if blocked and day < blocked[0] <= end:
                end = blocked[0] - ONE_DAY
            initial, signed_on = end, None
            if kind == ContractKind.MISSION and (end - day).days >= 45 and rng.random() < 0.3:
                first_term = day + DAY * rng.randint(14, (end - day).days - 14)
                signed_on = max(first_term - DAY * rng.randint(2, 10), day)
                if signed_on <= today:  # renewed before the first term, in the past
                    initial = first_term
            if kind == ContractKind.MISSION:
                hours = base
            else:
                hours = min(max(Decimal(4), base + rng.choice([-2, 0, 0, 0, 2, 4])), Decimal(35))
            contract = self.add(
                Contract,
                person_id=person.id,
                structure_id=self.structure.pk,
                kind=kind,
                start_date=day,
                initial_end_date=initial,
                planned_end_date=end,
                weekly_hours=hours,
                extension_ground="",
                early_end_date=None,
                early_end_reason="",
                created_by_id=self.referent.user_id,
            )
            if initial != end:
                self.add(
                    ContractRenewal,
                    contract_id=contract.id,
                    previous_end_date=initial,
                    new_end_date=end,
                    signed_on=signed_on,
                )
            contracts.append(contract)
            gap = rng.random()
            if gap < 0.4:
                skip = 0
            elif gap < 0.65:
                skip = rng.randint(1, 7)
            elif gap < 0.9:
                skip = rng.randint(8, 30)
            else:
                skip = rng.randint(31, 90)
            day = end + DAY * (1 + skip)
        return contracts

    def _end_of_path(self, contracts, contract_kind, target) -> datetime.date:
        """The exit date of an ended path: the last contract's end, at term or early."""
        rng, today = self.rng, self.today
        last = contracts[-1]
        self.category = _exit_category(rng)
        if contract_kind == ContractKind.CDDI:
            # The CDDI covers the length drawn for the path (`target`): the person stays to
            # its term, or leaves on that day.
            at_term = last.planned_end_date < today and (
                rng.random() < 0.5 or target >= last.planned_end_date
            )
            return last.planned_end_date if at_term else self._early(last, target)
        if rng.random() < 0.25 and last.planned_end_date > last.start_date:
            day = self._between(last.start_date, last.planned_end_date - ONE_DAY)
            return self._early(last, day)
        return last.planned_end_date

    def _early(self, contract, day) -> datetime.date:
        """End the contract early on `day`, with a reason that fits the exit."""
        day = max(min(day, contract.planned_end_date), contract.start_date)
        if day == contract.planned_end_date:
            return day
        reasons = EARLY_END_BY_CATEGORY[self.category]
        if self.category == ExitCategory.OTHER and (day - contract.start_date).days < 30:
            reasons = [EarlyEndReason.TRIAL]
        contract.early_end_date = day
        contract.early_end_reason = self.rng.choice(reasons)
        return day

    # --- exit ------------------------------------------------------------------------------

    def _exit(self, person, approval, contracts, exit_date, suspended) -> None:
        """The exit, counted or not exactly as services.exits computes it."""
        rng = self.rng
        periods = [
            calculations.WorkedPeriod(
                c.start_date,
                min(c.early_end_date or c.planned_end_date or exit_date, exit_date),
                c.weekly_hours,
            )
            for c in contracts
            if c.start_date <= exit_date
        ]
        result = calculations.counted_exit(self.kind, periods, exit_date)
        reasons = self.context.exit_reasons.get(self.category)
        # A few recent ones still wait for their reason (a work list shows them).
        reason = rng.choice(reasons) if reasons and rng.random() < 0.97 else None
        self.add(
            Exit,
            person_id=person.id,
            exit_date=exit_date,
            reason_id=reason,
            counted=result.counted,
            worked_months=(Decimal(result.worked_days) / Decimal("30.4375")).quantize(
                Decimal("0.01")
            ),
            worked_hours=result.worked_hours,
            notes="",
            created_by_id=self.referent.user_id,
        )
        # "Contract ended, the path may resume": the structure suspends the PASS from the
        # next day (services.exits with PassDecision.SUSPEND).
        first = exit_date + ONE_DAY
        if (
            self.category == ExitCategory.OTHER
            and rng.random() < 0.08
            and first <= approval.end_date
        ):
            end = min(approval.end_date, calculations.suspension_max_end(first))
            self.add(
                Suspension,
                approval_id=approval.id,
                start_date=first,
                end_date=end,
                reason=SuspensionReason.BROKEN_OFF,
                structure_id=self.structure.pk,
                created_by_id=self.referent.user_id,
            )
            approval.end_date = calculations.approval_end_date(
                approval.start_date, suspended_days=suspended + (end - first).days + 1
            )
