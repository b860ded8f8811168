"""Payroll objects of commune A, for the every-URL scoping check."""

from datetime import date

from benefits.payroll import services
from benefits.payroll.models import RollDocument
from engine import Month
from tests.beneficiaries.factories import listed_hamlet
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
    _build_emergency(world)


def _build_emergency(world):
    """An event of commune A with a rice and an injury request, decided by A's leader."""
    from btxh.models import Role
    from tests.benefits import emergency_factories as em
    from tests.btxh.factories import UserFactory

    leader = UserFactory(unit=world.commune_a, role=Role.COMMUNE_LEADER, full_name="Lãnhđạo Ađơn")
    for hamlet in ("Bản Khuổi Luông", "Thôn Nà Pồng"):  # the commune's list has the requests' hamlets
        listed_hamlet(world.commune_a, hamlet)
    event = em.make_event(world.officer_a, name="Bão Bímật Ađơn")
    em.rice(world.officer_a, event, "Hộgạo Bímật Ađơn", hamlet="Thôn Bímật Ađơn")
    em.injury(world.officer_a, event, "Bịthương Bímật Ađơn")
    decision = em.decide(world.officer_a, leader, event, number="99/QĐ-Bímật")
    pending = em.rice(world.officer_a, event, "Hộchờ Bímật Ađơn")
    world.ids.update(emergency_event=event.pk, emergency_decision=decision.pk, emergency_request=pending.pk)
    world.markers |= {"Bão Bímật Ađơn", "Hộgạo Bímật Ađơn", "Bịthương Bímật Ađơn", "Hộchờ Bímật Ađơn",
                      "99/QĐ-Bímật", "Lãnhđạo Ađơn"}
    # An event the province declared for A: B's officer may see it (to add B to it), never A's requests.
    province_officer = UserFactory(unit=world.province, role=Role.PROVINCE_OFFICER, full_name="Cánbộ Tỉnh")
    flood = em.make_event(province_officer, name="Lũ lớn toàn tỉnh", communes=[world.commune_a])
    em.house(world.officer_a, flood, "Hộnhà Bímật Ađơn", hamlet="Thôn Bímật Ađơn")
    world.markers |= {"Hộnhà Bímật Ađơn"}


KWARGS = {
    "roll_id": lambda world: world.ids["roll"],
    "line_id": lambda world: world.ids["line"],
    "roll_document_id": lambda world: world.ids["roll_document"],
    "event_id": lambda world: world.ids["emergency_event"],
    "decision_id": lambda world: world.ids["emergency_decision"],
    "request_id": lambda world: world.ids["emergency_request"],
}
