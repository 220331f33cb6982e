import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import EmailAuthenticationForm, SecondFactorForm
from .models import StructureMembership, User
from .security import (
    PENDING_KEY,
    SETUP_REQUIRED,
    TWO_FACTOR_KEY,
    session_start,
    too_many_attempts_message,
    two_factor_enabled,
)
from .selectors import SESSION_STRUCTURE_KEY, user_memberships
from .tenancy import scope_of
from .two_factor import second_factor_verify

# The password step is valid this long for typing the code, and allows this many wrong codes.
PENDING_MAX_AGE = 5 * 60
PENDING_MAX_FAILURES = 5


class LoginView(auth_views.LoginView):
    """The password first; with a second factor, the session is authenticated only once the
    code is checked (`two_factor_verify`)."""

    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if two_factor_enabled(user):
            self.request.session.cycle_key()
            self.request.session[PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "at": int(time.time()),
                "failures": 0,
                "next": self.get_success_url(),
            }
            return redirect("accounts:two_factor_verify")
        login(self.request, user)
        session_start(self.request, user, verified=False)
        if self.request.session[TWO_FACTOR_KEY] == SETUP_REQUIRED:
            return redirect("accounts:two_factor_setup")
        return redirect(self.get_success_url())


def two_factor_verify(request):
    """The second step of the login: the app's code or a recovery code."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_MAX_AGE:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return redirect("accounts:login")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor_verify(user=user, code=form.cleaned_data["code"]):
            request.session.pop(PENDING_KEY)
            login(request, user, backend=pending["backend"])
            session_start(request, user, verified=True)
            target = pending["next"]
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = settings.LOGIN_REDIRECT_URL
            return redirect(target)
        pending["failures"] += 1
        if pending["failures"] >= PENDING_MAX_FAILURES:
            request.session.pop(PENDING_KEY)
            error = _("Too many wrong codes. Log in again with your password.")
            form = EmailAuthenticationForm(request)
            return render(
                request, "accounts/login.html", {"form": form, "error": error}, status=429
            )
        request.session[PENDING_KEY] = pending
        form.add_error("code", _("This code is wrong or expired. Type the code the app shows now."))
    return render(request, "accounts/two_factor_verify.html", {"form": form})


def lockout_response(request, response=None, credentials=None):
    """What django-axes answers a locked-out login: the login page, in French, with 429."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    message = too_many_attempts_message(minutes)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    # An unbound form: validating the posted one would count one more failure.
    form = EmailAuthenticationForm(request, initial={"username": request.POST.get("username")})
    return render(request, "accounts/login.html", {"form": form, "error": message}, status=429)


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
