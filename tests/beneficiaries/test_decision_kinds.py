"""Decisions to change the amount, to suspend and to resume (issue 10 item 1): each is a
``Decision`` of the approving unit, numbered with its grants and terminations (one number per
unit and year across every kind); what the officer recorded already moves the money, the
decision gives it a number, a date and a signer."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from beneficiaries.errors import NotAllowed, RegistryError
from beneficiaries.models import AssessmentStatus, Decision, DecisionKind, DisabilityAssessment
from beneficiaries.services import (
    case_disability_change,
    case_resume,
    case_submit,
    case_suspend,
    decision_grant_batch,
    decision_next_number,
    decision_resume,
    decision_suspend,
    disability_assessment_decide,
    resumption_awaiting,
    status_changes_awaiting,
    suspension_awaiting,
)
from btxh.models import Role
from engine import Month
from tests.beneficiaries.factories import CaseFactory, PersonFactory, active_case
from tests.btxh.factories import UserFactory, client_of


@pytest.fixture
def k6(commune):
    person = PersonFactory(unit=commune, full_name="Ma Văn Nặng", birth_date=date(1980, 4, 4), sex="male")
    return active_case(person, "K6", start=date(2025, 8, 1), disability_level="severe")


def test_a_decided_level_change_is_one_change_decision_numbered_with_the_units_other_decisions(
    k6, officer, leader, commune
):
    elder = PersonFactory(unit=commune, full_name="Lục Thị Thọ", birth_date=date(1940, 2, 2))
    grant = case_submit(case=CaseFactory(person=elder, category="SP-75", disability_level=""), user=officer)
    decision_grant_batch(cases=[grant], user=leader, decision_number="25/QĐ-UBND", decision_date=date(2026, 5, 4))
    case_disability_change(case=k6, user=officer, level="extra_severe", month=date(2026, 5, 1),
                           certificate_number="25/GXN", certificate_date=date(2026, 5, 10))  # fmt: skip
    proposal = DisabilityAssessment.objects.get(person=k6.person)
    assert proposal.case == k6 and proposal.decision is None
    # The grant's number of the same year is taken, whatever the kind.
    with pytest.raises(RegistryError, match="đã được Xã Ngọc Đường dùng"):
        disability_assessment_decide(assessment=proposal, user=leader, decision_number="25/qđ-ubnd",
                                     decision_date=date(2026, 6, 1))  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.status == AssessmentStatus.PROPOSED and Decision.objects.count() == 1
    assert decision_next_number(commune, 2026) == "26/QĐ-UBND"
    disability_assessment_decide(assessment=proposal, user=leader, decision_number="26/QĐ-UBND",
                                 decision_date=date(2026, 6, 1), signer="Nông Văn Thành")  # fmt: skip
    proposal.refresh_from_db()
    decision = proposal.decision
    assert (decision.kind, decision.number, decision.unit, decision.month, decision.signer) == (
        DecisionKind.CHANGE, "26/QĐ-UBND", commune, Month(2026, 5), "Nông Văn Thành"
    )
    assert list(decision.cases.all()) == [k6] and list(k6.decisions.all()) == [decision]
    assert decision_next_number(commune, 2026) == "27/QĐ-UBND"


def test_the_officer_cannot_decide_a_level_change(k6, officer):
    case_disability_change(case=k6, user=officer, level="extra_severe", month=date(2026, 5, 1))
    with pytest.raises(NotAllowed):
        disability_assessment_decide(assessment=DisabilityAssessment.objects.get(), user=officer,
                                     decision_number="3/QĐ-UBND", decision_date=date(2026, 6, 1))  # fmt: skip
    assert not Decision.objects.exists()


def test_a_suspension_and_a_resumption_wait_for_their_decisions(k6, officer, leader, commune):
    case_suspend(case=k6, user=officer, month=date(2026, 6, 1), reason="Không nhận tiền 3 tháng liên tiếp")
    k6.refresh_from_db()
    assert suspension_awaiting(k6) == Month(2026, 6)
    assert status_changes_awaiting(leader) == [(k6, "suspend", Month(2026, 6))] and status_changes_awaiting(officer) == []
    with pytest.raises(NotAllowed):
        decision_suspend(case=k6, user=officer, decision_number="5/QĐ-UBND", decision_date=date(2026, 6, 3))
    decision = decision_suspend(case=k6, user=leader, decision_number="5/QĐ-UBND", decision_date=date(2026, 6, 3))
    assert (decision.kind, decision.month, decision.reason, list(decision.cases.all())) == (
        DecisionKind.SUSPEND, Month(2026, 6), "Không nhận tiền 3 tháng liên tiếp", [k6]
    )
    assert suspension_awaiting(k6) is None and status_changes_awaiting(leader) == []
    with pytest.raises(RegistryError, match="không ở trạng thái tạm dừng chờ quyết định"):
        decision_suspend(case=k6, user=leader, decision_number="6/QĐ-UBND", decision_date=date(2026, 6, 3))
    assert resumption_awaiting(k6) is None
    case_resume(case=k6, user=officer, month=date(2026, 8, 1), note="Đã liên lạc được")
    k6.refresh_from_db()
    assert resumption_awaiting(k6) == Month(2026, 8)
    assert status_changes_awaiting(leader) == [(k6, "resume", Month(2026, 8))]
    with pytest.raises(RegistryError, match="đã được Xã Ngọc Đường dùng"):  # numbers are per unit and year
        decision_resume(case=k6, user=leader, decision_number="5/QĐ-UBND", decision_date=date(2026, 8, 2))
    again = decision_resume(case=k6, user=leader, decision_number="6/QĐ-UBND", decision_date=date(2026, 8, 2))
    assert (again.kind, again.month) == (DecisionKind.RESUME, Month(2026, 8))
    assert "Tạm dừng từ 06/2026" in again.reason
    assert resumption_awaiting(k6) is None
    # The decision moved the suspension's record, not the case: a second suspension waits for its own.
    case_suspend(case=k6, user=officer, month=date(2026, 10, 1), reason="Đi khỏi địa phương")
    k6.refresh_from_db()
    assert suspension_awaiting(k6) == Month(2026, 10)


def test_the_case_page_offers_the_decision_to_the_leader_only_and_the_page_decides_it(k6, officer, leader, commune):
    case_suspend(case=k6, user=officer, month=date(2026, 6, 1), reason="Không nhận tiền 3 tháng liên tiếp")
    url = f"/doi-tuong/ho-so/{k6.pk}/"
    officer_page = client_of(officer).get(url).content.decode()
    assert 'data-testid="case-decision-awaiting"' in officer_page and "Tạm dừng chi trả từ tháng 06/2026" in officer_page
    assert 'data-testid="decision-suspend"' not in officer_page
    leader_client = client_of(leader)
    assert 'data-testid="decision-suspend"' in leader_client.get(url).content.decode()
    home = leader_client.get("/").content.decode()
    assert "Tạm dừng, hưởng tiếp chờ quyết định" in home
    ends = leader_client.get("/doi-tuong/quyet-dinh/thoi-huong/").content.decode()
    assert f"/doi-tuong/ho-so/{k6.pk}/quyet-dinh-tam-dung/" in ends and "Không nhận tiền 3 tháng liên tiếp" in ends
    form_url = f"/doi-tuong/ho-so/{k6.pk}/quyet-dinh-tam-dung/"
    viewer = UserFactory(unit=commune, role=Role.VIEWER)
    for user in (officer, viewer):
        response = client_of(user).post(form_url, {"decision_number": "5/QĐ-UBND", "decision_date": "03/06/2026"})
        assert response.status_code == 403 and "Chỉ lãnh đạo có thẩm quyền" in response.content.decode()
    page = leader_client.get(form_url).content.decode()
    assert "Tạm dừng chi trả kể từ tháng 06/2026" in page and 'value="01/QĐ-UBND"' in page
    response = leader_client.post(form_url, {"decision_number": "5/QĐ-UBND", "decision_date": "31/02/2026"})
    assert response.status_code == 200 and not Decision.objects.exists()
    response = leader_client.post(form_url, {"decision_number": "5/QĐ-UBND", "decision_date": "03/06/2026"})
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/doi-tuong/quyet-dinh/{decision.pk}/"
    detail = leader_client.get(response["Location"]).content.decode()
    assert "Quyết định tạm dừng hưởng số 5/QĐ-UBND" in detail and "từ tháng 06/2026" in detail
    table = detail.split("<table", 1)[1]
    assert "Người khuyết tật nặng, đặc biệt nặng" in table and "K6" not in table  # the name, not the code
    assert 'data-testid="case-decision-awaiting"' not in leader_client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_a_decided_levels_number_and_date_into_a_change_decision(commune, leader, request):
    """Before: the assessment kept its own number and date. After: one Decision of kind "change"
    of the approving unit, linked; two levels decided under one number and date share it, and a
    number already used for another decision of the year is kept apart, marked."""
    before, after = ("beneficiaries", "0006_merge_dated_facts_and_decisions"), ("beneficiaries", "0007_decisions_change_suspend_resume")
    executor = MigrationExecutor(connection)
    executor.migrate([before])
    apps = executor.loader.project_state([before]).apps
    Person = apps.get_model("beneficiaries", "Person")
    Assessment = apps.get_model("beneficiaries", "DisabilityAssessment")
    OldDecision = apps.get_model("beneficiaries", "Decision")
    OldDecision.objects.create(unit_id=commune.pk, kind="grant", number="9/QĐ-UBND", year=2025,
                               decision_date=date(2025, 9, 1))  # fmt: skip
    made = []
    for i, (number, on) in enumerate([("45/QĐ-UBND", date(2025, 9, 15)), ("45/qđ-ubnd", date(2025, 9, 15)),
                                       ("9/QĐ-UBND", date(2025, 10, 1)), ("", None)]):  # fmt: skip
        person = Person.objects.create(full_name=f"Người {i}", name_normalized=f"NGUOI {i}", birth_year=1980,
                                       sex="male", unit_id=commune.pk, hamlet="Thôn Nà Pồng")  # fmt: skip
        made.append(Assessment.objects.create(
            person=person, level="extra_severe", from_month=date(2025, 3, 1), status="decided" if number else "proposed",
            decision_number=number, decision_date=on, decided_by_id=leader.pk if number else None,
        ))  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([after])
    # Migrating back to ``before`` unapplied every later migration (the hamlet list…): the tests
    # after this one in the same process need the whole schema again.
    request.addfinalizer(lambda: MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes()))
    rows = {a.pk: a for a in DisabilityAssessment.objects.select_related("decision")}
    first, second, clash, proposed = (rows[a.pk] for a in made)
    assert first.decision == second.decision
    assert (first.decision.kind, first.decision.number, first.decision.decision_date, first.decision.unit) == (
        "change", "45/QĐ-UBND", date(2025, 9, 15), commune
    )
    assert first.decision.signer == str(leader) and first.decision.month == Month(2025, 3)
    assert (clash.decision.kind, clash.decision.number) == ("change", f"9/QĐ-UBND (ĐC{clash.pk})")
    assert proposed.decision is None
    assert Decision.objects.filter(kind="change").count() == 2
