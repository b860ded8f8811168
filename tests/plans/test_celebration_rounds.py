"""A commune's Tết round: who turns a celebrated age, levels, gifts and totals, drop-outs, up the chain, documents."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from beneficiaries.services import person_death_record
from plans import documents
from plans.models import CelebrationRound, ElderlyPerson, RoundStatus
from plans.selectors import overview, round_listing
from plans.services import (
    PlanError,
    elderly_save,
    entry_add_manual,
    entry_deliver,
    round_accept,
    round_compute,
    round_open,
    round_return,
    round_submit,
)
from tests.beneficiaries.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _add(commune, officer, name, birth, hamlet="Thôn Nà Pồng", sex="female"):
    day, year = (birth, birth.year) if isinstance(birth, date) else (None, birth)
    return elderly_save(user=officer, unit=commune, full_name=name, birth_date=day, birth_year=year, sex=sex,
                        national_id="", hamlet=hamlet)


@pytest.fixture
def register(commune, officer, longevity_rules):
    return {
        "70": _add(commune, officer, "Hoàng Thị Bảy Mươi", 1956),
        "71": _add(commune, officer, "Nông Văn Bảy Mốt", 1955, sex="male"),
        "90": _add(commune, officer, "Ma Thị Chín Mươi", 1936, hamlet="Thôn Khuổi Phầy"),
        "100": _add(commune, officer, "Lý Văn Trăm Tuổi", date(1926, 11, 20), sex="male"),
        "103": _add(commune, officer, "Sầm Thị Trên Trăm", 1923),
    }


def test_a_tet_round_lists_who_turns_a_celebrated_age_with_levels_gifts_and_totals(commune, officer, register):
    # A beneficiary of the registry aged 80 who is not in the Association's list is celebrated too.
    PersonFactory(unit=commune, full_name="Triệu Văn Tám Mươi", birth_date=date(1946, 4, 4), sex="male")
    round_ = round_open(user=officer, unit=commune, occasion="tet", year=2026)
    listing = round_listing(round_)
    assert round_.date == date(2026, 2, 17)
    assert sorted((e.full_name, e.level) for e in listing["entries"]) == [
        ("Hoàng Thị Bảy Mươi", "70"), ("Lý Văn Trăm Tuổi", "100"), ("Ma Thị Chín Mươi", "90"),
        ("Sầm Thị Trên Trăm", "100+"), ("Triệu Văn Tám Mươi", "80"),
    ]
    assert list(listing["by_hamlet"]) == ["Thôn Khuổi Phầy", "Thôn Nà Pồng"]
    assert [e.full_name for e in listing["president"]] == ["Lý Văn Trăm Tuổi"]
    assert [e.full_name for e in listing["chairman"]] == ["Ma Thị Chín Mươi"]
    # Tuyên Quang (08, 2025 regime) has no table: only the national minimums are counted.
    g = listing["grand"]
    assert (g.count, g.cash, g.in_kind, g.national, g.province) == (5, 1_200_000, 150_000, 1_350_000, 0)
    assert listing["unrecorded"] == 5


def test_people_who_die_or_move_after_the_list_is_made_drop_out_with_the_reason(commune, officer, register):
    person = PersonFactory(unit=commune, full_name="Triệu Văn Tám Mươi", birth_date=date(1946, 4, 4), sex="male")
    round_ = round_open(user=officer, unit=commune, occasion="tet", year=2026)
    assert round_listing(round_)["grand"].count == 5
    elderly_save(user=officer, elderly=register["90"], death_date=date(2026, 1, 10))
    elderly_save(user=officer, elderly=register["70"], moved_out_date=date(2026, 1, 5), moved_to="Xã Phú Linh")
    person_death_record(person=person, death_date=date(2026, 2, 1), user=officer)
    assert round_compute(round_=round_, user=officer) == {"added": 0, "kept": 2, "dropped": 3}
    listing = round_listing(round_)
    assert {e.full_name for e in listing["entries"]} == {"Lý Văn Trăm Tuổi", "Sầm Thị Trên Trăm"}
    reasons = {e.full_name: e.dropped_reason for e in listing["dropped"]}
    assert reasons["Ma Thị Chín Mươi"].startswith("Đã chết ngày 10/01/2026")
    assert reasons["Hoàng Thị Bảy Mươi"].startswith("Đã chuyển đi đến Xã Phú Linh ngày 05/01/2026")
    assert reasons["Triệu Văn Tám Mươi"].startswith("Đã chết ngày 01/02/2026")


def test_a_death_after_the_date_keeps_the_person_on_the_list(commune, officer, register):
    elderly_save(user=officer, elderly=register["90"], death_date=date(2026, 3, 1))
    round_ = round_open(user=officer, unit=commune, occasion="tet", year=2026)
    assert "Ma Thị Chín Mươi" in {e.full_name for e in round_listing(round_)["entries"]}


def test_a_person_added_by_hand_keeps_the_reason_and_survives_a_recompute(commune, officer, register):
    round_ = round_open(user=officer, unit=commune, occasion="tet", year=2026)
    entry = entry_add_manual(round_=round_, user=officer, full_name="Vàng Thị Dợ", birth_year=1946, hamlet="Bản Mới",
                             level="80", reason="Chưa có trong danh sách của Hội", sex="female")
    round_compute(round_=round_, user=officer)
    entry.refresh_from_db()
    assert (entry.level, entry.dropped_out, entry.manual_reason) == ("80", False, "Chưa có trong danh sách của Hội")
    entry_deliver(entry=entry, user=officer, delivered_on=date(2026, 2, 10), received_by="", signature_returned=True)
    entry.refresh_from_db()
    assert (entry.received_by, entry.signature_returned) == ("Vàng Thị Dợ", True)


def test_the_commune_submits_and_the_province_returns_then_accepts(commune, officer, province_officer, register):
    round_ = round_open(user=officer, unit=commune, occasion="tet", year=2026)
    round_submit(round_=round_, user=officer)
    with pytest.raises(PlanError):
        round_compute(round_=CelebrationRound.objects.get(pk=round_.pk), user=officer)
    round_return(round_=round_, user=province_officer, reason="Thiếu người 95 tuổi")
    round_ = CelebrationRound.objects.get(pk=round_.pk)
    assert (round_.status, round_.return_reason) == (RoundStatus.RETURNED, "Thiếu người 95 tuổi")
    round_submit(round_=round_, user=officer)
    round_ = round_accept(round_=round_, user=province_officer)
    assert round_.status == RoundStatus.ACCEPTED
    data = overview(user=province_officer, occasion="tet", year=2026)
    line = next(line for line in data["lines"] if line["unit"] == commune)
    assert line["total"] == 4 and data["total"] == 4
    assert [e.full_name for e in data["president"]] == ["Lý Văn Trăm Tuổi"]


def test_the_commune_officer_may_not_accept_its_own_list(commune, officer, register):
    from beneficiaries.errors import NotAllowed

    round_ = round_submit(round_=round_open(user=officer, unit=commune, occasion="tet", year=2026), user=officer)
    with pytest.raises(NotAllowed):
        round_accept(round_=round_, user=officer)


def test_the_list_and_certificates_render_with_the_national_motto_and_the_totals(commune, officer, register):
    from pypdf import PdfReader

    round_ = round_open(user=officer, unit=commune, occasion="tet", year=2026)
    pdf = documents.round_list_pdf(round_=round_, prepared_by="Hoàng Thị Lan")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Lý Văn Trăm Tuổi" in text
    assert "1.350.000" in text and "Một triệu ba trăm năm mươi nghìn đồng" in text
    certificates = PdfReader(io.BytesIO(documents.certificates_pdf(round_=round_)))
    assert len(certificates.pages) == 4
    sheet = load_workbook(io.BytesIO(documents.round_list_xlsx(round_=round_, prepared_by="Lan"))).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Ma Thị Chín Mươi" in values and 1_350_000 in values
    assert ElderlyPerson.objects.count() == 5
