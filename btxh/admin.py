from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessLog, Job, Unit, User

# The admin speaks Vietnamese like the rest of the site (Django's own strings come from its "vi" locale).
admin.site.site_header = "Quản trị hệ thống bảo trợ xã hội"
admin.site.site_title = "Quản trị BTXH"
admin.site.index_title = "Dữ liệu của hệ thống"


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "type", "level", "regime", "parent", "valid_from", "valid_to")
    list_filter = ("regime", "level")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(User)
class StaffAdmin(UserAdmin, SimpleHistoryAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("Đơn vị và vai trò", {"fields": ("full_name", "unit", "role")}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Đơn vị và vai trò", {"fields": ("full_name", "unit", "role")}))
    list_display = ("username", "full_name", "unit", "role", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("unit",)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "status", "unit", "requested_by", "progress_done", "progress_total", "created_at")
    list_filter = ("status", "kind")
    raw_id_fields = ("unit", "requested_by", "parent")


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "object_type", "object_repr", "unit")
    list_filter = ("action", "object_type")
    raw_id_fields = ("user", "unit")
