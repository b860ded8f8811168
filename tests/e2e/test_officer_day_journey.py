"""The officer's day (issue 10): the officer submits three cases; the leader approves them in one
batch and prints the decision with its list (PDF and Word); the officer records a death; the
leader decides the termination and the funeral support; the officer generates the roll (which
pays the decided funeral support once) and cannot lock it; the leader locks it after the
confirmation. The decision's PDF and its .docx (through LibreOffice) are drawn as PNG in
test-artifacts/ to be looked at."""

import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from beneficiaries.models import Case, CaseStatus, Decision, FuneralClaim
from benefits.payroll.models import PaymentLine
from tests import office
from tests.beneficiaries.factories import CaseFactory, PersonFactory
from tests.e2e.conftest import ARTIFACTS, login, screenshot

pytestmark = pytest.mark.e2e
NAMES = ["Lục Thị Thọ", "Hoàng Văn Khang", "Ma Thị Nhàn"]


@pytest.fixture
def drafts(commune):
    cases = []
    for i, name in enumerate(NAMES):
        person = PersonFactory(
            unit=commune, full_name=name, birth_date=date(1940 + i, 3, 1), hamlet="Thôn Nà Pồng", payment_method="cash",
            sex="male" if i == 1 else "female",
        )
        cases.append(CaseFactory(person=person, category="SP-75", disability_level=""))
    return cases


def confirm(page, name: str, expected: str):
    """The confirmation modal states what will happen; it is looked at, then accepted."""
    text = page.get_by_test_id("confirm-text")
    text.wait_for(state="visible")
    page.wait_for_selector("#confirm-modal.show")
    page.wait_for_timeout(400)  # the fade-in
    assert expected in text.inner_text(), text.inner_text()
    screenshot(page, name)
    page.get_by_test_id("confirm-ok").click()


def logout(page):
    page.get_by_role("button", name="Đăng xuất").click()


def save_download(page, testid: str, name: str):
    with page.expect_download() as download:
        page.get_by_test_id(testid).click()
    path = ARTIFACTS / name
    ARTIFACTS.mkdir(exist_ok=True)
    download.value.save_as(path)
    return path


