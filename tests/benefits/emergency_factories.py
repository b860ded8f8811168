"""Emergency-aid objects for tests: an event, requests of each kind, a decided decision."""

from datetime import date

from benefits.emergency import services
from tests.beneficiaries.factories import listed_hamlet

OCCURRED = date(2026, 10, 1)
RECEIVED = date(2026, 10, 2)


def make_event(officer, *, name="Bão số 10 (Bualoi)", occurred_on=OCCURRED, unit=None, communes=None):
    """An event recorded by ``officer``: for their commune, or for ``communes`` (a district or
    province officer)."""
    if communes is None:
        communes = [unit or officer.unit]
    return services.event_create(user=officer, communes=communes, kind="storm", name=name,
                                 occurred_on=occurred_on, place="Thôn Nà Pồng, Bản Khuổi Luông")


def _hamlet(officer, kw, name="Thôn Nà Pồng") -> str:
    """The request's hamlet: the one given, as typed; else ``name``, put on the commune's list first
    (the registry adds a new person only in a listed hamlet)."""
    if "hamlet" in kw:
        return kw.pop("hamlet")
    listed_hamlet(kw.get("unit") or officer.unit, name)
    return name


def _person(kw, sex="male"):
    """Who the request names, enough for the registry to add them (a birth year and sex, unless the
    ID number gives them)."""
    if not kw.get("national_id") and not kw.get("person"):
        kw.setdefault("birth_year", 1970)
        kw.setdefault("sex", sex)
    kw.setdefault("confirm_duplicate", True)  # namesakes of other communes: the tests name them on purpose
    return kw


def rice(officer, event, name="Hoàng Văn Đói", *, people=4, months=2, received_on=RECEIVED, **kw):
    return services.request_create(user=officer, event=event, kind="EM-RICE-DISASTER", full_name=name,
                                   people=people, months=months, hamlet=_hamlet(officer, kw),
                                   received_on=received_on, **_person(kw))


def injury(officer, event, name="Lò Văn Thương", *, received_on=RECEIVED, **kw):
    return services.request_create(user=officer, event=event, kind="EM-INJURY", full_name=name, subject_name=name,
                                   hospital_days=kw.pop("hospital_days", 5), hamlet=_hamlet(officer, kw, "Bản Khuổi Luông"),
                                   received_on=received_on, **_person(kw))


def house(officer, event, name="Ma Thị Sập", *, status="poor", received_on=RECEIVED, **kw):
    return services.request_create(user=officer, event=event, kind="EM-HOUSE-REBUILD", full_name=name,
                                   household_status=status, damage="Nhà sập hoàn toàn", hamlet=_hamlet(officer, kw),
                                   received_on=received_on, **_person(kw, "female"))


def decide(officer, leader, event, *, number="45/QĐ-UBND", on=date(2026, 10, 3)):
    decision = services.decision_prepare(user=officer, event=event, unit=officer.unit)
    return services.decision_approve(user=leader, decision=decision, number=number, decided_on=on)
