"""Communes with locked rolls, and reports moved along the chain, for the reports tests."""

from datetime import date

from benefits.engine import Month
from benefits.payroll import services as payroll
from btxh.models import Role
from reports import services
from tests.benefits.payroll_factories import make_case, make_person
from tests.btxh.factories import UserFactory

JUL = Month(2026, 7)


def people(commune, n: int = 2, *, bank: int = 0, prefix: str = "Người"):
    """``n`` social pensioners of 75+ in ``commune`` (``bank`` of them paid through an account)."""
    made = []
    for i in range(n):
        extra = {"payment_method": "bank", "bank_account": f"99{i:06d}", "bank_name": "Agribank"} if i < bank else {}
        person = make_person(commune, f"{prefix} {commune.code} {i}", birth=date(1945, 1, 1 + i), **extra)
        make_case(person, "SP-75", start="2026-07")
        made.append(person)
    return made


def locked_roll(commune, month: Month = JUL, user=None):
    roll = payroll.payroll_generate(unit=commune, month=month, user=user)
    return payroll.payroll_lock(roll=roll, user=user)


def officer_of(unit, role=None, **kw):
    role = role or {1: Role.PROVINCE_OFFICER, 2: Role.DISTRICT_OFFICER, 3: Role.COMMUNE_OFFICER}[unit.level]
    return UserFactory(unit=unit, role=role, **kw)


def submitted(unit, user, period: str = "2026-07", **kw):
    report = services.report_open(unit=unit, kind="payments", period=period, user=user)
    return services.report_submit(report=report, user=user, **kw)


def accepted(unit, user, reviewer, period: str = "2026-07"):
    return services.report_accept(report=submitted(unit, user, period), user=reviewer)
