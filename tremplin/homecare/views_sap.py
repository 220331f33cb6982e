"""Pages of the SAP side. Each view: parse input → access → one service or selector →
render. The structure's pages work on the structure the user works in now (the switcher)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.accounts.selectors import current_membership
from tremplin.network.models import Structure

from . import mentions, rules_sap, selectors_sap
from .forms_sap import (
    DeclarationForm,
    DeclaredActivityForm,
    LicenceCreateForm,
    LicenceForm,
    LicenseeFilterForm,
    ServiceForm,
)
from .models import DeclaredActivity, LicenceStatus
from .services import sap as services


def _structure(request):
    """The structure the user works in, for its staff; 404 for anybody else."""
    membership = current_membership(request)
    if membership is None or not rules_sap.can_read_sap(request.user, membership.structure_id):
        raise Http404
    return membership.structure


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- The structure's declaration and activities ------------------------------------------


@login_required
def sap_home(request):
    structure = _structure(request)
    declaration = selectors_sap.declaration_of(actor=request.user, structure_id=structure.pk)
    activities = list(declaration.activities.all()) if declaration else []
    today = timezone.localdate()
    return render(
        request,
        "homecare/sap/home.html",
        {
            "structure": structure,
            "declaration": declaration,
            "activities": activities,
            "problems": services.declaration_problems(declaration, activities, today=today)
            if declaration
            else [],
            "licences": selectors_sap.licences_of(actor=request.user, structure_id=structure.pk),
            "can_manage": rules_sap.can_manage_sap(request.user, structure.pk),
            "activity_form": DeclaredActivityForm(),
            "declaration_mention": mentions.declaration_mention(declaration, on=today),
        },
    )


@login_required
def sap_declaration(request):
    structure = _structure(request)
    _require(rules_sap.can_manage_sap(request.user, structure.pk))
    declaration = selectors_sap.declaration_of(actor=request.user, structure_id=structure.pk)
    form = DeclarationForm(request.POST or None, instance=declaration)
    if request.method == "POST" and form.is_valid():
        try:
            services.sap_declaration_save(
                actor=request.user, structure=structure, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Declaration saved."))
            return redirect("homecare:sap_home")
    return render(
        request,
        "homecare/sap/declaration_form.html",
        {"form": form, "structure": structure, "siren": structure.siret[:9]},
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
@require_POST
def sap_activity_add(request):
    structure = _structure(request)
    _require(rules_sap.can_manage_sap(request.user, structure.pk))
    form = DeclaredActivityForm(request.POST)
    if form.is_valid():
        try:
            services.declared_activity_add(
                actor=request.user,
                structure=structure,
                activity_code=form.cleaned_data["activity"],
                mode=form.cleaned_data["mode"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Activity declared."))
    else:
        messages.error(request, _("Choose an activity and a mode."))
    return redirect("homecare:sap_home")


@login_required
@require_POST
def sap_activity_remove(request, pk):
    structure = _structure(request)
    try:
        declared = DeclaredActivity.objects.select_related("declaration").get(
            pk=pk, declaration__structure_id=structure.pk
        )
    except DeclaredActivity.DoesNotExist as exc:
        raise Http404 from exc
    _require(rules_sap.can_manage_sap(request.user, structure.pk))
    try:
        services.declared_activity_remove(actor=request.user, declared=declared)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Activity removed from the declaration."))
    return redirect("homecare:sap_home")


# --- The catalogue -----------------------------------------------------------------------


def _with_mentions(services_, *, on):
    """The services with the mentions printed next to their prices (art. 3 and 5)."""
    services_ = list(services_)
    for service in services_:
        service.printed_tax_mention = mentions.service_tax_mention(service, on=on)
        service.mode_warning = mentions.mode_warning(service.mode)
    return services_


@login_required
def service_list(request):
    structure = _structure(request)
    today = timezone.localdate()
    services_ = _with_mentions(
        selectors_sap.catalogue(actor=request.user, structure_id=structure.pk), on=today
    )
    return render(
        request,
        "homecare/sap/service_list.html",
        {
            "structure": structure,
            "services": services_,
            "can_manage": rules_sap.can_manage_sap(request.user, structure.pk),
            "quote_notice": mentions.free_quote_notice(on=today),
        },
    )


def _service_form_page(request, structure, service=None):
    _require(rules_sap.can_manage_sap(request.user, structure.pk))
    form = ServiceForm(request.POST or None, instance=service, structure=structure)
    if request.method == "POST" and form.is_valid():
        try:
            if service is None:
                service = services.service_create(
                    actor=request.user, structure=structure, **form.cleaned_data
                )
            else:
                services.service_update(actor=request.user, service=service, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Service “%(name)s” saved.") % {"name": service.name})
            return redirect("homecare:service_list")
    return render(
        request,
        "homecare/sap/service_form.html",
        {"form": form, "structure": structure, "service": service},
    )


@login_required
def service_create(request):
    return _service_form_page(request, _structure(request))


@login_required
def service_edit(request, pk):
    service = rules_sap.access_service(request.user, pk)
    return _service_form_page(request, service.structure, service)


# --- The brand: licensees (federation), public directory ---------------------------------


@login_required
def licensee_list(request):
    _require(rules_sap.can_see_licensees(request.user))
    form = LicenseeFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    licences = list(
        selectors_sap.licensee_list(
            actor=request.user,
            status=filters.get("status", ""),
            departement=filters.get("departement", ""),
        )
    )
    today = timezone.localdate()
    for licence in licences:
        licence.is_in_force = (
            licence.status == LicenceStatus.ACTIVE
            and licence.started_on <= today
            and (licence.ends_on is None or licence.ends_on >= today)
        )
    return render(
        request,
        "homecare/sap/licensee_list.html",
        {
            "form": form,
            "licences": licences,
            "can_manage": rules_sap.can_manage_brand(request.user),
        },
    )


def _licence_form_page(request, licence=None):
    _require(rules_sap.can_manage_brand(request.user))
    if licence is None:
        form = LicenceCreateForm(
            request.POST or None,
            structures=Structure.objects.for_user(request.user).order_by("name"),
        )
    else:
        form = LicenceForm(
            request.POST or None,
            instance=licence,
            initial={"territory": list(licence.territory.all())},
        )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        structure = data.pop("structure", None) or licence.structure
        try:
            licence = services.brand_licence_save(
                actor=request.user, structure=structure, licence=licence, **data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Licence of “%(name)s” saved.") % {"name": structure.name})
            return redirect("homecare:licensee_list")
    return render(request, "homecare/sap/licence_form.html", {"form": form, "licence": licence})


@login_required
def licence_create(request):
    return _licence_form_page(request)


@login_required
def licence_edit(request, pk):
    return _licence_form_page(request, rules_sap.access_licence(request.user, pk))


def brand_directory(request):
    form = LicenseeFilterForm(request.GET or None)
    departement = form.cleaned_data.get("departement", "") if form.is_valid() else ""
    today = timezone.localdate()
    return render(
        request,
        "homecare/sap/brand_directory.html",
        {
            "form": form,
            "structures": list(selectors_sap.brand_directory(on=today, departement=departement)),
            "quote_notice": mentions.free_quote_notice(on=today),
        },
    )


def brand_licensee(request, pk):
    today = timezone.localdate()
    try:
        structure = selectors_sap.brand_licensee(pk=pk, on=today)
    except Structure.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "homecare/sap/brand_licensee.html",
        {
            "structure": structure,
            "services": _with_mentions(structure.offered_services, on=today),
            "quote_notice": mentions.free_quote_notice(on=today),
        },
    )
