"""The district demo login (legacy chain) has communes with people, cases and rolls to look at, and
the README lists every demo login that `make run` prints (issue #10, item 9)."""

import io
import re
import time
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

from beneficiaries.models import Case, CaseStatus
from benefits.payroll.models import PaymentRoll, RollStatus
from btxh.demo import DEMO_LOGINS
from btxh.models import Level, Regime, User
from tests.btxh.factories import make_unit

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_district_demo_has_communes_with_people_cases_and_a_locked_and_a_draft_roll(client, db):
    province = make_unit("08", "Tỉnh Tuyên Quang", level=Level.PROVINCE, regime=Regime.LEGACY)
    district = make_unit("071", "Huyện Lâm Bình", level=Level.DISTRICT, parent=province, regime=Regime.LEGACY)
    thuong_lam = make_unit("02269", "Xã Thượng Lâm", level=Level.COMMUNE, parent=district, regime=Regime.LEGACY)
    lang_can = make_unit("02266", "Thị trấn Lăng Can", level=Level.COMMUNE, parent=district, regime=Regime.LEGACY)
    make_unit("02293", "Xã Hồng Quang", level=Level.COMMUNE, parent=district, regime=Regime.LEGACY)

    started = time.monotonic()
    call_command("demo_people", "--per-commune", "20", stdout=io.StringIO())
    out = io.StringIO()
    call_command("demo_rolls", stdout=out)
    seconds = time.monotonic() - started
    call_command("demo_seed", stdout=io.StringIO())

    district_officer = User.objects.get(username="canbo.huyen")
    assert district_officer.unit == district
    for commune in (thuong_lam, lang_can):
        cases = Case.objects.filter(unit=commune, status=CaseStatus.ACTIVE)
        assert cases.count() >= 10
        assert {c.approved_by for c in cases} == {district_officer}  # the district decides in the legacy chain
    rolls = {r.unit: r for r in PaymentRoll.objects.all()}
    assert rolls[thuong_lam].status == RollStatus.LOCKED and rolls[thuong_lam].locked_by == district_officer
    assert rolls[thuong_lam].generated_by.unit == thuong_lam  # maker-checker: the commune's officer made it
    assert rolls[lang_can].status == RollStatus.DRAFT and rolls[lang_can].line_count > 10
    assert "Xã Thượng Lâm: danh sách chi trả tháng" in out.getvalue() and "(đã khóa)" in out.getvalue()

    client.force_login(district_officer)
    html = client.get(reverse("benefits:roll-list")).content.decode()
    assert "3 xã · 0 xã chưa lập · 1 xã không có đối tượng ·" in html
    assert f'href="{reverse("benefits:roll-detail", args=[rolls[lang_can].pk])}"' in html
    assert client.get(reverse("benefits:roll-detail", args=[rolls[thuong_lam].pk])).status_code == 200

    again = io.StringIO()
    call_command("demo_people", "--per-commune", "20", stdout=io.StringIO())
    call_command("demo_rolls", stdout=again)
    assert PaymentRoll.objects.count() == 2 and again.getvalue().count("bỏ qua") == 2  # idempotent
    print(f"demo people and rolls of two legacy communes: {seconds:.1f} s")


def test_the_readme_lists_every_demo_login_that_make_run_prints():
    table = README.read_text().split("It prints the demo logins", 1)[1].split("\n\n", 2)[1]
    listed = set(re.findall(r"^\| `([\w.]+)` \|", table, re.M))
    assert listed == {login.username for login in DEMO_LOGINS}
