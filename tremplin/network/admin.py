from django.contrib import admin

from .models import Activity, Delegation, DuesRecord, Structure, StructureGroup


@admin.register(Structure)
class StructureAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siret", "commune", "membership_status"]
    list_filter = ["kind", "membership_status", "delegation"]
    search_fields = ["name", "siret"]
    raw_id_fields = ["commune"]
    readonly_fields = ["search_name"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    filter_horizontal = ["regions"]


admin.site.register(StructureGroup)
admin.site.register(Activity)
admin.site.register(DuesRecord)
