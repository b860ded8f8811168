"""Per-roll summaries (one row per roll × scheme × category), computed lazily.

A locked roll's lines never change, so the reports sum these rows instead of the lines: the
first read of a locked roll computes its rows in two aggregate queries; settling the roll
(which marks lines not collected) makes its rows stale (``roll_status`` differs) and the next
read computes them again. Payroll does not know this table exists.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce

from benefits.payroll.models import LineStatus, PaymentLine, PaymentRoll, RollStatus

from .models import RollSummary

LOCKED = (RollStatus.LOCKED, RollStatus.SETTLED)


def _sum(field: str, condition: Q | None = None):
    return Coalesce(Sum(field, filter=condition), Value(0), output_field=IntegerField())


def stale_rolls(rolls):
    """The locked rolls of ``rolls`` (a queryset) without up-to-date summaries."""
    fresh = RollSummary.objects.filter(roll_id=OuterRef("pk"), roll_status=OuterRef("status"))
    return rolls.filter(status__in=LOCKED).filter(~Exists(fresh))


def roll_summaries_ensure(rolls) -> int:
    """Compute the summaries of the locked rolls in ``rolls`` that have none (or stale ones);
    returns how many rolls were computed. Idempotent; safe when two requests race."""
    todo = list(stale_rolls(rolls).values_list("pk", "unit_id", "month", "status"))
    if not todo:
        return 0
    for start in range(0, len(todo), 500):
        _compute(todo[start : start + 500])
    return len(todo)


def _compute(todo: list[tuple]) -> None:
    meta = {pk: (unit_id, month, status) for pk, unit_id, month, status in todo}
    ids = list(meta)
    lines = PaymentLine.objects.filter(roll_id__in=ids)
    bank = Q(payment_method="bank")
    groups = (
        lines.values("roll_id", "scheme", "categories")
        .annotate(
            n=Count("id"),
            people=Count("person_id", distinct=True),
            s_amount=_sum("amount"),
            s_arrears=_sum("arrears"),
            s_recovery=_sum("recovery"),
            s_funeral=_sum("funeral"),
            s_carried=_sum("carried_over"),
            s_total=_sum("total"),
            s_bank=_sum("total", bank),
            bank_people=Count("person_id", distinct=True, filter=bank),
            s_not_collected=_sum("total", Q(status=LineStatus.NOT_COLLECTED)),
        )
        .order_by("roll_id", "scheme", "categories")
    )
    roll_people = dict(
        lines.values("roll_id").annotate(n=Count("person_id", distinct=True)).order_by().values_list("roll_id", "n")
    )
    rows, seen = [], set()
    for g in groups:
        roll_id = g["roll_id"]
        unit_id, month, status = meta[roll_id]
        first = roll_id not in seen
        seen.add(roll_id)
        rows.append(RollSummary(
            roll_id=roll_id, unit_id=unit_id, month=month, roll_status=status, scheme=g["scheme"],
            category=(g["categories"] or g["scheme"])[:64], lines=g["n"], people=g["people"],
            roll_people=roll_people.get(roll_id, 0) if first else 0, amount=g["s_amount"], arrears=g["s_arrears"],
            recovery=g["s_recovery"], funeral=g["s_funeral"], carried_over=g["s_carried"], total=g["s_total"],
            cash=g["s_total"] - g["s_bank"], bank=g["s_bank"], bank_people=g["bank_people"],
            not_collected=g["s_not_collected"],
        ))
    # A locked roll without lines still gets a row: "computed, nothing paid".
    for roll_id in set(ids) - seen:
        unit_id, month, status = meta[roll_id]
        rows.append(RollSummary(roll_id=roll_id, unit_id=unit_id, month=month, roll_status=status, scheme="", category=""))
    try:
        with transaction.atomic():
            RollSummary.objects.filter(roll_id__in=ids).delete()
            RollSummary.objects.bulk_create(rows, batch_size=2000)
    except IntegrityError:  # another request computed them at the same moment: theirs are the same
        pass


def locked_rolls(units_filter: Q, months) -> "PaymentRoll.objects":
    return PaymentRoll.objects.filter(units_filter, month__in=list(months), status__in=LOCKED)
