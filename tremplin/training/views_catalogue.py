"""Pages of the catalogue (public) and of the training service's sessions (federation
staff). Each view: parse input → access → one service or selector → render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.selectors import current_membership
from tremplin.common.forms import add_service_error

from . import rules_catalogue as rules
from . import selectors_catalogue as selectors
from .forms_catalogue import CourseForm, HalfDayFormSet, SessionForm, SessionStatusForm
from .models import Course
from .services import catalogue as services


def _require_service(request) -> None:
    if not rules.can_run_training(request.user):
        raise Http404


# --- The public catalogue -----------------------------------------------------------------


def catalogue(request):
    today = timezone.localdate()
    runs = rules.can_run_training(request.user)
    courses = list(selectors.published_courses(today=today))
    drafts = list(Course.objects.filter(is_published=False)) if runs else []
    return render(
        request,
        "training/catalogue/catalogue.html",
        {"courses": courses, "drafts": drafts, "can_run": runs},
    )


def course_detail(request, pk):
    course = rules.access_course(request.user, pk)
    membership = current_membership(request) if request.user.is_authenticated else None
    return render(
        request,
        "training/catalogue/course_detail.html",
        {
            "course": course,
            "sessions": selectors.coming_sessions(course=course, today=timezone.localdate()),
            "can_run": rules.can_run_training(request.user),
            "can_register": membership is not None
            and rules.can_register(request.user, membership.structure_id),
        },
    )


@login_required
def course_form(request, pk=None):
    _require_service(request)
    course = rules.access_course(request.user, pk, published_only=False) if pk else None
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            course = services.course_save(actor=request.user, course=course, **fields)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Course saved."))
            return redirect("training:course_detail", pk=course.pk)
    return render(request, "training/catalogue/course_form.html", {"form": form, "course": course})


# --- Sessions (the training service) --------------------------------------------------------


@login_required
def session_list(request):
    _require_service(request)
    today = timezone.localdate()
    past = request.GET.get("passees") == "1"
    sessions = selectors.session_list()
    sessions = sessions.filter(ends_on__lt=today) if past else sessions.exclude(ends_on__lt=today)
    if past:
        sessions = sessions.order_by("-starts_on", "-pk")
    return render(
        request,
        "training/catalogue/session_list.html",
        {"sessions": list(sessions), "past": past},
    )


def _session_initial(session):
    return {
        "course": session.course,
        "capacity": session.capacity,
        "is_remote": session.is_remote,
        "remote_link": session.remote_link,
        "place": session.place,
        "commune": session.commune,
        "trainers": list(session.trainers.all()),
    }


@login_required
def session_form(request, pk=None):
    _require_service(request)
    session = rules.access_session(request.user, pk) if pk else None
    if request.method == "POST":
        form = SessionForm(request.POST)
        half_days = HalfDayFormSet(request.POST, prefix="half_days")
    else:
        initial = _session_initial(session) if session else {"course": request.GET.get("cours")}
        form = SessionForm(initial=initial)
        half_days = HalfDayFormSet(
            prefix="half_days",
            initial=[
                {"date": h.date, "part": h.part, "starts_at": h.starts_at, "ends_at": h.ends_at}
                for h in (session.half_days.all() if session else [])
            ],
        )
    if request.method == "POST" and form.is_valid() and half_days.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_save(
                actor=request.user,
                session=session,
                course=data["course"],
                capacity=data["capacity"],
                trainers=data["trainers"],
                place=data["place"],
                commune=data["commune"],
                is_remote=data["is_remote"],
                remote_link=data["remote_link"],
                half_days=[
                    f.half_day()
                    for f in half_days
                    if f.cleaned_data and not f.cleaned_data.get("DELETE")
                ],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Session saved."))
            return redirect("training:session_detail", pk=session.pk)
    return render(
        request,
        "training/catalogue/session_form.html",
        {"form": form, "half_days": half_days, "session": session},
    )


@login_required
def session_detail(request, pk):
    session = rules.access_session(request.user, pk)
    half_days, trainers, registrations = selectors.session_detail(session)
    return render(
        request,
        "training/catalogue/session_detail.html",
        {
            "session": session,
            "half_days": half_days,
            "trainers": trainers,
            "registrations": registrations,
            "confirmed": sum(r.status == "confirmed" for r in registrations),
            "status_form": SessionStatusForm(),
        },
    )


@login_required
@require_POST
def session_cancel(request, pk):
    session = rules.access_session(request.user, pk)
    try:
        count = services.session_cancel(
            actor=request.user, session=session, on=timezone.localdate()
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Session cancelled: %(count)s trainees are told.") % {"count": count},
        )
    return redirect("training:session_detail", pk=session.pk)


@login_required
@require_POST
def session_status(request, pk):
    session = rules.access_session(request.user, pk)
    form = SessionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose « confirmed » or « done »."))
        return redirect("training:session_detail", pk=session.pk)
    try:
        services.session_status_set(
            actor=request.user,
            session=session,
            status=form.cleaned_data["status"],
            on=timezone.localdate(),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Session status saved."))
    return redirect("training:session_detail", pk=session.pk)
