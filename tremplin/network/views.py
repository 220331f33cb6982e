"""Pages of the network. Each view: parse input → access → one service or selector → render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from tremplin.accounts.models import StructureRole, UserKind
from tremplin.accounts.selectors import current_membership
from tremplin.accounts.tenancy import scope_of

from . import rules, selectors, services
from .directory_sections import sections_for
from .forms import (
    DirectorySearchForm,
    DuesForm,
    GroupForm,
    MembershipForm,
    StructureFilterForm,
    StructureForm,
)
from .models import Region, Structure, StructureGroup


@never_cache
def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "network/home_public.html", {"form": DirectorySearchForm()})
    if user.kind == UserKind.FEDERATION:
        return render(
            request,
            "network/home_federation.html",
            {
                "counts": selectors.structure_counts_by_region_kind(actor=user),
                "groups_count": StructureGroup.objects.count(),
            },
        )
    if user.kind == UserKind.DELEGATE:
        scope = scope_of(user)
        return render(
            request,
            "network/home_delegate.html",
            {
                "delegations": selectors.delegation_list().filter(pk__in=scope.delegation_ids),
                "counts": selectors.structure_counts_by_region_kind(actor=user),
            },
        )
    if user.kind == UserKind.AUDITOR:
        # An auditor's day is the audits given to them (quality; named: an upper app).
        try:
            return redirect("quality:audit_list")
        except NoReverseMatch:
            return render(request, "network/home_empty.html")
    membership = current_membership(request)
    if membership is None:
        return render(request, "network/home_empty.html")
    if membership.role == StructureRole.EMPLOYEE:
        # An employee's day starts from their own space (missions, hours, documents).
        return redirect("missions:my_week")
    if membership.role == StructureRole.CLIENT:
        # A household's day starts from their own space (named, not imported: an upper app).
        return redirect("homecare:my_home")
    structure = (
        selectors.structure_detail(actor=user, pk=membership.structure_id)
        if (membership.is_staff_role)
        else membership.structure
    )
    return render(
        request,
        "network/home_structure.html",
        {
            "structure": structure,
            "membership": membership,
            "team": selectors.structure_team(structure=structure)
            if membership.is_staff_role
            else None,
        },
    )


# --- Territories and the public directory --------------------------------------------


def commune_suggestions(request):
    """<option>s for a datalist (htmx), or JSON with ?format=json."""
    communes = selectors.commune_search(request.GET.get("q") or request.GET.get("commune", ""))
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "results": [
                    {
                        "code": c.code,
                        "label": c.label,
                        "name": c.name,
                        "postcodes": c.postcodes.split(),
                    }
                    for c in communes
                ]
            }
        )
    return render(request, "network/_commune_options.html", {"communes": communes})


def _marker(structure) -> dict:
    return {
        "name": structure.name,
        "lat": structure.latitude,
        "lon": structure.longitude,
        "url": reverse("network:directory_detail", args=[structure.pk]),
    }


def _private_marker(structure) -> dict:
    """A marker to the structure's page behind the login (network staff's map)."""
    return {**_marker(structure), "url": reverse("network:structure_detail", args=[structure.pk])}


def directory(request):
    form = DirectorySearchForm(request.GET or None)
    hits, center = None, None
    if request.GET and form.is_valid() and form.cleaned_data["q"]:
        center = form.cleaned_data["q"]
        hits = selectors.directory_search(
            center=center,
            radius_km=form.cleaned_data["radius"] or 30,
            kind=form.cleaned_data["kind"],
            activity=form.cleaned_data["activity"].code if form.cleaned_data["activity"] else "",
        )
    return render(
        request,
        "network/directory.html",
        {
            "form": form,
            "hits": hits,
            "center": center,
            "markers": [_marker(hit.structure) for hit in hits or []],
            "map_tile_url": settings.MAP_TILE_URL,
            "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


def directory_detail(request, pk):
    try:
        structure = selectors.directory_structure(pk)
    except Structure.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "network/directory_detail.html",
        {
            "structure": structure,
            "sections": sections_for(structure),
            "markers": [_marker(structure)],
            "map_tile_url": settings.MAP_TILE_URL,
            "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )


# --- Structures ----------------------------------------------------------------------


def _require(condition: bool):
    if not condition:
        raise PermissionDenied


@login_required
def structure_list(request):
    regions = Region.objects.values_list("code", "name")
    form = StructureFilterForm(request.GET or None, regions=regions)
    filters = form.cleaned_data if form.is_valid() else {}
    structures = selectors.structure_list(
        actor=request.user,
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        region=filters.get("region", ""),
        status=filters.get("status", ""),
    )
    page = Paginator(structures, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "network/structure_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": rules.can_manage_network(request.user),
        },
    )


@login_required
def structure_detail(request, pk):
    structure = rules.access_structure(request.user, pk)
    return render(
        request,
        "network/structure_detail.html",
        {
            "structure": structure,
            "team": selectors.structure_team(structure=structure),
            "dues": structure.dues.all()[:5],
            "can_edit": rules.can_edit_structure(request.user, structure),
            "can_manage": rules.can_manage_network(request.user),
        },
    )


def _structure_form_data(form) -> dict:
    data = dict(form.cleaned_data)
    activities = data.pop("activities", None)
    return data, activities


@login_required
def structure_create(request):
    _require(rules.can_manage_network(request.user))
    form = StructureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, activities = _structure_form_data(form)
        try:
            structure = services.structure_create(actor=request.user, activities=activities, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Structure “%(name)s” created.") % {"name": structure.name})
            return redirect("network:structure_detail", pk=structure.pk)
    return render(request, "network/structure_form.html", {"form": form, "structure": None})


@login_required
def structure_edit(request, pk):
    structure = rules.access_structure(request.user, pk)
    _require(rules.can_edit_structure(request.user, structure))
    profile_only = not rules.can_manage_network(request.user)
    form = StructureForm(
        request.POST or None,
        instance=structure,
        profile_only=profile_only,
        initial={"activities": list(structure.activities.all())},
    )
    if request.method == "POST" and form.is_valid():
        data, activities = _structure_form_data(form)
        try:
            services.structure_update(
                actor=request.user, structure=structure, activities=activities, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("network:structure_detail", pk=structure.pk)
    return render(request, "network/structure_form.html", {"form": form, "structure": structure})


@login_required
def structure_membership(request, pk):
    structure = rules.access_structure(request.user, pk)
    _require(rules.can_manage_network(request.user))
    form = MembershipForm(
        request.POST or None,
        initial={
            "membership_status": structure.membership_status,
            "member_since": structure.member_since,
        },
    )
    dues_form = (
        DuesForm(request.POST or None, prefix="dues")
        if request.POST.get("dues")
        else DuesForm(prefix="dues")
    )
    if request.method == "POST":
        target = dues_form if request.POST.get("dues") else form
        if target.is_valid():
            try:
                if target is dues_form:
                    services.dues_record_set(
                        actor=request.user, structure=structure, **target.cleaned_data
                    )
                else:
                    services.membership_update(
                        actor=request.user, structure=structure, **target.cleaned_data
                    )
            except ValidationError as exc:
                target.add_error(None, exc)
            else:
                messages.success(request, _("Membership updated."))
                return redirect("network:structure_membership", pk=structure.pk)
    return render(
        request,
        "network/structure_membership.html",
        {
            "structure": structure,
            "form": form,
            "dues_form": dues_form,
            "dues": structure.dues.all(),
        },
    )


@login_required
def network_counts(request):
    _require(rules.can_see_network_pages(request.user))
    status = request.GET.get("status", "active")
    return render(
        request,
        "network/network_counts.html",
        {
            "counts": selectors.structure_counts_by_region_kind(actor=request.user, status=status),
            "status": status,
        },
    )


# --- Groups and delegations ----------------------------------------------------------


@login_required
def group_list(request):
    _require(rules.can_see_network_pages(request.user))
    return render(
        request,
        "network/group_list.html",
        {
            "groups": selectors.group_list(actor=request.user),
            "can_manage": rules.can_manage_network(request.user),
        },
    )


@login_required
def group_edit(request, pk=None):
    _require(rules.can_manage_network(request.user))
    group = get_object_or_404(StructureGroup, pk=pk) if pk else None
    form = GroupForm(
        request.POST or None,
        instance=group,
        structures=Structure.objects.for_user(request.user).order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_save(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Group “%(name)s” saved.") % {"name": group.name})
            return redirect("network:group_list")
    return render(request, "network/group_form.html", {"form": form, "group": group})


@login_required
def delegation_list(request):
    _require(rules.can_see_network_pages(request.user))
    delegations = selectors.delegation_list()
    if not rules.is_federation(request.user):
        delegations = delegations.filter(pk__in=scope_of(request.user).delegation_ids)
    return render(request, "network/delegation_list.html", {"delegations": delegations})


@login_required
def delegation_detail(request, pk):
    try:
        delegation = selectors.delegation_detail(actor=request.user, pk=pk)
    except selectors.Delegation.DoesNotExist as exc:
        raise Http404 from exc
    overview = selectors.delegation_overview(
        actor=request.user, delegation=delegation, year=timezone.localdate().year
    )
    return render(
        request,
        "network/delegation_detail.html",
        {
            "delegation": delegation,
            "overview": overview,
            "markers": [_private_marker(s) for s in overview.markers],
            "map_tile_url": settings.MAP_TILE_URL,
            "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        },
    )
