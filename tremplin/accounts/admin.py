from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from .models import ApiToken, DelegationMembership, StructureMembership, User
from .services import delegation_membership_check, structure_membership_check


class _MembershipFormSet(forms.BaseInlineFormSet):
    """Every membership kept must follow the services' role rules for the user's kind as
    submitted (the kind may change in the same form): nothing is saved otherwise."""

    def check(self, kind: str, form) -> None:
        raise NotImplementedError

    def clean(self):
        super().clean()
        kind = self.instance.kind
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or form.cleaned_data.get("DELETE"):
                continue
            try:
                self.check(kind, form)
            except ValidationError as exc:
                messages = exc.messages
                form.add_error(None, messages)
                raise ValidationError(messages) from exc


class StructureMembershipFormSet(_MembershipFormSet):
    def check(self, kind, form):
        structure_membership_check(kind=kind, role=form.cleaned_data.get("role"))


class DelegationMembershipFormSet(_MembershipFormSet):
    def check(self, kind, form):
        delegation_membership_check(kind=kind)


class StructureMembershipInline(admin.TabularInline):
    """Memberships in force; deactivating one is its director's, on the team page, through
    `membership_deactivate` (logged)."""

    model = StructureMembership
    formset = StructureMembershipFormSet
    extra = 0
    exclude = ["is_active"]
    autocomplete_fields = ["structure"]


class DelegationMembershipInline(admin.TabularInline):
    model = DelegationMembership
    formset = DelegationMembershipFormSet
    extra = 0


class ApiTokenInline(admin.TabularInline):
    """Seen and revoked here; created only by their owner, who alone sees the key."""

    model = ApiToken
    extra = 0
    can_delete = False
    fields = ["name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["name", "prefix", "created_at", "expires_at", "last_used_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (gettext_lazy("Identity"), {"fields": ["first_name", "last_name", "kind"]}),
        (gettext_lazy("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "kind", "password1", "password2"]})
    ]
    inlines = [StructureMembershipInline, DelegationMembershipInline, ApiTokenInline]
