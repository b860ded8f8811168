"""The elderly register takes its hamlets from the commune's list once it has one, and follows a rename."""

from datetime import date

import pytest
from django import forms

from beneficiaries.services.hamlets import hamlet_update
from plans.forms import ElderlyForm, ManualEntryForm
from plans.models import ElderlyPerson
from plans.services import PlanError, elderly_import, elderly_save
from tests.beneficiaries.factories import listed_hamlet
from tests.plans.xlsx import workbook

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)


def test_the_forms_offer_the_communes_list_once_it_has_one(commune, other_commune):
    assert isinstance(ElderlyForm(commune=commune).fields["hamlet"], forms.CharField)  # no list yet: typed
    listed_hamlet(commune, "Thôn Nà Pồng")
    listed_hamlet(other_commune, "Thôn Xã Bên")
    for form in (ElderlyForm(commune=commune), ManualEntryForm(commune=commune)):
        assert [value for value, _ in form.fields["hamlet"].choices] == ["", "Thôn Nà Pồng"]


def test_a_hamlet_not_on_the_list_is_refused_and_a_spelling_of_one_takes_its_name(commune, officer):
    listed_hamlet(commune, "Thôn Nà Pồng")
    fields = {"full_name": "Lục Thị Thọ", "birth_date": date(1940, 3, 1), "birth_year": 1940, "sex": "female"}
    with pytest.raises(PlanError) as exc:
        elderly_save(user=officer, unit=commune, hamlet="Thôn Lạ", **fields)
    assert exc.value.message_dict["hamlet"] == ['Thôn/tổ dân phố "Thôn Lạ" chưa có trong danh sách của xã.']
    assert elderly_save(user=officer, unit=commune, hamlet="thôn nà pồng", **fields).hamlet == "Thôn Nà Pồng"


def test_the_import_marks_a_hamlet_not_on_the_list_at_its_cell(commune, officer):
    listed_hamlet(commune, "Thôn Nà Pồng")
    rows = [["Nông Văn Páo", 1936, "Nam", "", "THÔN NÀ PỒNG"], ["Ma Thị Dở", "20/11/1926", "Nữ", "", "Thôn Khuổi Phầy"]]
    result = elderly_import(data=workbook(rows), unit=commune, user=officer, today=TODAY)
    assert [e.message for e in result.plan.errors] == [
        'Thôn/tổ dân phố "Thôn Khuổi Phầy" chưa có trong danh sách của xã.'
    ]
    result = elderly_import(data=workbook(rows[:1]), unit=commune, user=officer, today=TODAY)
    assert result.ok and ElderlyPerson.objects.get().hamlet == "Thôn Nà Pồng"


def test_a_rename_of_the_list_is_followed_by_the_register(commune, officer):
    hamlet = listed_hamlet(commune, "Thôn Nà Pong")
    fields = {"full_name": "Lục Thị Thọ", "birth_date": date(1940, 3, 1), "birth_year": 1940, "sex": "female"}
    elderly = elderly_save(user=officer, unit=commune, hamlet="Thôn Nà Pong", **fields)
    hamlet_update(hamlet=hamlet, user=officer, name="Thôn Nà Pồng")
    elderly.refresh_from_db()
    assert elderly.hamlet == "Thôn Nà Pồng"
