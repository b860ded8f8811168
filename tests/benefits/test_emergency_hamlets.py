"""Emergency-aid requests take their hamlet from the commune's list once it has one."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from benefits.emergency import services
from benefits.emergency.forms import RequestForm
from tests.beneficiaries.factories import listed_hamlet
from tests.benefits.emergency_factories import make_event, rice
from tests.benefits.test_emergency_import import ROWS, TODAY, workbook

pytestmark = pytest.mark.django_db


def test_a_commune_without_a_list_starts_it_with_the_typed_hamlet(officer):
    """Before the commune has a hamlet list the form takes a typed name; the household added to the
    registry for the request then starts the list with it, as a first import does."""
    assert isinstance(RequestForm(commune=officer.unit).fields["hamlet"], forms.CharField)  # typed: no list yet
    request = rice(officer, make_event(officer), hamlet="  Thôn   Mới Lập ")
    assert request.hamlet == "Thôn Mới Lập"
    assert request.person.hamlet_ref.name == "Thôn Mới Lập"
    assert [value for value, _ in RequestForm(commune=officer.unit).fields["hamlet"].choices] == ["", "Thôn Mới Lập"]


def test_a_request_takes_the_lists_spelling_and_refuses_a_hamlet_not_on_it(officer, commune, other_commune):
    listed_hamlet(commune, "Thôn Nà Pồng")
    listed_hamlet(other_commune, "Thôn Xã Bên")
    event = make_event(officer)
    assert rice(officer, event, hamlet="thôn nà  pồng").hamlet == "Thôn Nà Pồng"
    with pytest.raises(ValidationError) as exc:
        rice(officer, event, "Hộ Khác", hamlet="Thôn Xã Bên")
    assert exc.value.message_dict["hamlet"] == ['Thôn/tổ dân phố "Thôn Xã Bên" chưa có trong danh sách của xã.']
    form = RequestForm(commune=commune)
    assert [value for value, _ in form.fields["hamlet"].choices] == ["", "Thôn Nà Pồng"]


def test_the_import_marks_a_hamlet_not_on_the_list_at_its_cell(officer, commune):
    listed_hamlet(commune, "Thôn Nà Pồng")
    listed_hamlet(commune, "Bản Khuổi Luông")
    rows = [ROWS[0], {**ROWS[1], "Thôn/Tổ dân phố": "Bản Khuổi Luông Dưới"}]
    result = services.requests_import(data=workbook(rows), event=make_event(officer), user=officer, today=TODAY)
    assert [str(e) for e in result.plan.errors] == [
        'Dòng 5, cột "Thôn/Tổ dân phố": Thôn/tổ dân phố "Bản Khuổi Luông Dưới" chưa có trong danh sách của xã.'
    ]
