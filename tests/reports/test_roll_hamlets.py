"""A roll's hamlet subtotals follow the commune's hamlet list, not the typing of each record."""

import importlib
from datetime import date

import pytest
from django.apps import apps

from beneficiaries.models import Hamlet, Person
from beneficiaries.services.hamlets import hamlet_update
from benefits.payroll import services
from benefits.payroll.forms import current_month
from reports.roll_documents import roll_view
from reports.services import roll_doc_build
from tests.benefits.payroll_factories import make_case, make_person

pytestmark = pytest.mark.django_db


def groups(roll) -> list[tuple[str, int]]:
    return [(g.label, len(g.lines)) for g in roll_view(roll_doc_build(roll, prepared_by="Hoàng Thị Lan")).groups]


def test_spellings_merged_by_the_migration_make_one_subtotal_and_a_rename_shows_from_the_next_roll(commune, officer):
    for i, typed in enumerate(["Thôn Nà Pồng", "thôn  nà pồng", "THÔN NÀ PỒNG", "Bản Khuổi Luông"]):
        person = make_person(commune, f"Lục Thị Thọ {i}", birth=date(1940, 3, 1), hamlet=typed)
        make_case(person, "SP-75", start="2025-07")
    Person.objects.update(hamlet_ref=None)  # records from before the list: text only
    Hamlet.objects.all().delete()
    importlib.import_module("beneficiaries.migrations.0009_hamlets_from_registry_text").hamlets_from_records(apps, None)
    roll = services.payroll_generate(unit=commune, month=current_month())
    assert groups(roll) == [("Bản Khuổi Luông", 1), ("Thôn Nà Pồng", 3)]

    hamlet_update(
        hamlet=Person.objects.get(full_name="Lục Thị Thọ 3").hamlet_ref, user=officer, name="Bản Khuổi Luông Trên"
    )
    assert groups(roll) == [("Bản Khuổi Luông", 1), ("Thôn Nà Pồng", 3)]  # the lines keep the name they were made with
    roll = services.payroll_generate(unit=commune, month=current_month())  # the draft made again
    assert groups(roll) == [("Bản Khuổi Luông Trên", 1), ("Thôn Nà Pồng", 3)]
