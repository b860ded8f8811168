"""Payroll objects of commune A, for the every-URL scoping check."""

from datetime import date

from benefits.engine import Month
from benefits.payroll import services
from benefits.payroll.models import RollDocument
from tests.benefits.payroll_factories import make_case, make_person

MONTH = Month(2026, 7)


def build(world):
    person = make_person(world.commune_a, "Chitrả Bímật Ađơn", birth=date(1950, 1, 1), hamlet="Thôn Bímật Ađơn")
    make_case(person, "SP-75", start="2026-07")
    roll = services.payroll_generate(unit=world.commune_a, month=MONTH, user=world.officer_a)
    document = RollDocument(roll=roll, kind="xlsx")
    from django.core.files.base import ContentFile

    document.file.save("danh-sach.csv", ContentFile("Chitrả Bímật Ađơn;500000".encode()), save=True)
    world.ids.update(roll=roll.pk, line=roll.lines.get().pk, roll_document=document.pk)
    world.markers |= {"Chitrả Bímật Ađơn", "Thôn Bímật Ađơn"}


KWARGS = {
    "roll_id": lambda world: world.ids["roll"],
    "line_id": lambda world: world.ids["line"],
    "roll_document_id": lambda world: world.ids["roll_document"],
}
