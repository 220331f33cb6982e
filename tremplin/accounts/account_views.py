"""The account space: second factor, recovery codes, API tokens, password reset."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.common.forms import add_service_error

from . import api_tokens, two_factor
from .forms import ApiTokenForm, EmailPasswordResetForm, FrenchSetPasswordForm, TotpConfirmForm
from .models import ApiToken
from .security import TWO_FACTOR_KEY, VERIFIED, too_many_attempts_message, two_factor_required


@login_required
def account(request):
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "two_factor_on": two_factor.totp_device(user) is not None,
            "two_factor_required": two_factor_required(user),
            "tokens": ApiToken.objects.filter(user=user, revoked_at__isnull=True).count(),
        },
    )


@login_required
def two_factor_setup(request):
    """Turn the second factor on (or replace the app): scan, then type a code to confirm."""
    user = request.user
    enabled = two_factor.totp_device(user)
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "disable":
        try:
            two_factor.two_factor_disable(user=user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The second factor is turned off."))
        return redirect("accounts:account")
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.totp_setup_confirm(user=user, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            request.session[TWO_FACTOR_KEY] = VERIFIED
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
    pending = two_factor.totp_device(user, confirmed=False)
    if pending is None and (not enabled or request.GET.get("remplacer")):
        pending = two_factor.totp_setup_start(user=user)
    context = {"enabled": enabled, "form": form, "required": two_factor_required(user)}
    if pending is not None and (not enabled or request.GET.get("remplacer") or form.errors):
        context.update(
            qr_svg=two_factor.totp_qr_svg(pending), secret=two_factor.totp_secret_b32(pending)
        )
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_recovery_codes(request):
    """How many codes are left; new ones on demand (the old ones stop working)."""
    user = request.user
    if two_factor.totp_device(user) is None:
        return redirect("accounts:two_factor_setup")
    if request.method == "POST":
        codes = two_factor.recovery_codes_generate(user=user)
        return render(request, "accounts/recovery_codes.html", {"codes": codes})
    return render(
        request,
        "accounts/recovery_codes_status.html",
        {"left": two_factor.recovery_codes_left(user)},
    )


@login_required
def api_token_list(request):
    user = request.user
    form = ApiTokenForm(request.POST or None)
    created_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, created_key = api_tokens.api_token_create(user=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=user)
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "created_key": created_key, "now": timezone.now()},
    )


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_tokens.api_token_revoke(user=request.user, token_id=token.pk)
    messages.success(request, _("The token « %(name)s » is revoked.") % {"name": token.name})
    return redirect("accounts:api_tokens")


class PasswordResetView(auth_views.PasswordResetView):
    """Asking for a link: a few requests per address and per window, then refused."""

    form_class = EmailPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        window = settings.THROTTLE_WINDOW_MINUTES * 60
        email = form.cleaned_data["email"].lower()
        keys = [
            f"password-reset:ip:{self.request.META.get('REMOTE_ADDR', '')}",
            f"password-reset:email:{email}",
        ]
        counts = [cache.get(key, 0) for key in keys]
        if max(counts) >= settings.PASSWORD_RESET_REQUEST_LIMIT:
            form.add_error(None, too_many_attempts_message(settings.THROTTLE_WINDOW_MINUTES))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        for key, count in zip(keys, counts, strict=True):
            cache.set(key, count + 1, window)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = FrenchSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
