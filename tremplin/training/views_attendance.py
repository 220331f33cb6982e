"""Attendance pages: the trainee's own trainings (sign from the phone, questionnaires,
certificate), the room's tablet for a half-day (each trainee signs, the trainer records
absences and signs the sheet), the training service's corrections and questionnaires'
summary, a structure's registrations with their hours. Thin: parse → access → one service
or selector → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.selectors import current_membership

from . import rules_attendance as rules
from . import selectors_attendance as selectors
from .certificate_pdf import certificate_filename, certificate_pdf
from .forms_attendance import AbsenceForm, CorrectionForm, SatisfactionForm, SelfAssessmentForm
from .models import Moment, SignedFrom
from .services import attendance as services


def _error(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- The trainee's own trainings ----------------------------------------------------------


@login_required
def my_trainings(request):
    """The trainee's trainings, coming and past: sign a half-day during its hours, answer
    the questionnaires, download the certificate. And the sessions they run as trainer."""
    now = timezone.now()
    today = timezone.localdate(now)
    coming, past = selectors.my_trainings(user=request.user, now=now, today=today)
    membership = current_membership(request)
    return render(
        request,
        "training/attendance/my_trainings.html",
        {
            "coming": coming,
            "past": past,
            "taught": selectors.sessions_taught(user=request.user, today=today),
            "today": today,
            "is_staff": membership is not None and membership.is_staff_role,
        },
    )


@login_required
@require_POST
def my_half_day_sign(request, pk, half_day_pk):
    """« Je signe ma présence », from the trainee's phone. Signing twice changes nothing."""
    registration = rules.access_own_registration(request.user, pk)
    half_day = rules.access_own_half_day(registration, half_day_pk)
    try:
        services.attendance_sign(
            actor=request.user,
            registration=registration,
            half_day=half_day,
            signed_from=SignedFrom.PHONE,
        )
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Your presence is signed. Thank you!"))
    return redirect("training:my_trainings")


@login_required
def my_certificate(request, pk):
    """The completion certificate, for the trainee, the registering structure's staff and
    federation staff, once the session is done."""
    registration = rules.access_certificate(request.user, pk)
    if not selectors.session_is_done(registration.session, timezone.localdate()):
        raise Http404(_("The certificate is available once the session is done."))
    data = certificate_pdf(registration=registration, issued_on=timezone.localdate())
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(registration)}"'
    return response


