"""A roll counts the people it pays (a person paid under two schemes has two lines): the new
column, filled for the rolls already made from their lines (one UPDATE, on SQLite and PostgreSQL)."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def fill_people_count(apps, schema_editor):
    PaymentRoll = apps.get_model("benefits", "PaymentRoll")
    PaymentLine = apps.get_model("benefits", "PaymentLine")
    people = (
        PaymentLine.objects.filter(roll=OuterRef("pk"))
        .order_by()
        .values("roll")
        .annotate(n=Count("person_id", distinct=True))
        .values("n")
    )
    # A plain UPDATE: the rolls' history rows are left as they were (they record past saves).
    PaymentRoll.objects.update(people_count=Coalesce(Subquery(people), Value(0)))


class Migration(migrations.Migration):
    dependencies = [
        ("benefits", "0017_ledger_locked_months_and_fewer_checks"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpaymentroll",
            name="people_count",
            field=models.PositiveIntegerField(default=0, verbose_name="số người"),
        ),
        migrations.AddField(
            model_name="paymentroll",
            name="people_count",
            field=models.PositiveIntegerField(default=0, verbose_name="số người"),
        ),
        migrations.RunPython(fill_people_count, migrations.RunPython.noop),
    ]
