import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from benefits.payroll import services
from benefits.payroll.models import LineStatus, PaymentRoll, RollStatus
from btxh.models import AccessLog
from engine import Month
from tests.benefits.payroll_factories import make_case, make_person

JUL = Month(2026, 7)


@pytest.fixture
def elder(commune):
    person = make_person(commune, "Lục Thị Thọ", birth=date(1948, 3, 1), national_id="008148000123")
    make_case(person, "SP-75", start="2026-07")
    return person


def test_generating_from_the_page_runs_a_job_and_shows_the_roll(officer_client, elder, commune):
    response = officer_client.post("/che-do/chi-tra/lap/", {"month": "07/2026"})
    assert response.status_code == 302 and response.url.startswith("/cong-viec/")
    roll = PaymentRoll.objects.get(unit=commune, month=JUL.first_day)
    page = officer_client.get(f"/che-do/chi-tra/{roll.pk}/").content.decode()
    assert "Lục Thị Thọ" in page and "500.000 đ" in page and "Trợ cấp hưu trí xã hội" in page


def test_a_bad_month_is_refused_with_a_message_and_nothing_is_generated(officer_client, elder):
    response = officer_client.post("/che-do/chi-tra/lap/", {"month": "13/2026"}, follow=True)
    assert "Tháng không hợp lệ" in response.content.decode()
    assert not PaymentRoll.objects.exists()


def test_a_line_shows_its_explanation_and_the_view_is_logged(officer_client, officer, elder, commune):
    roll = services.payroll_generate(unit=commune, month=JUL)
    line = roll.lines.get()
    page = officer_client.get(f"/che-do/chi-tra/dong/{line.pk}/").content.decode()
    assert "Nghị định 176/2025" in page and "Năm trăm nghìn đồng" in page
    assert AccessLog.objects.filter(user=officer, object_id=str(line.pk), action="view").exists()


def test_the_leader_locks_then_the_officer_settles_from_the_returned_excel(officer_client, officer, leader, elder, commune):
    from django.test import Client

    roll = services.payroll_generate(unit=commune, month=JUL, user=officer)
    leader_client = Client()
    leader_client.force_login(leader)
    leader_client.post(f"/che-do/chi-tra/{roll.pk}/khoa/")
    roll.refresh_from_db()
    assert roll.status == RollStatus.LOCKED and roll.locked_by == leader
    wb = Workbook()
    ws = wb.active
    ws.append(["DANH SÁCH CHI TRẢ"])
    ws.append(["STT", "Họ và tên", "Số định danh", "Tổng cộng", "Ký nhận", "Ghi chú"])
    ws.append([1, "Lục Thị Thọ", "008148000123", 500000, None, "Chưa nhận: đi vắng"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "tra-ve.xlsx"
    officer_client.post(f"/che-do/chi-tra/{roll.pk}/ket-qua/", {"returned_file": buf})
    roll.refresh_from_db()
    assert roll.status == RollStatus.SETTLED
    assert roll.lines.get().status == LineStatus.NOT_COLLECTED


def test_a_province_officer_sees_every_communes_roll_status_and_exports_it(
    client, province_officer, elder, commune, other_commune
):
    services.payroll_generate(unit=commune, month=JUL)
    make_case(make_person(other_commune, "Lý Thị Chờ", birth=date(1945, 1, 1)), "SP-75", start="2026-07")  # no roll yet
    client.force_login(province_officer)
    page = client.get("/che-do/chi-tra/?month=07/2026").content.decode()
    assert "Xã Ngọc Đường" in page and "Xã Phú Linh" in page and "Nháp" in page and "Chưa lập" in page
    export = client.get("/bao-cao/chi-tra/tong-hop.xlsx?month=07/2026")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    # The table starts under the official header block (authority, national motto, title).
    assert any("TỔNG HỢP DANH SÁCH CHI TRẢ TRỢ CẤP HƯU TRÍ XÃ HỘI THÁNG 07/2026" in str(c) for r in rows[:8] for c in r)
    table = rows[[r[0] for r in rows].index("STT") + 1 :]
    assert table[0][2:5] == ("Xã Ngọc Đường", "Nháp", 1)
    assert table[1][2:4] == ("Xã Phú Linh", "Chưa lập")


def test_the_person_page_loads_the_persons_payments(officer_client, elder, commune):
    services.payroll_generate(unit=commune, month=JUL)
    page = officer_client.get(f"/doi-tuong/{elder.pk}/").content.decode()
    assert f'hx-get="/che-do/chi-tra/doi-tuong/{elder.pk}/"' in page
    panel = officer_client.get(f"/che-do/chi-tra/doi-tuong/{elder.pk}/").content.decode()
    assert "07/2026" in panel and "500.000" in panel and "Trợ cấp hưu trí xã hội" in panel


def test_the_province_officers_home_page_counts_communes_without_a_roll(
    client, province_officer, commune, other_commune
):
    from benefits.payroll.forms import current_month

    services.payroll_generate(unit=commune, month=current_month())
    make_case(make_person(other_commune, "Lý Thị Chờ", birth=date(1945, 1, 1)), "SP-75", start="2026-07")  # no roll yet
    client.force_login(province_officer)
    page = client.get("/").content.decode()
    assert "Xã chưa lập danh sách chi trả tháng" in page and "Xã chưa khóa danh sách chi trả tháng" in page
