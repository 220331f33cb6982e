"""A path's accompaniment: interviews, barriers, actions and the commitment contract."""

from __future__ import annotations

from ..models import (
    Action,
    ActionKind,
    Barrier,
    BarrierCategory,
    BarrierStatus,
    BarrierStatusChange,
    CommitmentContract,
    CommitmentReview,
    FrenchLevel,
    Housing,
    Interview,
    InterviewKind,
)
from .base import _PathsBase
from .reference import (
    BARRIER_ACTIONS,
    BARRIER_NOTES,
    DAY,
    GOALS,
    INTERVIEW_NOTES,
    OTHER_BARRIERS,
    PMSMP_HOSTS,
    REVIEW_NOTES,
    SLOW_BARRIERS,
    STRUCTURE_COMMITMENTS,
    TRAININGS,
)


class _Accompaniment(_PathsBase):
    """Interviews, barriers and actions, the commitment contract and its reviews."""

    # --- accompaniment ---------------------------------------------------------------------

    def _accompaniment(self, person, *, start, end, hired, training=False) -> None:
        """Interviews, barriers and their timeline, actions, the commitment contract, from
        `start` (the hiring, or the first interview) to `end` (today or the exit)."""
        rng, today = self.rng, self.today
        end = min(end, today)
        conseiller = self.referent.user_id
        first = min(start, today)
        self.add(
            Interview,
            person_id=person.id,
            date=first,
            kind=InterviewKind.DIAGNOSTIC,
            notes=rng.choice(INTERVIEW_NOTES) if rng.random() < 0.5 else None,
            conseiller_id=conseiller,
        )
        last_review = first
        day = first + DAY * rng.randint(20, 45)
        while hired and day <= end:
            review = (day - last_review).days >= 180
            if review:
                last_review = day
            self.add(
                Interview,
                person_id=person.id,
                date=day,
                kind=InterviewKind.REVIEW if review else InterviewKind.FOLLOW_UP,
                notes=rng.choice(INTERVIEW_NOTES) if rng.random() < 0.4 else None,
                conseiller_id=conseiller,
            )
            day += DAY * rng.randint(30, 80)

        # Barriers: those the file points to, then others; one per category.
        categories = [
            category
            for flag, category in (
                (person.mobility_problem, BarrierCategory.MOBILITY),
                (person.housing in (Housing.HOMELESS, Housing.HOSTED), BarrierCategory.HOUSING),
                (person.french_level == FrenchLevel.BELOW_A1, BarrierCategory.LANGUAGE),
                (person.single_parent, BarrierCategory.CHILDCARE),
                (person.rqth, BarrierCategory.HEALTH),
                (person.leaving_detention, BarrierCategory.JUSTICE),
            )
            if flag and rng.random() < 0.8
        ]
        wanted = rng.choice([0, 1, 1, 1, 2, 2, 2, 3])
        while len(categories) < wanted:
            category = rng.choice(OTHER_BARRIERS)
            if category not in categories:
                categories.append(category)
        for category in categories[:4]:
            if rng.random() < 0.7:
                identified = first
            else:
                identified = self._between(first, min(end, first + DAY * 120))
            self._barrier(person, category, identified, end)
        if not hired:
            return

        # Professional actions: a short training, a work immersion.
        if rng.random() < 0.35 and not training:
            begin = self._between(start + DAY * 30, end)
            if begin <= end:
                title, partner = rng.choice(TRAININGS)
                self.add(
                    Action,
                    person_id=person.id,
                    kind=ActionKind.TRAINING,
                    title=title,
                    partner=partner,
                    start_date=begin,
                    end_date=begin + DAY * rng.randint(1, 20),
                    barrier_id=None,
                )
        if rng.random() < 0.2:
            begin = self._between(start + DAY * 45, end)
            if begin <= end:
                self.add(
                    Action,
                    person_id=person.id,
                    kind=ActionKind.PMSMP,
                    title="Immersion en entreprise (PMSMP)",
                    partner=rng.choice(PMSMP_HOSTS).format(c=self.place.name)[:200],
                    start_date=begin,
                    end_date=begin + DAY * rng.randint(4, 14),
                    barrier_id=None,
                )
        # The reciprocal commitment contract: signed in the first month, reviewed twice a year.
        signed = start + DAY * rng.randint(0, 30)
        if rng.random() < 0.87 and signed <= end:
            commitment = self.add(
                CommitmentContract,
                person_id=person.id,
                signed_on=signed,
                goals=" ; ".join(rng.sample(GOALS, k=rng.randint(2, 3))) + ".",
                structure_commitments=STRUCTURE_COMMITMENTS,
            )
            day = signed + DAY * rng.randint(150, 200)
            while day <= end:
                self.add(
                    CommitmentReview,
                    commitment_id=commitment.id,
                    date=day,
                    notes=rng.choice(REVIEW_NOTES),
                )
                day += DAY * rng.randint(150, 200)

    def _barrier(self, person, category, identified, end) -> None:
        """identified → in progress (with an action) → lifted, as far as `end` allows."""
        rng, by = self.rng, self.referent.user_id
        barrier = self.add(
            Barrier,
            person_id=person.id,
            category=category,
            status=BarrierStatus.IDENTIFIED,
            identified_on=identified,
            notes=BARRIER_NOTES[category] if rng.random() < 0.4 else None,
        )
        self.add(
            BarrierStatusChange,
            barrier_id=barrier.id,
            status=BarrierStatus.IDENTIFIED,
            date=identified,
            note="",
            by_id=by,
        )
        progress = identified + DAY * rng.randint(7, 60)
        if rng.random() >= 0.88 or progress > end:
            return  # still to work on: after 60 days, the work list shows it
        kind, title, partner = rng.choice(BARRIER_ACTIONS[category])
        barrier.status = BarrierStatus.IN_PROGRESS
        self.add(
            BarrierStatusChange,
            barrier_id=barrier.id,
            status=BarrierStatus.IN_PROGRESS,
            date=progress,
            note=f"Orientation : {partner}"[:250],
            by_id=by,
        )
        slow = category in SLOW_BARRIERS
        lifted = progress + DAY * rng.randint(30, 360 if slow else 240)
        running = end >= self.today  # the path goes on: the barrier may stay open
        done = lifted <= end and rng.random() < (0.45 if slow else 0.7) + (0 if running else 0.2)
        action_end = lifted if done else None
        if action_end is None and rng.random() < 0.5:
            action_end = progress + DAY * rng.randint(20, 120)
        self.add(
            Action,
            person_id=person.id,
            kind=kind,
            title=title,
            partner=partner,
            start_date=progress,
            end_date=action_end,
            barrier_id=barrier.id,
        )
        if done:
            barrier.status = BarrierStatus.LIFTED
            self.add(
                BarrierStatusChange,
                barrier_id=barrier.id,
                status=BarrierStatus.LIFTED,
                date=lifted,
                note="Frein levé.",
                by_id=by,
            )
        elif running and progress < end - DAY * 55 and rng.random() < 0.85:
            # Still worked on: the counsellor's latest step is recent (the others are
            # what the work list's "no action for 60 days" shows).
            kind, title, partner = rng.choice(BARRIER_ACTIONS[category])
            self.add(
                Action,
                person_id=person.id,
                kind=kind,
                title=f"Suite : {title[0].lower()}{title[1:]}",
                partner=partner,
                start_date=end - DAY * rng.randint(0, 55),
                end_date=None,
                barrier_id=barrier.id,
            )