def test_the_officers_day_from_three_submissions_to_the_leaders_lock(
    page, live_server, officer, leader, drafts, commune, tmp_path
):
    today = timezone.localdate()
    month = f"{today.month:02d}/{today.year}"
    # 1. The officer submits three cases, each after the confirmation.
    login(page, live_server, officer.username)
    for i, case in enumerate(drafts):
        page.goto(f"{live_server.url}/doi-tuong/ho-so/{case.pk}/")
        page.get_by_test_id("case-submit").click()
        confirm(page, "officer_day_01_submit_confirm", f"Nộp hồ sơ SP-75 của {NAMES[i]}") if i == 0 else (
            page.get_by_test_id("confirm-ok").click()
        )
        page.wait_for_selector("[data-testid=case-status]:has-text('Chờ phê duyệt')")
    assert set(Case.objects.values_list("status", flat=True)) == {CaseStatus.SUBMITTED}
    logout(page)

    # 2. The leader approves them in one batch and prints the decision with its list.
    login(page, live_server, leader.username)
    page.get_by_role("link", name="Hồ sơ chờ phê duyệt").click()
    page.wait_for_url("**/quyet-dinh/phe-duyet-theo-dot/")
    page.check("input[aria-label='Chọn tất cả']")
    page.fill("#id_decision_number", "25/QĐ-UBND")
    screenshot(page, "officer_day_02_batch_page")
    page.get_by_test_id("batch-approve").click()
    confirm(page, "officer_day_03_batch_confirm", "Một hồ sơ không đạt thì không hồ sơ nào được phê duyệt")
    page.wait_for_url(re.compile(r".*/doi-tuong/quyet-dinh/\d+/$"))
    decision = Decision.objects.get()
    assert decision.cases.count() == 3 and decision.number == "25/QĐ-UBND"
    screenshot(page, "officer_day_04_decision_page")
    pdf = save_download(page, "decision-pdf", "officer_day_decision.pdf")
    docx = save_download(page, "decision-docx", "officer_day_decision.docx")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "Số: 25/QĐ-UBND" in text and "Căn cứ" in text and "Nơi nhận:" in text
    assert "Kèm theo Quyết định số 25/QĐ-UBND" in text and all(n in text for n in NAMES)
    words = Document(io.BytesIO(docx.read_bytes()))
    cells = "\n".join(c.text for t in words.tables for row in t.rows for c in row.cells)
    assert "Số: 25/QĐ-UBND" in cells and all(n in cells for n in NAMES)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(ARTIFACTS / "officer_day_decision_pdf")], check=True)
        assert len(list(ARTIFACTS.glob("officer_day_decision_pdf*.png"))) >= 2  # the decision and its list
    # The Word version as the office opens it: LibreOffice converts it, every page drawn as PNG.
    word_pdf = office.docx_to_pdf(docx.read_bytes(), tmp_path, "officer_day_decision_docx")
    word_text = " ".join(office.pdf_text(word_pdf).split())
    assert "Số: 25/QĐ-UBND" in word_text and "Kèm theo Quyết định số 25/QĐ-UBND" in word_text
    assert all(n in word_text for n in NAMES) and "Tổng cộng: 3 người." in word_text
    assert "SP-75" not in word_text and "SP-75" not in text  # the list names the category in Vietnamese
    assert len(office.pdf_to_png(word_pdf, "officer_day_decision_docx", first_page_only=False)) >= 2
    logout(page)

    # 3. The officer records a death: the ending waits for the leader's decision.
    login(page, live_server, officer.username)
    dead = drafts[0].person
    page.goto(f"{live_server.url}/doi-tuong/{dead.pk}/bao-tu/")
    page.fill("#id_death_date", f"{min(today.day, 28):02d}/{month}")
    page.fill("#id_organiser_name", "Lục Văn Tâm")
    page.fill("#id_organiser_relationship", "Con trai")
    page.get_by_role("button", name="Ghi nhận").click() if page.get_by_role("button", name="Ghi nhận").count() else (
        page.locator("[data-testid=action-form] button[type=submit]").click()
    )
    page.wait_for_url(f"**/doi-tuong/{dead.pk}/")
    screenshot(page, "officer_day_05_death_recorded")
    ended = dead.cases.get()
    assert (ended.status, ended.end_proposed) == (CaseStatus.TERMINATED, True)
    logout(page)

    # 4. The leader decides the termination and the funeral support.
    login(page, live_server, leader.username)
    page.get_by_role("link", name="Thôi hưởng chờ quyết định").click()
    page.fill("#id_decision_number", "26/QĐ-UBND")
    screenshot(page, "officer_day_06_ends_page")
    page.get_by_test_id("ends-decide").click()
    confirm(page, "officer_day_07_ends_confirm", "kèm hỗ trợ mai táng")
    page.wait_for_url(re.compile(r".*/doi-tuong/quyet-dinh/\d+/$"))
    ending = Decision.objects.get(number="26/QĐ-UBND")
    assert FuneralClaim.objects.get(person=dead).decision == ending
    ended.refresh_from_db()
    assert not ended.end_proposed
    end_pdf = save_download(page, "decision-pdf", "officer_day_termination.pdf")
    end_text = " ".join(" ".join(p.extract_text() for p in PdfReader(end_pdf).pages).split())
    assert "thôi hưởng trợ cấp xã hội và hỗ trợ chi phí mai táng" in end_text and "Lục Văn Tâm" in end_text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "70", "-png", str(end_pdf), str(ARTIFACTS / "officer_day_termination_pdf")],
                       check=True)  # fmt: skip
    logout(page)

    # 5. The officer generates the roll and cannot lock it.
    login(page, live_server, officer.username)
    page.click("text=Chi trả")
    page.fill("form[action$='/chi-tra/lap/'] input[name=month]", month)
    page.click("[data-testid=roll-generate]")
    page.wait_for_selector("#job-progress[data-status=succeeded]")
    page.click("text=Xem danh sách chi trả")
    assert page.locator("[data-testid=roll-lock]").count() == 0
    assert "không được tự khóa" in page.get_by_test_id("roll-lock-refusal").inner_text()
    screenshot(page, "officer_day_08_officer_cannot_lock")
    roll_url = page.url
    # The funeral support, decided with the termination, is on the roll once.
    funeral = PaymentLine.objects.filter(person=dead, scheme="FUNERAL")
    assert funeral.count() == 1 and funeral.get().funeral > 0 and funeral.get().receiver == "Lục Văn Tâm"
    logout(page)

    # 6. The leader locks it after the confirmation.
    login(page, live_server, leader.username)
    page.goto(roll_url)
    page.click("[data-testid=roll-lock]")
    confirm(page, "officer_day_09_lock_confirm", f"Khóa danh sách tháng {month} của {commune.name}: 3 người")
    page.wait_for_selector("[data-testid=roll-status]:has-text('Đã khóa')")
    screenshot(page, "officer_day_10_locked")
    assert FuneralClaim.objects.get(person=dead).paid_month is not None
