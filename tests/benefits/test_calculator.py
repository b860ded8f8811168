"""The calculator page ("Tính thử mức hưởng") through the Django test client."""

import json
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

CASES = json.loads((Path(__file__).resolve().parent / "data" / "benefit-cases.json").read_text("utf-8"))["cases"]
URL = reverse("benefits:calculator")


def form_data(case: dict) -> dict:
    """The calculator's fields for a case of the facts format."""
    person = case["person"]
    children = person.get("children") or []
    data = {
        "month": case["month"],
        "province_code": case.get("province_code") or "",
        "birth_date": person.get("birth_date") or "",
        "birth_year": person.get("birth_year") or "",
        "death_date": person.get("death_date") or "",
        "household_poverty": person.get("household_poverty") or "none",
        "disability_level": person.get("disability_level") or "",
        "categories": [e["category"] for e in case["entitlements"]],
        "start_month": min(e["start_month"] for e in case["entitlements"]),
        "children-TOTAL_FORMS": str(max(4, len(children))),
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "12",
    }
    for flag in ("has_pension", "studying", "pregnant"):
        if person.get(flag):
            data[flag] = "on"
    for i, child in enumerate(children):
        data[f"children-{i}-birth_date"] = child["birth_date"]
        if child.get("studying"):
            data[f"children-{i}-studying"] = "on"
    return data


def money(amount: int) -> str:
    return f"{amount:,} đ".replace(",", ".")


@pytest.mark.django_db
def test_the_calculator_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_the_calculator_offers_every_category_and_this_month(officer_client):
    response = officer_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tính thử mức hưởng" in page
    for code in ("K1", "K4", "K6", "CS-FOSTER", "SP-75", "SP-70-POOR"):
        assert f'value="{code}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_the_worked_case_gives_its_expected_total_on_the_calculator(officer_client, case):
    response = officer_client.post(URL, form_data(case))
    assert response.status_code == 200
    result = response.context["result"]
    assert result is not None, response.context["form"].errors
    assert result.total == case["expected_total"]
    page = response.content.decode()
    assert f'data-testid="calculator-total">{money(case["expected_total"])}<' in page
    assert result.lines, "every worked case pays at least one line"
    for line in result.lines:
        # The page names the legal basis of each line: the social pension's law, else Decree 20/2021.
        law = "Luật Bảo hiểm xã hội" if line.scheme == "SOCIAL_PENSION" else "Nghị định 20/2021/NĐ-CP"
        assert line.basis.startswith(law), line.basis
        assert f'title="{escape(line.basis)}"' in page


@pytest.mark.django_db
def test_the_calculator_applies_the_ha_noi_base_rate(officer_client):
    case = dict(CASES[1], month="2026-01", province_code="01")  # severe disability, adult: 1.5
    response = officer_client.post(URL, form_data(case))
    assert response.context["result"].total == 975_000


@pytest.mark.django_db
def test_the_calculator_shows_a_missing_fact_as_an_error(officer_client):
    case = dict(CASES[3], person={"household_poverty": "none"})  # K1 without a birth date
    response = officer_client.post(URL, form_data(case))
    assert response.context["result"] is None
    assert "ngày sinh" in response.content.decode()


@pytest.mark.django_db
def test_the_calculator_computes_care_support_for_the_cared_person(officer_client):
    data = form_data(
        {
            "month": "2024-08",
            "person": {"birth_date": "1980-01-01"},
            "entitlements": [{"category": "CS-FOSTER", "start_month": "2023-01"}],
        }
    )
    data["cared_birth_date"] = "2022-05-05"
    response = officer_client.post(URL, data)
    assert response.context["result"].total == 1_250_000


def test_a_draft_case_shows_what_it_would_pay_before_it_is_submitted(officer_client, commune):
    from datetime import date

    from tests.benefits.payroll_factories import make_case, make_person

    person = make_person(commune, "Hoàng Văn Páo", birth=date(1980, 2, 3), sex="male")
    case = make_case(person, "K6", start="2026-01", status="draft", disability_level="severe")
    case.start_month = None
    case.save()
    page = officer_client.get(f"/doi-tuong/ho-so/{case.pk}/").content.decode()
    assert f'hx-get="/che-do/tinh-thu/ho-so/{case.pk}/"' in page
    preview = officer_client.get(f"/che-do/tinh-thu/ho-so/{case.pk}/").content.decode()
    assert "750.000 đ" in preview and "nếu được phê duyệt trong tháng này" in preview
    assert "Nghị định 20/2021" in preview
