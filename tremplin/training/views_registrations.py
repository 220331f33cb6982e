"""A structure's registrations: its director and conseiller register their staff and the
employees in their paths, cancel and replace; the rest of its staff read the list. The
structure is the one the user works in now (the switcher)."""

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
from tremplin.people.models import Person

from . import rules_catalogue as rules
from . import selectors_catalogue as selectors
from .forms_catalogue import RegistrationForm
from .models import RegistrationStatus, TrainingSession
from .services import registrations as services


def _structure(request, *, write=False):
    membership = current_membership(request)
    allowed = rules.can_register if write else rules.can_read_registrations
    if membership is None or not allowed(request.user, membership.structure_id):
        raise Http404
    return membership.structure


def _people(request, structure):
    # The structure's people, through the tenancy querysets: never another structure's.
    return (
        Person.objects.for_user(request.user)
        .filter(structure=structure)
        .only("pk", "first_names", "last_name", "structure_id")
        .order_by("last_name", "first_names")
    )


@login_required
def registration_list(request):
    structure = _structure(request)
    today = timezone.localdate()
    registrations = list(selectors.registrations_of(actor=request.user, structure_id=structure.pk))
    return render(
        request,
        "training/catalogue/registration_list.html",
        {
            "structure": structure,
            "coming": [r for r in registrations if (r.session.ends_on or today) >= today],
            "past": [r for r in registrations if (r.session.ends_on or today) < today],
            "open_sessions": selectors.open_sessions(today=today),
            "can_register": rules.can_register(request.user, structure.pk),
            "active": (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING),
        },
    )


def _open_session(pk):
    try:
        return TrainingSession.objects.select_related("course", "commune").get(pk=pk)
    except (TrainingSession.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _trainee_fields(form) -> dict:
    data = form.cleaned_data
    return {
        "category": data["category"],
        "person": data["person"],
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "email": data["email"],
    }


@login_required
def registration_create(request, pk):
    structure = _structure(request, write=True)
    session = _open_session(pk)
    form = RegistrationForm(request.POST or None, people=_people(request, structure))
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                actor=request.user,
                session=session,
                structure=structure,
                on=timezone.localdate(),
                **_trainee_fields(form),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            if registration.status == RegistrationStatus.WAITING:
                messages.warning(
                    request,
                    _("The session is full: %(name)s is number %(rank)s on the waiting list.")
                    % {"name": registration.first_name, "rank": registration.waiting_rank},
                )
            else:
                messages.success(
                    request,
                    _("%(name)s is registered; the convocation is sent.")
                    % {"name": registration.first_name},
                )
            return redirect("training:registration_list")
    return render(
        request,
        "training/catalogue/registration_form.html",
        {"form": form, "session": session, "replaces": None},
    )


@login_required
@require_POST
def registration_cancel(request, pk):
    structure = _structure(request, write=True)
    registration = rules.access_registration(request.user, pk, structure_id=structure.pk)
    try:
        services.registration_cancel(
            actor=request.user, registration=registration, on=timezone.localdate()
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Registration cancelled: the place is freed."))
    return redirect("training:registration_list")


@login_required
def registration_replace(request, pk):
    structure = _structure(request, write=True)
    registration = rules.access_registration(request.user, pk, structure_id=structure.pk)
    form = RegistrationForm(request.POST or None, people=_people(request, structure))
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_replace(
                actor=request.user,
                registration=registration,
                on=timezone.localdate(),
                **_trainee_fields(form),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Replacement registered; the convocation is sent."))
            return redirect("training:registration_list")
    return render(
        request,
        "training/catalogue/registration_form.html",
        {"form": form, "session": registration.session, "replaces": registration},
    )
