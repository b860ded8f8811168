"""Demo beneficiaries for the demo communes of btxh/demo.py: a few hundred realistic people of the
Kinh, Tày, Dao, H'Mông and Nùng peoples with cases of every category, entered through the same
services as an officer would (create → submit → approve by the commune leader)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from btxh.demo import DEMO_COMMUNES, DEMO_LEGACY_COMMUNES, DEMO_LOGINS, DEMO_PASSWORD
from btxh.models import Level, Regime, Role, Unit, User
from btxh.selectors import approver_role, approving_unit
from btxh.services import staff_create
from engine import Month

from . import services
from .identity import FEMALE, MALE
from .models import Case, Decision, Hamlet, Person, TerminationReason
from .services.hamlets import hamlets_create_first

PEOPLE_PER_COMMUNE = 100
LEGACY_PEOPLE_PER_COMMUNE = 30  # enough to look at, quick to load

# Family names and given names by people (dân tộc); H'Mông and Dao names as they are written in Vietnamese.
NAMES = {
    "Kinh": (
        ["Nguyễn", "Trần", "Lê", "Phạm", "Vũ", "Đỗ", "Bùi", "Đặng"],
        ["Văn Hùng", "Văn Dũng", "Đức Thắng", "Quang Huy", "Văn Tuấn", "Minh Đức"],
        ["Thị Hòa", "Thị Lan", "Thị Hương", "Thị Nga", "Thị Thu", "Thị Hạnh"],
    ),
    "Tày": (
        ["Hoàng", "Nông", "Ma", "Lộc", "Hà", "Lương", "Quan"],
        ["Văn Páo", "Văn Thành", "Văn Pảo", "Văn Đoàn", "Văn Khìn"],
        ["Thị Sương", "Thị Nhung", "Thị Mẩy", "Thị Lường", "Thị Slao"],
    ),
    "Dao": (
        ["Triệu", "Bàn", "Đặng", "Lý", "Phùng"],
        ["Văn Quẩy", "Tiến Lở", "Văn Kiều", "Phúc Sinh", "Văn Chòi"],
        ["Thị Mai", "Mùi Nái", "Thị Phấy", "Thị Kiều", "Thị Nhất"],
    ),
    "H'Mông": (
        ["Giàng", "Vàng", "Sùng", "Thào", "Lý", "Hầu", "Mua"],
        ["Mí Sình", "Seo Lử", "A Páo", "Chứ Dế", "Mí Chá", "Sính Dìn"],
        ["Thị Dở", "Thị Mỷ", "Thị Pà", "Thị Sua", "Thị Dinh", "Thị Chơ"],
    ),
    "Nùng": (
        ["Lộc", "Nông", "Hoàng", "Vi", "Lăng", "Chu"],
        ["Văn Slằn", "Văn Pỉn", "Văn Lìu", "Văn Sáng", "Văn Phủ"],
        ["Thị Slam", "Thị Nhình", "Thị Lọt", "Thị Síu", "Thị Xuân"],
    ),
}
PEOPLE_WEIGHTS = {"Kinh": 3, "Tày": 4, "Dao": 2, "H'Mông": 3, "Nùng": 2}
HAMLETS = [
    "Thôn Nà Pồng",
    "Bản Khuổi Luông",
    "Thôn Nặm Đăm",
    "Thôn Pác Ngòi",
    "Bản Tả Chải",
    "Thôn Làng Chang",
    "Thôn Bản Vèn",
    "Tổ dân phố 3",
    "Bản Lũng Cú",
    "Thôn Khuổi Khon",
]
BANKS = ["Agribank", "Ngân hàng Chính sách xã hội", "BIDV", "VietinBank", "Vietcombank"]
PROVINCE_ID_CODE = "008"  # Tuyên Quang in the national ID (birth registered there)


@dataclass
class Demo:
    rng: random.Random
    unit: Unit
    officer: User
    leader: User
    today: date
    used_ids: set
    decisions: int = 0

    # -- people -------------------------------------------------------------
    def name(self, sex: str, people: str) -> str:
        families, men, women = NAMES[people]
        return f"{self.rng.choice(families)} {self.rng.choice(men if sex == MALE else women)}"

    def national_id(self, sex: str, year: int) -> str | None:
        if self.rng.random() < 0.15:
            return None  # not everyone's ID is on the old lists
        digit = (0 if year < 2000 else 2) + (1 if sex == FEMALE else 0)
        while True:
            value = f"{PROVINCE_ID_CODE}{digit}{year % 100:02d}{self.rng.randrange(1_000_000):06d}"
            if value not in self.used_ids:
                self.used_ids.add(value)
                return value

    def person(
        self,
        age_from: int,
        age_to: int,
        *,
        sex: str | None = None,
        poverty: str | None = None,
        hamlet: str | None = None,
        household=None,
        relationship: str = "",
        year_only: bool = False,
    ) -> Person:
        rng = self.rng
        people = rng.choices(list(PEOPLE_WEIGHTS), weights=list(PEOPLE_WEIGHTS.values()))[0]
        sex = sex or rng.choice((MALE, FEMALE))
        age_days = rng.randint(age_from * 365 + 10, age_to * 365 + 300)
        birth = self.today - timedelta(days=age_days)
        bank = rng.random() < 0.25
        fields = {
            "full_name": self.name(sex, people),
            "sex": sex,
            "ethnicity": people,
            "birth_date": None if year_only else birth,
            "birth_year": birth.year,
            "national_id": self.national_id(sex, birth.year),
            "hamlet": hamlet or rng.choice(HAMLETS),
            "phone": f"09{rng.randrange(10**8):08d}" if rng.random() < 0.4 else "",
            "payment_method": "bank" if bank else "cash",
            "bank_account": f"{rng.randrange(10**12, 10**13)}" if bank else "",
            "bank_name": rng.choice(BANKS) if bank else "",
        }
        if household is not None:
            fields.update(household=household, relationship_to_head=relationship)
        if age_to < 16:
            fields.update(receiver_name=self.name(FEMALE, people), receiver_relationship="Mẹ")
        return services.person_create(
            user=self.officer,
            unit=self.unit,
            confirm_duplicate=True,
            poverty=poverty if household is None else None,
            **fields,
        )

    # -- cases --------------------------------------------------------------
    def case(self, person: Person, category: str, *, decide: str = "approve", children=(), **facts):
        case = services.case_create(person=person, user=self.officer, category=category, children=children, **facts)
        if decide == "draft":
            return case
        services.case_submit(case=case, user=self.officer)
        if decide == "submit":
            return case
        self.decisions += 1
        decided = self.today - timedelta(days=self.rng.randint(20, 420))
        decided = max(decided, date(2025, 7, 15))
        services.case_approve(
            case=case,
            user=self.leader,
            decision_number=f"{self.decisions}/QĐ-UBND",
            decision_date=decided,
            signer=str(self.leader),
        )
        # Most demo beneficiaries were paid before the system was installed, as an imported
        # list says ("Đã chi trả đến tháng"); one in ten has a recent decision still owed.
        last_month = Month.of(self.today) - 1
        if self.rng.random() < 0.9 and case.start_month and case.start_month <= last_month:
            Case.objects.filter(pk=case.pk).update(paid_until_month=last_month, updated_at=timezone.now())
        return case


def _staff(unit: Unit, role: str, username: str, full_name: str) -> User:
    user = User.objects.filter(unit=unit, role=role, is_active=True).order_by("pk").first()
    if user is None:
        user = User.objects.filter(username=username).first() or staff_create(
            username=username, password=DEMO_PASSWORD, full_name=full_name, unit=unit, role=role
        )
    return user


def _approver(commune: Unit) -> User:
    """Who decides the commune's cases: its leader, or the district's officer (the demo login when it
    is that district)."""
    unit = approving_unit(commune)
    role = approver_role(unit)
    login = next((d for d in DEMO_LOGINS if d.role == role and d.level == unit.level and d.code == unit.code), None)
    if login is not None:
        return _staff(unit, role, login.username, login.full_name)
    return _staff(unit, role, f"lanhdao.{unit.code}", "Chủ tịch UBND " + unit.name)


def _births(rng, n: int, today: date):
    return [today - timedelta(days=rng.randint(30, 35 * 30)) for _ in range(n)]


@transaction.atomic
def demo_people_commune(unit: Unit, *, n: int = PEOPLE_PER_COMMUNE, today: date | None = None) -> int:
    """Load ``n`` or so people with cases into one commune. Returns how many people were created."""
    today = today or timezone.localdate()
    officer = _staff(unit, Role.COMMUNE_OFFICER, f"canbo.{unit.code}", "Cán bộ VHXH " + unit.name)
    _staff(unit, Role.COMMUNE_LEADER, f"lanhdao.{unit.code}", "Chủ tịch UBND " + unit.name)
    leader = _approver(unit)  # the commune's chairman; in the legacy chain, the district's officer
    rng = random.Random(f"btxh-demo-{unit.code}")  # noqa: S311 - repeatable demo data, not a secret
    if not Hamlet.objects.filter(commune=unit).exists():  # the commune's list, as its first import would make it
        hamlets_create_first(commune=unit, names=HAMLETS, user=officer)
    demo = Demo(
        rng,
        unit,
        officer,
        leader,
        today,
        set(Person.objects.exclude(national_id=None).values_list("national_id", flat=True)),
    )
    # Decision numbers are unique per issuing unit and year: a district decides for several communes.
    demo.decisions = Decision.objects.filter(unit=approving_unit(unit)).count()
    year = today.year
    created = 0
    while created < n:
        roll = rng.random()
        if roll < 0.30:  # social pension, 75 and over (some known only by year)
            p = demo.person(75, 96, year_only=rng.random() < 0.25)
            demo.case(p, "SP-75")
            created += 1
        elif roll < 0.38:  # 70–74, poor or near-poor household
            p = demo.person(70, 74, poverty=rng.choice(("poor", "near_poor")))
            demo.case(p, "SP-70-POOR")
            created += 1
        elif roll < 0.48:  # poor elderly without support
            p = demo.person(60, 69, poverty="poor")
            demo.case(p, "K5A")
            created += 1
        elif roll < 0.66:  # severe or extra-severe disability
            level = rng.choice(("severe", "severe", "extra_severe"))
            p = demo.person(5, 85)
            issued = today - timedelta(days=rng.randint(100, 900))
            demo.case(
                p,
                "K6",
                disability_level=level,
                disability_certificate_number=f"{rng.randint(1, 300)}/GXN-UBND",
                disability_certificate_date=issued,
                disability_certificate_valid_until=issued + timedelta(days=rng.choice((730, 1095, 1825))),
            )
            created += 1
            if level == "extra_severe" and rng.random() < 0.5:  # the household caring for them
                carer = demo.person(
                    30,
                    65,
                    hamlet=p.hamlet,
                    household=p.household if p.household_id else None,
                    relationship="spouse" if p.household_id else "",
                )
                demo.case(carer, "CS-HOUSEHOLD", cared_person=p, disability_level="extra_severe")
                created += 1
        elif roll < 0.74:  # orphan, sometimes fostered
            p = demo.person(1, 15)
            demo.case(p, "K1")
            created += 1
            if rng.random() < 0.5:
                foster = demo.person(35, 65, hamlet=p.hamlet)
                demo.case(foster, "CS-FOSTER", cared_person=p)
                created += 1
        elif roll < 0.78:  # former orphan still at school
            p = demo.person(16, 20)
            demo.case(p, "K2", studying_until=date(year + rng.randint(0, 3), 6, 30))
            created += 1
        elif roll < 0.85:  # single parent of a poor household
            p = demo.person(25, 45, sex=rng.choice((FEMALE, FEMALE, MALE)), poverty=rng.choice(("poor", "near_poor")))
            kids = [
                {"full_name": demo.name(rng.choice((MALE, FEMALE)), p.ethnicity), "birth_date": b}
                for b in (today - timedelta(days=rng.randint(200, 15 * 365)) for _ in range(rng.randint(1, 3)))
            ]
            demo.case(p, "K4", children=kids)
            created += 1
        elif roll < 0.89:  # young child of a poor household in an extremely difficult area
            p = demo.person(0, 2, poverty="poor")
            demo.case(p, "K7")
            created += 1
        elif roll < 0.92:  # disabled mother of a baby
            p = demo.person(20, 35, sex=FEMALE, poverty="near_poor")
            demo.case(
                p, "K6", disability_level="severe", disability_certificate_number=f"{rng.randint(1, 300)}/GXN-UBND"
            )
            demo.case(
                p,
                "CS-DISABLED-PARENT",
                children=[{"full_name": demo.name(MALE, p.ethnicity), "birth_date": b} for b in _births(rng, 1, today)],
            )
            created += 1
        elif roll < 0.94:  # elderly fostered in the community
            p = demo.person(65, 85, poverty="poor")
            demo.case(p, "K5D")
            created += 1
        elif roll < 0.96:  # HIV, poor household (few, and sensitive)
            p = demo.person(25, 50, poverty="poor")
            demo.case(p, "K8")
            created += 1
        else:  # new applications still being decided
            p = demo.person(75, 90)
            demo.case(p, "SP-75", decide=rng.choice(("submit", "draft")))
            created += 1

    # A few events so that the pages show every state.
    decided = list(unit.cases.filter(status="active").select_related("person").order_by("pk"))
    rng.shuffle(decided)
    if decided:
        elder = next((c for c in decided if c.category == "SP-75"), decided[0])
        services.person_death_record(
            person=elder.person,
            death_date=today - timedelta(days=rng.randint(5, 40)),
            user=officer,
            note="Giấy báo tử của trưởng thôn",
        )
    others = [c for c in decided if c.status == "active" and c.person.death_date is None][:2]
    if others:
        case = others[0]
        case.refresh_from_db()
        if case.status == "active":
            services.case_suspend(
                case=case, user=officer, month=today.replace(day=1), reason="Đi làm ăn xa, không nhận trợ cấp"
            )
    if len(others) > 1:
        case = others[1]
        case.refresh_from_db()
        if case.status == "active":
            services.case_terminate(
                case=case,
                user=officer,
                reason=TerminationReason.REFUSED,
                end_month=today.replace(day=1),
                note="Có đơn xin thôi hưởng",
            )
    return Person.objects.filter(unit=unit).count()


def demo_people(*, n: int = PEOPLE_PER_COMMUNE) -> list[tuple[Unit, int | None]]:
    """Load demo people into each demo commune that has none yet: the 2025 regime's, and fewer into
    the legacy district's (when its units are loaded). (unit, people or None)."""
    out = []
    targets = [(Regime.TWO_TIER, code, n) for code in DEMO_COMMUNES]
    targets += [(Regime.LEGACY, code, min(n, LEGACY_PEOPLE_PER_COMMUNE)) for code in DEMO_LEGACY_COMMUNES]
    for regime, code, count in targets:
        unit = Unit.objects.filter(regime=regime, level=Level.COMMUNE, code=code).first()
        if unit is None:
            continue
        if Person.objects.filter(unit=unit).exists():
            out.append((unit, None))
            continue
        out.append((unit, demo_people_commune(unit, n=count)))
    return out
