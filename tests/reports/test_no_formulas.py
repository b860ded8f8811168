"""Excel formula injection: every cell written from user data is text, in every workbook the project makes."""

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from beneficiaries.exports import people_export
from beneficiaries.services import beneficiaries_import
from benefits.payroll import services
from benefits.payroll.models import RollDocument
from engine import Month
from reports.services import roll_documents_render, unit_list_document
from tests.beneficiaries.xlsx import HEADER, row
from tests.benefits.payroll_factories import make_case, make_person

NAME = '=HYPERLINK("http://x","y")'
HAMLET = "=1+1"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def formula_cells(data: bytes) -> list[str]:
    """Every formula in the workbook that is not one of the project's own SUM totals."""
    found = []
    for ws in load_workbook(io.BytesIO(data)).worksheets:
        for cells in ws.iter_rows():
            for cell in cells:
                if cell.data_type == "f" and not str(cell.value).upper().startswith("=SUM("):
                    found.append(f"{ws.title}!{cell.coordinate}: {cell.value}")
    return found


def texts(data: bytes) -> set:
    return {c for ws in load_workbook(io.BytesIO(data)).worksheets for r in ws.iter_rows(values_only=True) for c in r}


@pytest.fixture
def attacker(commune):
    person = make_person(
        commune, NAME, birth=date(1948, 3, 1), hamlet=HAMLET, payment_method="bank",
        bank_account="0123456789", bank_name="=2*3",
    )
    make_case(person, "SP-75", start="2026-07")
    return person


def test_the_people_export_writes_a_formula_like_name_and_hamlet_as_text(officer, attacker):
    _, data, rows = people_export(user=officer, filters={})
    assert rows == 1
    assert formula_cells(data) == []
    assert {NAME, HAMLET, "=2*3"} <= texts(data)


def test_the_roll_excel_and_the_bank_file_keep_only_their_own_sum_formulas(commune, attacker):
    roll = services.payroll_generate(unit=commune, month=Month(2026, 7))
    roll_documents_render(roll=roll, prepared_by="=cmd|' /C calc'!A0")
    for kind in ("xlsx", "bank_transfer"):
        with RollDocument.objects.get(roll=roll, kind=kind).file.open("rb") as f:
            data = f.read()
        assert formula_cells(data) == [], kind
        assert NAME in texts(data), kind
        sums = [c for ws in load_workbook(io.BytesIO(data)).worksheets for r in ws.iter_rows() for c in r
                if c.data_type == "f"]  # fmt: skip
        assert sums, f"{kind} keeps its SUM totals as formulas"


def test_the_unit_list_workbook_writes_names_as_text(commune):
    commune.name = "=1+1"
    commune.save()
    _, data = unit_list_document(unit=None, units=[commune], prepared_by="x", fmt="xlsx")
    assert formula_cells(data) == []
    assert "=1+1" in texts(data)


def test_the_import_error_report_writes_the_uploaded_texts_as_text(commune):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    values = row(1, **{"Họ và tên": NAME, "Thôn/Tổ dân phố": HAMLET, "Giới tính": "?"})
    sheet.append([values.get(h) for h in HEADER])
    for cell in sheet[2]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # typed as text in Excel (a leading apostrophe)
    out = io.BytesIO()
    book.save(out)
    result = beneficiaries_import(data=out.getvalue(), unit=commune, user=None, today=date(2026, 11, 20))
    assert not result.ok
    report = result.report()
    assert formula_cells(report) == []
    assert {NAME, HAMLET} <= texts(report)
