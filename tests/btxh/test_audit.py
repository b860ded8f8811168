import pytest

from btxh.models import AccessLog
from btxh.services import access_log_record, staff_create


@pytest.mark.django_db
def test_every_change_to_a_staff_row_records_who_when_and_what(commune, province_officer):
    user = staff_create(username="moi", password="x-y-z-123", full_name="Người Mới", unit=commune, role="viewer")
    user._history_user = province_officer
    user.role = "commune_officer"
    user.save()
    records = list(user.history.order_by("history_date"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].history_user == province_officer
    assert records[-1].diff_against(records[0]).changed_fields == ["role"]


@pytest.mark.django_db
def test_a_view_of_a_record_is_logged_with_who_and_which(officer, commune):
    access_log_record(user=officer, obj=officer, action=AccessLog.Action.VIEW, unit=commune, path="/x/")
    log = AccessLog.objects.get()
    assert (log.user, log.unit, log.action, log.object_id) == (officer, commune, "view", str(officer.pk))
    assert AccessLog.objects.for_user(officer).count() == 1