@login_required
def my_satisfaction(request, pk):
    registration = rules.access_own_registration(request.user, pk)
    today = timezone.localdate()
    existing = getattr(registration, "satisfaction", None)
    initial = {}
    if existing is not None:
        initial = {
            "content": existing.content,
            "methods": existing.methods,
            "trainer": existing.trainer,
            "organisation": existing.organisation,
            "comment": existing.comment,
        }
    form = SatisfactionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.satisfaction_answer(
                actor=request.user,
                registration=registration,
                today=today,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you for your answers."))
            return redirect("training:my_trainings")
    return render(
        request,
        "training/attendance/satisfaction.html",
        {
            "registration": registration,
            "form": form,
            "open": services.questionnaire_state(registration, today)["satisfaction"],
        },
    )


@login_required
def my_self_assessment(request, pk, moment):
    registration = rules.access_own_registration(request.user, pk)
    if moment not in Moment.values:
        raise Http404
    today = timezone.localdate()
    existing = registration.self_assessments.filter(moment=moment).first()
    form = SelfAssessmentForm(
        request.POST or None, initial={"level": existing.level} if existing else {}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.self_assessment_answer(
                actor=request.user,
                registration=registration,
                today=today,
                moment=moment,
                level=form.cleaned_data["level"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you for your answer."))
            return redirect("training:my_trainings")
    return render(
        request,
        "training/attendance/self_assessment.html",
        {
            "registration": registration,
            "form": form,
            "moment": Moment(moment),
            "open": services.questionnaire_state(registration, today)[moment],
        },
    )


# --- The trainer's tablet ---------------------------------------------------------------


@login_required
def session_attendance(request, pk):
    """A session's half-days with their sheets' state, for its trainers and the training
    service; the questionnaires' summary for the training service."""
    session = rules.access_session(request.user, pk)
    return render(
        request,
        "training/attendance/session.html",
        {
            "session": session,
            "half_days": selectors.session_overview(session),
            "is_federation": rules.is_federation(request.user),
        },
    )


@login_required
def attendance_sheet(request, pk):
    """The room's tablet: the half-day's trainees; each taps their name to sign."""
    half_day = rules.access_half_day(request.user, pk)
    lines, signatures = selectors.sheet(user=request.user, half_day=half_day)
    is_trainer = rules.is_trainer(request.user, half_day.session_id)
    return render(
        request,
        "training/attendance/sheet.html",
        {
            "half_day": half_day,
            "session": half_day.session,
            "lines": lines,
            "signatures": signatures,
            "locked": bool(signatures),
            "is_trainer": is_trainer,
            "signed_by_me": any(s.trainer_id == request.user.pk for s in signatures),
            "is_federation": rules.is_federation(request.user),
        },
    )


def _trainer_half_day(request, pk):
    half_day = rules.access_half_day(request.user, pk)
    if not rules.is_trainer(request.user, half_day.session_id):
        raise Http404
    return half_day


@login_required
def attendance_room_sign(request, pk, registration_pk):
    """The trainee confirms on the tablet that they are the one signing."""
    half_day = _trainer_half_day(request, pk)
    registration = rules.access_sheet_registration(request.user, half_day, registration_pk)
    if request.method == "POST":
        try:
            services.attendance_sign(
                actor=request.user,
                registration=registration,
                half_day=half_day,
                signed_from=SignedFrom.ROOM,
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(
                request,
                _("%(name)s has signed.")
                % {"name": f"{registration.first_name} {registration.last_name}"},
            )
        return redirect("training:attendance_sheet", pk=half_day.pk)
    return render(
        request,
        "training/attendance/room_sign.html",
        {"half_day": half_day, "registration": registration},
    )


@login_required
def attendance_absence(request, pk, registration_pk):
    """The trainer records an absence and its reason."""
    half_day = _trainer_half_day(request, pk)
    registration = rules.access_sheet_registration(request.user, half_day, registration_pk)
    form = AbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_mark_absent(
                actor=request.user,
                registration=registration,
                half_day=half_day,
                excused=form.cleaned_data["excused"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("training:attendance_sheet", pk=half_day.pk)
    return render(
        request,
        "training/attendance/absence.html",
        {"half_day": half_day, "registration": registration, "form": form},
    )


@login_required
@require_POST
def attendance_sheet_sign(request, pk):
    """The trainer signs the sheet: it is locked from then on."""
    half_day = _trainer_half_day(request, pk)
    try:
        services.sheet_sign(actor=request.user, half_day=half_day)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("The sheet is signed and locked."))
    return redirect("training:attendance_sheet", pk=half_day.pk)


@login_required
def attendance_correct(request, pk, registration_pk):
    """Federation staff correct a trainee's attendance, with its reason kept as a trace."""
    if not rules.is_federation(request.user):
        raise Http404
    half_day = rules.access_half_day(request.user, pk)
    registration = rules.access_sheet_registration(request.user, half_day, registration_pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_correct(
                actor=request.user,
                registration=registration,
                half_day=half_day,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The attendance is corrected; the correction is kept."))
            return redirect("training:attendance_sheet", pk=half_day.pk)
    return render(
        request,
        "training/attendance/correct.html",
        {"half_day": half_day, "registration": registration, "form": form},
    )


@login_required
def session_questionnaires(request, pk):
    """The session's questionnaires summarised for the training service: no names."""
    if not rules.is_federation(request.user):
        raise Http404
    session = rules.access_session(request.user, pk)
    return render(
        request,
        "training/attendance/questionnaires.html",
        {
            "session": session,
            "summary": selectors.questionnaire_summary(user=request.user, session=session),
        },
    )


# --- A structure's registrations with their hours ---------------------------------------


@login_required
def structure_attendance(request):
    membership = current_membership(request)
    if membership is None or not membership.is_staff_role:
        raise Http404
    rows = selectors.structure_attendance(
        user=request.user, structure_id=membership.structure_id, today=timezone.localdate()
    )
    return render(
        request,
        "training/attendance/structure.html",
        {"structure": membership.structure, "rows": rows},
    )
