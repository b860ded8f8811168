"""Importing a commune's existing list: all or nothing, audited bulk writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from btxh.models import Unit, User
from btxh.selectors import approving_unit

from ..identity import name_normalize
from ..importing import ImportPlan, import_read, import_report
from ..models import (
    Case,
    CaseEvent,
    CaseSource,
    CaseStatus,
    Hamlet,
    Household,
    HouseholdPoverty,
    Person,
    Poverty,
    Relationship,
)
from .hamlets import hamlets_create_first

BATCH = 1000


@dataclass
class ImportResult:
    """What an import of a spreadsheet did (every import: the registry's, the poverty review's, the
    elderly register's, an emergency's requests). ``report()`` is the uploaded file with its errors
    marked, written by ``reporter`` (the registry's ``import_report`` unless the import has its own)."""

    plan: ImportPlan  # or any plan with ``errors`` that ``reporter`` can mark
    summary: dict
    data: bytes
    reporter: Callable[[bytes, object], bytes] = import_report

    @property
    def ok(self) -> bool:
        return not self.plan.errors

    def report(self) -> bytes:
        return self.reporter(self.data, self.plan)


def beneficiaries_import(
    *, data: bytes, unit: Unit, user: User | None, dry_run: bool = False, progress=None, today: date | None = None
) -> ImportResult:
    """Import a commune list (docs/import-format.md): each clean row becomes a person
    (or reuses the one with the same national ID, or same name, birth and commune) with an
    approved, active case. If any row has an error nothing is written. Rows whose person
    already has an open case of the category are skipped, so a second run adds nothing.
    ``paid_until_month`` ("Đã chi trả đến tháng") defaults to the month before the import."""
    today = today or timezone.localdate()
    plan = import_read(data, unit=unit, today=today, progress=progress)
    if plan.errors:
        return ImportResult(plan, plan.summary(people_created=0, cases_created=0), data)
    if dry_run:  # what a real run would create
        people, cases = _counts(plan)
        return ImportResult(plan, plan.summary(people_created=people, cases_created=cases), data)
    if progress:
        progress.set_done(0, "Đang ghi vào cơ sở dữ liệu")
    people, cases = _write(plan, user=user, today=today)
    return ImportResult(plan, plan.summary(people_created=people, cases_created=cases), data)


def _counts(plan: ImportPlan) -> tuple[int, int]:
    new_people = {r.person_key for r in plan.rows if r.person_key and not r.existing_person_id}
    cases = sum(1 for r in plan.rows if not r.skip)
    return len(new_people), cases


def _status_year(values: dict) -> int:
    day = values.get("decision_date") or values.get("start_month")
    return day.year


@transaction.atomic
def _write(plan: ImportPlan, *, user: User | None, today: date) -> tuple[int, int]:
    rows = [r for r in plan.rows if not r.skip]
    # A commune's first import gives it its hamlet list; rows then point at the list's hamlets.
    units = {u.pk: u for u in plan.communes.values()}
    for unit_id, names in plan.new_hamlets.items():
        hamlets_create_first(commune=units[unit_id], names=names, user=user)
    hamlets = {
        (h.commune_id, h.name_key): h
        for h in Hamlet.objects.filter(commune_id__in={r.values["unit"].pk for r in rows})
    }

    def hamlet_of(values: dict) -> Hamlet:
        return hamlets[(values["unit"].pk, values["hamlet_key"])]

    # People to create, one per person key; the first row with a poverty status gives the household's.
    new_rows: dict[tuple, list] = {}
    for row in rows:
        if not row.existing_person_id:
            new_rows.setdefault(row.person_key, []).append(row)

    households: dict[tuple, Household] = {}
    statuses: dict[tuple, tuple[str, int]] = {}
    for key, person_rows in new_rows.items():
        stated = [r for r in person_rows if r.values.get("poverty") not in (None, "", Poverty.NONE)]
        if stated:
            first = person_rows[0].values
            households[key] = Household(unit=first["unit"], hamlet=first["hamlet"], hamlet_ref=hamlet_of(first))
            statuses[key] = (stated[0].values["poverty"], min(_status_year(r.values) for r in stated))
    if households:
        bulk_create_with_history(list(households.values()), Household, batch_size=BATCH, default_user=user)
        # The status stated on the list was the condition of the decision: it holds from the year of
        # the decision (or of the start month) through this year. Later years come from the annual review.
        bulk_create_with_history(
            [
                HouseholdPoverty(household=households[k], year=year, status=status)
                for k, (status, since) in statuses.items()
                for year in range(min(since, today.year), today.year + 1)
            ],
            HouseholdPoverty,
            batch_size=BATCH,
            default_user=user,
        )

    people: dict[tuple, Person] = {}
    for key, person_rows in new_rows.items():
        v = person_rows[0].values
        household = households.get(key)
        people[key] = Person(
            full_name=v["full_name"],
            name_normalized=name_normalize(v["full_name"]),
            birth_date=v.get("birth_date"),
            birth_year=v["birth_year"],
            sex=v["sex"],
            national_id=v.get("national_id"),
            ethnicity=v["ethnicity"],
            unit=v["unit"],
            hamlet=v["hamlet"],
            hamlet_ref=hamlet_of(v),
            household=household,
            relationship_to_head=Relationship.HEAD if household else "",
            payment_method=v["payment_method"],
            bank_account=v["bank_account"],
            bank_name=v["bank_name"],
            created_by=user,
        )
    if people:
        bulk_create_with_history(list(people.values()), Person, batch_size=BATCH, default_user=user)

    approvers: dict[int, Unit] = {}
    now = timezone.now()
    cases = []
    for row in rows:
        v = row.values
        person_id = row.existing_person_id or people[row.person_key].pk
        commune = v["unit"]
        if commune.pk not in approvers:
            approvers[commune.pk] = approving_unit(commune)
        cases.append(
            Case(
                person_id=person_id,
                unit=commune,
                category=v["category"],
                status=CaseStatus.ACTIVE,
                source=CaseSource.IMPORTED,
                disability_level=v["disability_level"],
                approving_unit=approvers[commune.pk],
                decision_number=v["decision_number"],
                decision_date=v["decision_date"],
                approved_at=now,
                start_month=v["start_month"],
                paid_until_month=v["paid_until_month"],
                created_by=user,
            )
        )
    if cases:
        bulk_create_with_history(cases, Case, batch_size=BATCH, default_user=user)
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    case=c,
                    kind=CaseEvent.Kind.IMPORTED,
                    by=user,
                    month=c.start_month,
                    note=f"Quyết định số {c.decision_number} ngày {c.decision_date:%d/%m/%Y}",
                )
                for c in cases
            ],
            batch_size=BATCH,
        )
    return len(people), len(cases)
