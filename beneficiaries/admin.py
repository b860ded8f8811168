from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Case, CaseChild, CaseDocument, CaseEvent, FuneralClaim, Hamlet, Household, HouseholdPoverty, Person


class CaseInline(admin.TabularInline):
    model = Case
    fk_name = "person"
    fields = ("category", "status", "decision_number", "start_month", "end_month")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "birth_year", "sex", "national_id", "unit", "hamlet", "death_date")
    search_fields = ("name_normalized", "national_id")
    list_filter = ("sex", "payment_method")
    raw_id_fields = ("unit", "hamlet_ref", "household", "created_by")
    readonly_fields = ("name_normalized",)
    inlines = [CaseInline]
    show_full_result_count = False


class ChildInline(admin.TabularInline):
    model = CaseChild
    extra = 0


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ("person", "category", "status", "unit", "decision_number", "start_month", "end_month")
    list_filter = ("status", "category", "source")
    search_fields = ("person__name_normalized", "person__national_id", "decision_number")
    raw_id_fields = (
        "person",
        "unit",
        "cared_person",
        "approving_unit",
        "submitted_by",
        "approved_by",
        "previous_case",
        "created_by",
    )
    inlines = [ChildInline]
    show_full_result_count = False


@admin.register(Household)
class HouseholdAdmin(SimpleHistoryAdmin):
    list_display = ("id", "unit", "hamlet", "code")
    raw_id_fields = ("unit", "hamlet_ref")


@admin.register(Hamlet)
class HamletAdmin(SimpleHistoryAdmin):
    list_display = ("name", "commune", "code", "order", "active")
    list_filter = ("active",)
    search_fields = ("name_key", "commune__name")
    raw_id_fields = ("commune",)
    # Names are added and renamed on the commune's page (the service keeps the key and the records).
    readonly_fields = ("commune", "name", "name_key")

    def has_add_permission(self, request):
        return False


admin.site.register(HouseholdPoverty, SimpleHistoryAdmin)
admin.site.register(CaseDocument, SimpleHistoryAdmin)
admin.site.register(FuneralClaim, SimpleHistoryAdmin)


@admin.register(CaseEvent)
class CaseEventAdmin(admin.ModelAdmin):
    list_display = ("case", "kind", "at", "by", "month")
    list_filter = ("kind",)
    raw_id_fields = ("case", "by")
