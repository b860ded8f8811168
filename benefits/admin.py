"""Admin for the rule tables: rows are viewed and added, never changed in place or deleted.

Base rates and flat amounts are added through benefits.services (the page
"Thêm mức chuẩn" or ``manage.py add_base_rate``), which close the row they succeed.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BaseRate, Category, CoefficientBand, FlatAmount
from .services import rules_changed


class _RuleAdmin(SimpleHistoryAdmin):
    # Fields an existing row may still change: closing it, nothing else.
    closable_fields: tuple[str, ...] = ()

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return [f.name for f in self.model._meta.fields if f.name not in self.closable_fields]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        rules_changed()


@admin.register(BaseRate)
class BaseRateAdmin(_RuleAdmin):
    list_display = ("amount", "valid_from", "valid_to", "province_code", "basis")
    list_filter = ("province_code",)
    search_fields = ("basis", "province_code")

    def has_add_permission(self, request):
        return False


@admin.register(FlatAmount)
class FlatAmountAdmin(_RuleAdmin):
    list_display = (
        "scheme",
        "purpose",
        "amount",
        "valid_from",
        "valid_to",
        "province_code",
        "basis",
        "secondary_source",
    )
    list_filter = ("scheme", "purpose", "province_code")
    search_fields = ("basis", "province_code")

    def has_add_permission(self, request):
        return False


class CoefficientBandInline(admin.TabularInline):
    model = CoefficientBand
    extra = 0
    can_delete = False
    fields = (
        "coefficient",
        "label",
        "min_age",
        "max_age",
        "disability_level",
        "min_count",
        "per_count",
        "valid_from",
        "valid_to",
        "clause",
    )

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Category)
class CategoryAdmin(_RuleAdmin):
    closable_fields = ("valid_to", "end_basis")
    list_display = ("code", "scheme", "label", "valid_from", "valid_to", "clause")
    list_filter = ("scheme", "kind")
    search_fields = ("code", "label", "clause")
    inlines = [CoefficientBandInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        rules_changed()


@admin.register(CoefficientBand)
class CoefficientBandAdmin(_RuleAdmin):
    closable_fields = ("valid_to",)
    list_display = (
        "category",
        "coefficient",
        "label",
        "min_age",
        "max_age",
        "disability_level",
        "valid_from",
        "valid_to",
    )
    list_filter = ("category__scheme", "category")
    search_fields = ("category__code", "label", "clause")
    list_select_related = ("category",)
