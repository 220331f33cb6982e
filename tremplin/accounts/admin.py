from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import DelegationMembership, StructureMembership, User


class StructureMembershipInline(admin.TabularInline):
    model = StructureMembership
    extra = 0
    autocomplete_fields = ["structure"]


class DelegationMembershipInline(admin.TabularInline):
    model = DelegationMembership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identity"), {"fields": ["first_name", "last_name", "kind"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "kind", "password1", "password2"]})
    ]
    inlines = [StructureMembershipInline, DelegationMembershipInline]
