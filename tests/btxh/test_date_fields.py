"""A day that is not in the calendar says so (issue 10 item 7): "31/02/1950" does not exist."""

import pytest
from django import forms

from beneficiaries.forms import BirthField
from btxh.forms import date_field, date_not_existing


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/1950", "Ngày 31/02/1950 không tồn tại: tháng 02/1950 có 28 ngày."),
        ("29/02/2023", "Ngày 29/02/2023 không tồn tại: tháng 02/2023 có 28 ngày."),
        ("31/04/2026", "Ngày 31/04/2026 không tồn tại: tháng 04/2026 có 30 ngày."),
        ("12/13/2026", "Ngày 12/13/2026 không tồn tại: không có tháng 13."),
    ],
)
def test_a_day_not_in_the_calendar_is_named(text, message):
    assert date_not_existing(text) == message
    with pytest.raises(forms.ValidationError) as error:
        date_field("Ngày").clean(text)
    assert error.value.messages == [message]
    with pytest.raises(forms.ValidationError) as error:
        BirthField().clean(text)
    assert error.value.messages == [message]


def test_a_real_day_and_garbage_keep_their_usual_answers():
    assert date_not_existing("29/02/2024") == ""
    assert str(date_field("Ngày").clean("29/02/2024")) == "2024-02-29"
    with pytest.raises(forms.ValidationError, match="Ngày không hợp lệ"):
        date_field("Ngày").clean("hôm qua")


def test_a_bad_id_and_a_future_birth_date_are_two_messages_at_once(officer, commune):
    from beneficiaries.forms import PersonForm

    form = PersonForm(
        data={"full_name": "Hoàng Văn Páo", "birth_date": "03/02/2999", "sex": "male", "national_id": "12345",
              "hamlet": "Thôn Nà Pồng", "payment_method": "cash", "ethnicity": "Tày"},
        user=officer, unit=commune,
    )
    assert not form.is_valid()
    assert form.errors["birth_date"] == ["Ngày sinh không được ở tương lai."]
    assert form.errors["national_id"]
