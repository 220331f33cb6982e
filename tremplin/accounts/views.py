from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import EmailAuthenticationForm
from .models import StructureMembership
from .selectors import SESSION_STRUCTURE_KEY, user_memberships
from .tenancy import scope_of


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@require_POST
def switch_structure(request):
    """Choose the structure the user works in; only among their own memberships."""
    if not request.user.is_authenticated:
        raise Http404
    try:
        structure_id = int(request.POST.get("structure", ""))
    except ValueError as exc:
        raise Http404 from exc
    if structure_id not in {m.structure_id for m in user_memberships(user=request.user)}:
        raise Http404
    request.session[SESSION_STRUCTURE_KEY] = structure_id
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)


@login_required
@require_POST
def membership_payroll_nir(request, pk):
    """A director gives an accountant's payroll file the NIRs, or takes them back."""
    membership = StructureMembership.objects.filter(
        pk=pk, structure_id__in=scope_of(request.user).staff_structure_ids
    ).first()
    if membership is None:
        raise Http404
    services.membership_payroll_nir_set(
        actor=request.user, membership=membership, allowed=request.POST.get("allowed") == "1"
    )
    messages.success(request, _("Changes saved."))
    return redirect("/")
