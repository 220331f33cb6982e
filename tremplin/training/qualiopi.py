"""The evidence Tremplin holds for each of Qualiopi's 32 indicators (référentiel national
qualité, décret 2019-564 and arrêté of 6 June 2019), so that the training service prepares
its own audit. The quality app's Qualiopi référentiel names its requirements' indicators
`qualiopi.<N>` and calls `indicator_evidence(N, year=…)` lazily.

An indicator for which Tremplin holds nothing returns [] — the page says so, and the
training service brings its own documents to the audit. Other parts of the training app
(questionnaires…) add theirs with `@provides(N)`, without editing this module."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.accounts.models import UserKind

from .models import (
    Attendance,
    Complaint,
    Course,
    Presence,
    Registration,
    RegistrationStatus,
    SessionStatus,
    TrainingSession,
)

INDICATORS = 32
TITLES = {
    1: gettext_lazy("Information published on the services, their delays and results"),
    2: gettext_lazy("Performance indicators published"),
    3: gettext_lazy("Results of certifying training"),
    4: gettext_lazy("Analysis of the beneficiary's needs"),
    5: gettext_lazy("Operational and assessable objectives"),
    6: gettext_lazy("Contents and methods suited to the objectives"),
    7: gettext_lazy("Contents matching the certification's requirements"),
    8: gettext_lazy("Positioning and assessment of prior skills on entry"),
    9: gettext_lazy("Information of the trainees on the conditions of the training"),
    10: gettext_lazy("Adaptation of the training, support and follow-up"),
    11: gettext_lazy("Assessment of the achievement of the objectives"),
    12: gettext_lazy("Engagement of the trainees and prevention of drop-outs"),
    13: gettext_lazy("Work-linked training: coordination with the employer"),
    14: gettext_lazy("Apprenticeship: socio-professional and citizenship support"),
    15: gettext_lazy("Apprenticeship: information of the apprentices on their rights"),
    16: gettext_lazy("Certification: the conditions of presentation"),
    17: gettext_lazy("Human and technical means, premises"),
    18: gettext_lazy("Coordination of the people involved"),
    19: gettext_lazy("Educational resources available to the trainees"),
    20: gettext_lazy("Staff dedicated to the trainees (disability, mobility…)"),
    21: gettext_lazy("Competences of the people involved"),
    22: gettext_lazy("Development of the staff's competences"),
    23: gettext_lazy("Legal and regulatory watch"),
    24: gettext_lazy("Watch on jobs, occupations and skills"),
    25: gettext_lazy("Watch on educational and technological innovation"),
    26: gettext_lazy("Network of partners for disabled people"),
    27: gettext_lazy("Subcontracting and work-carrying: compliance checked"),
    28: gettext_lazy("Work-linked training: the partners in the workplace"),
    29: gettext_lazy("Apprenticeship: professional insertion"),
    30: gettext_lazy("Opinions of the stakeholders collected"),
    31: gettext_lazy("Handling of difficulties and complaints"),
    32: gettext_lazy("Improvements from the opinions and complaints"),
}


@dataclass(frozen=True)
class Evidence:
    label: str
    detail: str = ""
    url: str = ""


Provider = Callable[[int], list[Evidence]]
_PROVIDERS: dict[int, list[Provider]] = defaultdict(list)


def provides(*numbers: int):
    """Register a function `(year) -> list[Evidence]` as evidence of these indicators."""

    def register(function: Provider) -> Provider:
        for number in numbers:
            _PROVIDERS[number].append(function)
        return function

    return register


def indicator_evidence(number: int, *, year: int) -> list[Evidence]:
    """What Tremplin holds as evidence of Qualiopi's indicator `number` for `year` ([] when
    it holds nothing for it)."""
    if not 1 <= number <= INDICATORS:
        raise ValueError(f"Qualiopi has 32 indicators, not {number}")
    return [item for provider in _PROVIDERS[number] for item in provider(year)]


def all_evidence(*, year: int) -> list[tuple[int, str, list[Evidence]]]:
    """The 32 indicators with their evidence; a provider serving several indicators runs
    once (a fixed number of queries, whatever the records)."""
    done: dict[Provider, list[Evidence]] = {}

    def run(provider: Provider) -> list[Evidence]:
        if provider not in done:
            done[provider] = provider(year)
        return done[provider]

    return [
        (n, str(TITLES[n]), [item for provider in _PROVIDERS[n] for item in run(provider)])
        for n in range(1, INDICATORS + 1)
    ]


def _url(name: str, **kwargs) -> str:
    # A page of another part not merged yet is simply not linked.
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def _sessions(year: int):
    return TrainingSession.objects.filter(starts_on__year=year).exclude(
        status=SessionStatus.CANCELLED
    )


@provides(1)
def _catalogue(year):
    published = Course.objects.filter(is_published=True)
    total = published.count()
    if not total:
        return []
    complete = published.exclude(
        Q(objectives="")
        | Q(methods="")
        | Q(assessment="")
        | Q(access_conditions="")
        | Q(access_delay="")
        | Q(accessibility="")
    ).count()
    return [
        Evidence(
            _("The public catalogue"),
            _("%(n)s published courses, %(complete)s with every field indicator 1 asks for.")
            % {"n": total, "complete": complete},
            _url("training:catalogue"),
        )
    ]


@provides(2, 12)
def _attendance_rate(year):
    counts = Attendance.objects.filter(half_day__date__year=year).aggregate(
        total=Count("pk"), present=Count("pk", filter=Q(presence=Presence.PRESENT))
    )
    if not counts["total"]:
        return []
    rate = Decimal(100) * counts["present"] / counts["total"]
    return [
        Evidence(
            _("Attendance to the half-day"),
            _("%(present)s half-days attended out of %(total)s recorded (%(rate)s %%).")
            % {
                "present": counts["present"],
                "total": counts["total"],
                "rate": f"{rate:.1f}".replace(".", ","),
            },
        )
    ]


@provides(5, 6, 11)
def _course_contents(year):
    courses = Course.objects.filter(sessions__in=_sessions(year)).distinct()
    total = courses.count()
    if not total:
        return []
    return [
        Evidence(
            _("Courses given in the year"),
            _("%(n)s courses, each with its objectives, methods and assessment published.")
            % {"n": total},
            _url("training:catalogue"),
        )
    ]


@provides(3, 7, 16)
def _certifying(year):
    codes = list(
        Course.objects.filter(sessions__in=_sessions(year))
        .exclude(certification_codes="")
        .values_list("certification_codes", flat=True)
        .distinct()
    )
    if not codes:
        return []
    return [
        Evidence(
            _("Certifying courses"),
            _("Courses preparing a certification: %(codes)s.") % {"codes": ", ".join(codes)},
        )
    ]


@provides(9)
def _registrations(year):
    count = Registration.objects.filter(
        session__in=_sessions(year), status=RegistrationStatus.CONFIRMED
    ).count()
    if not count:
        return []
    return [
        Evidence(
            _("Registrations and convocations"),
            _("%(n)s trainees registered, each convened with the session's dates and place.")
            % {"n": count},
        )
    ]


@provides(10, 12)
def _absences(year):
    absences = Attendance.objects.filter(half_day__date__year=year).exclude(
        presence=Presence.PRESENT
    )
    total = absences.count()
    if not total:
        return []
    with_reason = absences.exclude(absence_reason="").count()
    return [
        Evidence(
            _("Absences followed"),
            _("%(n)s half-days missed, %(reason)s with their reason recorded.")
            % {"n": total, "reason": with_reason},
        )
    ]


@provides(11, 17, 21)
def _sheets(year):
    sessions = _sessions(year)
    total = sessions.count()
    if not total:
        return []
    with_trainer = sessions.filter(trainers__isnull=False).distinct().count()
    return [
        Evidence(
            _("Sessions, their places and trainers"),
            _(
                "%(n)s sessions in the year, %(trainers)s with their trainers named; attendance "
                "sheets signed by the trainees and the trainer, completion certificates from the "
                "hours attended."
            )
            % {"n": total, "trainers": with_trainer},
            _url("training:session_list"),
        )
    ]


@provides(22)
def _staff_trainings(year):
    # The training service's own people trained: federation staff and the trainers.
    trainers = TrainingSession.objects.values("trainers")
    count = (
        Registration.objects.filter(
            session__starts_on__year=year, status=RegistrationStatus.CONFIRMED
        )
        .filter(Q(trainee_user__kind=UserKind.FEDERATION) | Q(trainee_user__in=trainers))
        .count()
    )
    if not count:
        return []
    return [
        Evidence(
            _("Trainings of the service's staff and trainers"),
            _("%(n)s registrations of the federation's staff or trainers in the year.")
            % {"n": count},
        )
    ]


@provides(26)
def _accessibility(year):
    count = Course.objects.filter(is_published=True).exclude(accessibility="").count()
    if not count:
        return []
    return [
        Evidence(
            _("Accessibility published"),
            _("%(n)s courses publish their accessibility for disabled people.") % {"n": count},
            _url("training:catalogue"),
        )
    ]


@provides(31)
def _complaints(year):
    complaints = Complaint.objects.filter(received_on__year=year)
    total = complaints.count()
    answered = complaints.filter(answered_on__isnull=False).count()
    return [
        Evidence(
            _("Complaints register"),
            _("%(n)s complaints received in the year, %(answered)s answered.")
            % {"n": total, "answered": answered},
            _url("training:complaint_list"),
        )
    ]


@provides(32)
def _improvements(year):
    count = Complaint.objects.filter(received_on__year=year).exclude(improvement="").count()
    if not count:
        return []
    return [
        Evidence(
            _("Improvements decided"),
            _("%(n)s complaints of the year led to an improvement recorded.") % {"n": count},
            _url("training:complaint_list"),
        )
    ]


@provides(30)
def _satisfaction(year):
    """Indicator 30: the trainees' appraisals collected at the end of each session."""
    from django.db.models import Avg

    from .models import SatisfactionAnswer

    answers = SatisfactionAnswer.objects.filter(registration__session__starts_on__year=year)
    figures = answers.aggregate(
        n=Count("pk"),
        content=Avg("content"),
        methods=Avg("methods"),
        trainer=Avg("trainer"),
        organisation=Avg("organisation"),
    )
    if not figures["n"]:
        return []
    registered = Registration.objects.filter(
        session__in=_sessions(year), status=RegistrationStatus.CONFIRMED
    ).count()
    mean = sum(figures[k] for k in ("content", "methods", "trainer", "organisation")) / 4
    return [
        Evidence(
            _("Satisfaction questionnaires"),
            _("%(n)s answers out of %(registered)s trainees; average %(mean)s out of 4.")
            % {
                "n": figures["n"],
                "registered": registered,
                "mean": f"{mean:.1f}".replace(".", ","),
            },
        )
    ]


@provides(11)
def _self_assessments(year):
    """Indicator 11: what the trainees reached, assessed before and after."""
    from .models import SelfAssessment

    counts = SelfAssessment.objects.filter(registration__session__starts_on__year=year).aggregate(
        n=Count("registration", distinct=True)
    )
    if not counts["n"]:
        return []
    return [
        Evidence(
            _("Self-assessments against the course objectives"),
            _("%(n)s trainees assessed what they reached, before and after the training.")
            % {"n": counts["n"]},
        )
    ]
