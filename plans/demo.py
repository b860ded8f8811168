"""Demo annual plans for ``make run``: the province's plan of the current year (issued), the first
demo commune's plan cascaded from it (issued, some activities done, one in progress), and the
locked payment rolls of the year's past months that the plans' indicators are measured from.
Everything goes through the services an officer uses; a second run changes nothing.

The texts are written for the demo, after the shape of real provincial and commune plans; the
numbers of the decisions they cite are those of the real decrees, the signers are invented."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from btxh.demo import DEMO_COMMUNES
from btxh.models import Level, Regime, Role, Unit, User

from .plan_models import (
    ActivityStatus,
    AnnualPlan,
    BasisKind,
    PlanActivity,
    PlanBasis,
    PlanResponsibility,
    PlanTarget,
    PlanTask,
    SignerTitle,
    SystemActivity,
)
from .plan_services import START_PARENT, activity_progress, plan_create, plan_issue

PROVINCE_BASES = [
    (BasisKind.LAW, "Luật Người cao tuổi số 39/2009/QH12 ngày 23/11/2009"),
    (
        BasisKind.LAW,
        "Nghị định số 20/2021/NĐ-CP ngày 15/3/2021 của Chính phủ quy định chính sách trợ giúp xã hội "
        "đối với đối tượng bảo trợ xã hội, được sửa đổi, bổ sung bởi Nghị định số 76/2024/NĐ-CP ngày "
        "01/7/2024 của Chính phủ",
    ),
    (
        BasisKind.BUDGET,
        "Quyết định số 1208/QĐ-UBND ngày 12/12/{prev} của Ủy ban nhân dân tỉnh về việc giao dự toán "
        "thu, chi ngân sách nhà nước năm {year}",
    ),
]
PROVINCE_PURPOSES = (
    "Thực hiện đầy đủ, kịp thời, đúng đối tượng các chính sách trợ giúp xã hội; không để người dân thuộc diện "
    "bảo trợ xã hội bị bỏ sót hoặc chậm được hưởng chế độ.\n"
    "Từng bước chuyển chi trả trợ cấp bằng tiền mặt sang chi trả qua tài khoản, bảo đảm an toàn, công khai, "
    "minh bạch.\n"
    "Quan tâm chăm sóc người cao tuổi, người khuyết tật, trẻ em có hoàn cảnh đặc biệt; hỗ trợ kịp thời người dân "
    "gặp khó khăn do thiên tai, thiếu đói."
)
PROVINCE_REQUIREMENTS = (
    "Các sở, ngành, Ủy ban nhân dân các xã, phường xác định rõ nhiệm vụ, phân công cán bộ theo dõi, thực hiện.\n"
    "Việc xét duyệt, chi trả bảo đảm đúng trình tự, thủ tục, công khai danh sách tại thôn, tổ dân phố.\n"
    "Định kỳ sơ kết 6 tháng, tổng kết năm; báo cáo kết quả về Ủy ban nhân dân tỉnh đúng thời hạn."
)
PROVINCE_FUNDING = (
    "Ngân sách tỉnh bảo đảm kinh phí chi trả trợ cấp xã hội hằng tháng theo dự toán được giao năm {year}.\n"
    "Ngân sách cấp xã bố trí kinh phí tổ chức chúc thọ, mừng thọ và các hoạt động theo phân cấp.\n"
    "Huy động nguồn xã hội hóa, sự ủng hộ của các tổ chức, cá nhân theo quy định của pháp luật."
)
# (text, indicator, target value)
PROVINCE_TARGETS = [
    (
        "100% đối tượng đủ điều kiện được hưởng trợ cấp xã hội hằng tháng kịp thời, đúng quy định",
        "eligible_paid_pct",
        "100",
    ),
    ("Tối thiểu 35% đối tượng nhận trợ cấp hằng tháng qua tài khoản ngân hàng", "non_cash_pct", "35"),
    (
        "Không có hộ nào bị thiếu đói mà không được hỗ trợ; các yêu cầu trợ giúp đột xuất được quyết định đúng thời hạn",
        "emergency_aided_on_time_pct",
        "100",
    ),
    (
        "Tổ chức chúc thọ, mừng thọ đầy đủ cho người cao tuổi ở các tuổi 70, 75, 80, 85, 90 và từ 100 tuổi trở lên",
        "longevity_listed",
        None,
    ),
]
# (task, [(activity, lead, partners, months, budget, system kind)])
PROVINCE_TASKS = [
    (
        "Thực hiện đầy đủ, kịp thời chính sách trợ giúp xã hội hằng tháng",
        [
            (
                "Rà soát, cập nhật danh sách đối tượng hưởng trợ cấp hằng tháng trên hệ thống",
                "Sở Y tế",
                "Ủy ban nhân dân các xã, phường",
                "3, 9",
                None,
                "",
            ),
            (
                "Chi trả trợ cấp hằng tháng đủ 12 tháng, khóa danh sách chi trả đúng hạn",
                "Ủy ban nhân dân các xã, phường",
                "Bưu điện tỉnh",
                "1-12",
                None,
                SystemActivity.ROLLS_LOCKED,
            ),
            (
                "Vận động đối tượng mở tài khoản, chuyển sang nhận trợ cấp qua tài khoản",
                "Sở Y tế",
                "Ngân hàng Nhà nước khu vực, các ngân hàng thương mại",
                "2-11",
                60_000_000,
                "",
            ),
        ],
    ),
    (
        "Chăm sóc, phát huy vai trò người cao tuổi",
        [
            (
                "Lập danh sách chúc thọ, mừng thọ người cao tuổi dịp Tết Nguyên đán",
                "Ủy ban nhân dân các xã, phường",
                "Hội Người cao tuổi",
                "1",
                None,
                SystemActivity.LONGEVITY_TET,
            ),
            (
                "Lập danh sách người cao tuổi thọ 100 tuổi trở lên để Chủ tịch nước tặng thiếp, quà",
                "Sở Y tế",
                "Hội Người cao tuổi tỉnh",
                "1",
                None,
                SystemActivity.CENTENARIANS,
            ),
        ],
    ),
    (
        "Trợ giúp xã hội đột xuất",
        [
            (
                "Hỗ trợ gạo cứu đói cho hộ thiếu đói dịp Tết và giáp hạt",
                "Sở Y tế",
                "Sở Tài chính",
                "1, 4-5",
                None,
                SystemActivity.EMERGENCY_RICE,
            ),
        ],
    ),
    (
        "Tập huấn, kiểm tra, giám sát",
        [
            (
                "Tập huấn nghiệp vụ bảo trợ xã hội và sử dụng hệ thống cho công chức văn hóa - xã hội cấp xã",
                "Sở Y tế",
                "",
                "4",
                120_000_000,
                "",
            ),
            (
                "Kiểm tra việc thực hiện chính sách tại một số xã, phường",
                "Sở Y tế",
                "Sở Tài chính",
                "8-10",
                30_000_000,
                "",
            ),
        ],
    ),
]
PROVINCE_DUTIES = [
    (
        "Sở Y tế",
        "Chủ trì, hướng dẫn, theo dõi, đôn đốc các xã, phường thực hiện Kế hoạch; tổng hợp kết quả, báo cáo "
        "Ủy ban nhân dân tỉnh trước ngày 15/12.",
    ),
    ("Sở Tài chính", "Tham mưu bố trí kinh phí thực hiện Kế hoạch; hướng dẫn quản lý, thanh quyết toán theo quy định."),
    (
        "Ủy ban nhân dân các xã, phường",
        "Xây dựng kế hoạch của địa phương; tổ chức rà soát, chi trả, chúc thọ, "
        "trợ giúp đột xuất; báo cáo kết quả về Sở Y tế theo định kỳ.",
    ),
]
PROVINCE_RECIPIENTS = (
    "Bộ Y tế (để báo cáo);\nThường trực Tỉnh ủy;\nThường trực HĐND tỉnh;\nCác sở: Y tế, Tài chính;\n"
    "UBND các xã, phường;\nLưu: VT, KGVX."
)
COMMUNE_PARTNERS = {
    "Ủy ban nhân dân các xã, phường": "Trưởng thôn, bản",
    "Bưu điện tỉnh": "Điểm bưu điện văn hóa xã",
    "Ngân hàng Nhà nước khu vực, các ngân hàng thương mại": "Agribank, Ngân hàng Chính sách xã hội",
    "Hội Người cao tuổi": "Chi hội Người cao tuổi các thôn, bản",
    "Hội Người cao tuổi tỉnh": "Hội Người cao tuổi xã",
    "Sở Tài chính": "Công chức tài chính - kế toán",
}
COMMUNE_DUTIES = [
    (
        "Công chức văn hóa - xã hội",
        "Tham mưu Ủy ban nhân dân xã tổ chức thực hiện Kế hoạch; rà soát, lập danh sách, "
        "chi trả; tổng hợp, báo cáo kết quả về Sở Y tế và Ủy ban nhân dân xã.",
    ),
    ("Công chức tài chính - kế toán", "Bố trí, cấp phát kinh phí kịp thời; thanh quyết toán đúng quy định."),
    (
        "Trưởng thôn, bản",
        "Phối hợp rà soát, phát hiện đối tượng mới; thông báo lịch chi trả, công khai danh sách tại thôn, bản.",
    ),
]


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).select_related("unit").first()


def _province_plan(officer: User, year: int) -> AnnualPlan:
    unit = officer.unit
    plan = plan_create(user=officer, unit=unit, year=year)
    plan.number, plan.issued_on = "18/KH-UBND", date(year, 1, 16)
    plan.signer_name, plan.signer_title = "Hà Quang Trung", SignerTitle.DEPUTY
    plan.purposes, plan.requirements = PROVINCE_PURPOSES, PROVINCE_REQUIREMENTS
    plan.funding, plan.recipients = PROVINCE_FUNDING.format(year=year), PROVINCE_RECIPIENTS
    plan.save()
    PlanBasis.objects.bulk_create(
        PlanBasis(plan=plan, position=i, kind=kind, text=text.format(year=year, prev=year - 1))
        for i, (kind, text) in enumerate(PROVINCE_BASES, start=1)
    )
    PlanTarget.objects.bulk_create(
        PlanTarget(
            plan=plan, position=i, text=text, indicator=indicator, target_value=Decimal(value) if value else None
        )
        for i, (text, indicator, value) in enumerate(PROVINCE_TARGETS, start=1)
    )
    for i, (title, activities) in enumerate(PROVINCE_TASKS, start=1):
        task = PlanTask.objects.create(plan=plan, position=i, title=title)
        PlanActivity.objects.bulk_create(
            PlanActivity(
                plan=plan,
                task=task,
                position=j,
                text=text,
                lead=lead,
                partners=partners,
                months=months,
                budget=budget,
                funding_source="Ngân sách tỉnh" if budget else "",
                system_kind=kind,
            )
            for j, (text, lead, partners, months, budget, kind) in enumerate(activities, start=1)
        )
    PlanResponsibility.objects.bulk_create(
        PlanResponsibility(plan=plan, position=i, body=body, duties=duties)
        for i, (body, duties) in enumerate(PROVINCE_DUTIES, start=1)
    )
    return plan_issue(plan=plan, user=officer)


def _commune_plan(officer: User, year: int) -> AnnualPlan:
    """Started from the province's plan, adapted as a commune does: its own share of payment by
    account, its own activity, its own people in charge; issued in February."""
    unit = officer.unit
    plan = plan_create(user=officer, unit=unit, year=year, start=START_PARENT)
    plan.number, plan.issued_on = "05/KH-UBND", date(year, 2, 3)
    plan.signer_name, plan.signer_title = "Nông Văn Thành", SignerTitle.CHAIRMAN
    plan.recipients = "Sở Y tế (để báo cáo);\nThường trực Đảng ủy xã;\nThường trực HĐND xã;\nCác thôn, bản;\nLưu: VT."
    plan.funding = (
        f"Ngân sách xã năm {year}: kinh phí chúc thọ, mừng thọ và tổ chức thực hiện.\n"
        "Kinh phí chi trả trợ cấp do ngân sách tỉnh bảo đảm.\n"
        "Vận động các tổ chức, cá nhân, con em quê hương ủng hộ."
    )
    plan.save()
    plan.targets.filter(indicator="non_cash_pct").update(
        text="Tối thiểu 25% đối tượng nhận trợ cấp hằng tháng qua tài khoản ngân hàng", target_value=Decimal("25")
    )
    # The province's training and inspection are not the commune's: it keeps its own meeting instead.
    training = plan.tasks.get(position=4)
    training.activities.all().delete()
    training.title = "Công khai, tuyên truyền chính sách"
    training.save(update_fields=["title"])
    PlanActivity.objects.create(
        plan=plan,
        task=training,
        position=1,
        lead="Công chức văn hóa - xã hội",
        text="Công khai danh sách đối tượng hưởng trợ cấp tại nhà văn hóa các thôn, bản",
        partners="Trưởng thôn, bản",
        months="3, 9",
        budget=2_000_000,
        funding_source="Ngân sách xã",
    )
    # The province's activities as the commune carries them out: its own people, no provincial budget.
    for activity in plan.activities.exclude(task=training):
        activity.lead = "Công chức văn hóa - xã hội"
        activity.partners = COMMUNE_PARTNERS.get(activity.partners, activity.partners)
        activity.budget, activity.funding_source = None, ""
        activity.save(update_fields=["lead", "partners", "budget", "funding_source"])
    plan.activities.filter(system_kind=SystemActivity.LONGEVITY_TET).update(
        budget=18_500_000, funding_source="Ngân sách xã"
    )  # the gifts of the commune's own levels
    PlanResponsibility.objects.bulk_create(
        PlanResponsibility(plan=plan, position=i, body=body, duties=duties)
        for i, (body, duties) in enumerate(COMMUNE_DUTIES, start=1)
    )
    return plan_issue(plan=plan, user=officer)


def _commune_progress(plan: AnnualPlan, officer: User, today: date) -> None:
    """What the commune has recorded so far: the spring and autumn reviews done, accounts in progress."""
    review = plan.activities.filter(text__startswith="Rà soát").first()
    if review:
        activity_progress(
            activity=review,
            user=officer,
            status=ActivityStatus.DONE,
            evidence="Đã rà soát tháng 3 và tháng 9; cập nhật 6 trường hợp mới, 2 trường hợp thôi hưởng",
        )
    publish = plan.activities.filter(text__startswith="Công khai").first()
    if publish:
        activity_progress(
            activity=publish,
            user=officer,
            status=ActivityStatus.DONE,
            spent=1_500_000,
            evidence="Biên bản niêm yết tại 10 thôn, bản ngày 12/3 và 15/9",
        )
    accounts = plan.activities.filter(text__startswith="Vận động").first()
    if accounts:
        activity_progress(
            activity=accounts,
            user=officer,
            status=ActivityStatus.IN_PROGRESS,
            evidence="Phối hợp Agribank mở tài khoản tại các buổi chi trả tháng 10, 11",
        )


def demo_plans(today: date | None = None) -> list[str]:
    """The demo plans of the current year; returns what was done, one line each (nothing twice)."""
    today = today or timezone.localdate()
    year = today.year
    province_officer = _user("canbo.tinh")
    commune_officer = _user("canbo.xa")
    if province_officer is None or commune_officer is None:
        return ["Chưa có tài khoản dùng thử (chạy demo_seed trước): bỏ qua kế hoạch năm."]
    done = []
    with transaction.atomic():
        province = province_officer.unit
        if not AnnualPlan.objects.filter(unit=province, year=year).exists():
            _province_plan(province_officer, year)
            done.append(f"Kế hoạch năm {year} của {province.name}: đã ban hành.")
        commune = commune_officer.unit
        if not AnnualPlan.objects.filter(unit=commune, year=year).exists():
            plan = _commune_plan(commune_officer, year)
            _commune_progress(plan, commune_officer, today)
            done.append(f"Kế hoạch năm {year} của {commune.name} (lập từ kế hoạch của tỉnh): đã ban hành.")
    return done or [f"Kế hoạch năm {year} đã có, bỏ qua."]


def demo_rolls(today: date | None = None) -> list[str]:
    """The demo communes' payment rolls of the current month, generated by the officer and locked
    by the leader as on the roll page, so that the plans' indicators have a locked month to measure
    (the earlier months were paid before the communes used the system: demo_people records them
    as paid until last month). In the commune with the demo plan, the officer first confirms the
    suspension of whoever the roll cannot pay; elsewhere such a roll stays a draft, with its
    problem list to handle. A month that already has a roll is left alone."""
    from beneficiaries.models import Person
    from benefits.payroll.models import PaymentRoll
    from benefits.payroll.services import (
        PayrollError,
        payroll_generate,
        payroll_lock,
        payroll_problem_suspend,
        unresolved_problems,
    )
    from engine import Month

    today = today or timezone.localdate()
    month = Month(today.year, today.month)
    out = []
    communes = Unit.objects.filter(regime=Regime.TWO_TIER, level=Level.COMMUNE, code__in=DEMO_COMMUNES).order_by("code")
    for commune in communes:
        officer = User.objects.filter(unit=commune, role=Role.COMMUNE_OFFICER).order_by("pk").first()
        leader = User.objects.filter(unit=commune, role=Role.COMMUNE_LEADER).order_by("pk").first()
        if officer is None or leader is None or not Person.objects.filter(unit=commune).exists():
            continue
        if PaymentRoll.objects.filter(unit=commune, month=month.first_day).exists():
            continue
        label = f"Danh sách chi trả tháng {month.month:02d}/{month.year} của {commune.name}"
        try:
            roll = payroll_generate(unit=commune, month=month, user=officer, today=today)
            problems = unresolved_problems(roll)
            if problems and commune.code != DEMO_COMMUNES[0]:
                out.append(f"{label}: bản nháp, {len(problems)} người không tính được chờ xử lý.")
                continue
            for problem in problems:
                roll = payroll_problem_suspend(
                    roll=roll,
                    person_id=problem["person_id"],
                    user=officer,
                    reason=f"{problem['error'].capitalize()}: tạm dừng hưởng, chờ xác minh",
                )
            roll = payroll_lock(roll=roll, user=leader)
        except PayrollError as exc:
            out.append(f"{label}: chưa khóa được ({exc.user_message})")
            continue
        out.append(f"{label}: đã khóa, {roll.people_count} người.")
    return out
