"""Annual plans: issue and correct by version, cascade from the parent's plan, the parent's view."""

import pytest

from plans.plan_models import ActivityStatus, AnnualPlan, BasisKind, PlanStatus, PlanTarget
from plans.plan_selectors import children_plans
from plans.plan_services import START_LAST_YEAR, START_PARENT, PlanError, plan_correct, plan_create, plan_issue
from tests.plans.plan_factories import issued_plan, written_plan

pytestmark = pytest.mark.django_db


def test_an_issued_plan_cannot_be_edited_and_a_correction_is_a_new_version_that_keeps_the_old(
    commune, officer, client
):
    plan = issued_plan(commune, officer)
    assert plan.status == PlanStatus.ISSUED
    client.force_login(officer)
    response = client.post(f"/ke-hoach/nam/{plan.pk}/sua/", {"title": "Đổi trích yếu"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.title != "Đổi trích yếu"
    with pytest.raises(PlanError):
        plan_issue(plan=plan, user=officer)

    correction = plan_correct(plan=plan, user=officer)
    assert (correction.version, correction.status, correction.previous_version) == (2, PlanStatus.DRAFT, plan)
    assert list(correction.targets.values_list("text", flat=True)) == list(plan.targets.values_list("text", flat=True))
    assert correction.activities.count() == plan.activities.count() == 2
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED  # in force until the correction is issued
    with pytest.raises(PlanError):
        plan_correct(plan=plan, user=officer)  # one correction at a time

    assert correction.issued_on is None  # a correction is dated when it is issued
    correction.title = "Thực hiện công tác bảo trợ xã hội năm 2026 (đính chính)"
    correction.issued_on = plan.issued_on.replace(month=3)
    correction.save()
    plan_issue(plan=correction, user=officer)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED
    assert plan.title == "Thực hiện công tác bảo trợ xã hội năm 2026"
    assert AnnualPlan.objects.filter(unit=commune, year=2026).count() == 2


def test_a_draft_is_not_issued_without_its_number_date_signer_targets_and_tasks(commune, officer):
    plan = plan_create(user=officer, unit=commune, year=2026)
    with pytest.raises(PlanError) as refused:
        plan_issue(plan=plan, user=officer)
    assert "số kế hoạch" in refused.value.user_message and "ít nhất một chỉ tiêu" in refused.value.user_message


def test_only_the_units_own_officer_writes_its_plan(commune, province_officer, other_officer, leader):
    for user in (province_officer, other_officer, leader):
        with pytest.raises(PlanError):
            plan_create(user=user, unit=commune, year=2026)


def test_a_commune_plan_started_from_the_province_plan_cites_it_and_serves_each_of_its_targets_and_tasks(
    province, commune, officer, province_officer
):
    parent = issued_plan(province, province_officer, number="25/KH-UBND")
    plan = plan_create(user=officer, unit=commune, year=2026, start=START_PARENT)
    assert plan.parent_plan == parent and plan.started_from == parent
    basis = plan.bases.get()
    assert basis.kind == BasisKind.PARENT_PLAN
    assert basis.text.startswith("Kế hoạch số 25/KH-UBND ngày 20/01/2026 của Ủy ban nhân dân Tỉnh Tuyên Quang")
    assert [t.parent_target for t in plan.targets.all()] == list(parent.targets.all())
    assert [t.parent_task for t in plan.tasks.all()] == list(parent.tasks.all())
    assert plan.activities.count() == 2
    assert all(a.status == ActivityStatus.NOT_STARTED for a in plan.activities.all())
    # The commune adapts a target; the parent's plan is untouched.
    target = plan.targets.get()
    target.target_value = 98
    target.save()
    assert parent.targets.get().target_value == 100


def test_a_plan_cannot_start_from_a_parent_plan_that_is_not_issued(province, commune, officer, province_officer):
    written_plan(province, province_officer)
    with pytest.raises(PlanError) as refused:
        plan_create(user=officer, unit=commune, year=2026, start=START_PARENT)
    assert "chưa ban hành" in refused.value.user_message


def test_a_plan_started_from_last_years_plan_copies_it_for_the_new_year_with_activities_not_started(
    commune, officer, province, province_officer
):
    old = issued_plan(commune, officer, year=2025)
    activity = old.activities.first()
    activity.status = ActivityStatus.DONE
    activity.save()
    parent = issued_plan(province, province_officer, year=2026)
    plan = plan_create(user=officer, unit=commune, year=2026, start=START_LAST_YEAR)
    assert plan.title == "Thực hiện công tác bảo trợ xã hội năm 2026"
    assert plan.started_from == old and plan.parent_plan == parent
    assert plan.bases.get().kind == BasisKind.PARENT_PLAN  # it still cites this year's parent plan
    assert plan.targets.count() == old.targets.count() and plan.responsibilities.count() == 1
    assert {a.status for a in plan.activities.all()} == {ActivityStatus.NOT_STARTED}
    assert plan.signer_name == old.signer_name


def test_the_province_sees_which_communes_issued_their_plan_and_each_ones_progress(
    province, commune, other_commune, officer, province_officer
):
    parent = issued_plan(province, province_officer)
    PlanTarget.objects.create(plan=parent, position=5, text="Không có chỉ số", indicator="")
    plan = plan_create(user=officer, unit=commune, year=2026, start=START_PARENT)
    plan.number, plan.signer_name, plan.issued_on = "3/KH-UBND", "Hà Văn Nam", parent.issued_on
    plan.save()
    plan_issue(plan=plan, user=officer)
    rows = {r.unit: r for r in children_plans(parent)}
    assert rows[commune].plan == plan and rows[commune].status_label == "Đã ban hành (3/KH-UBND)"
    assert rows[other_commune].plan is None and rows[other_commune].status_label == "Chưa lập kế hoạch"
    progress = rows[commune].progress
    assert [(m.code, m.shown) for m in progress] == [("eligible_paid_pct", "chưa có dữ liệu")]


def test_the_plan_pages_show_the_plan_and_its_indicators(client, commune, officer, province, province_officer):
    parent = issued_plan(province, province_officer)
    plan = plan_create(user=officer, unit=commune, year=2026, start=START_PARENT)
    client.force_login(officer)
    page = client.get(f"/ke-hoach/nam/{plan.pk}/").content.decode()
    assert "chưa có dữ liệu" in page and "Thực hiện chỉ tiêu cấp trên" in page
    edit = client.get(f"/ke-hoach/nam/{plan.pk}/sua/").content.decode()
    assert parent.reference in edit
    client.force_login(province_officer)
    page = client.get(f"/ke-hoach/nam/{parent.pk}/").content.decode()
    assert commune.name in page and "Đang dự thảo" in page
