"""Insert the social pension's funeral support row (engine.seed.SEED_FUNERAL_AMOUNTS):
Law 41/2024/QH15 art. 22(3), Decree 176/2025/NĐ-CP, from 07/2025, marked as taken from
secondary sources. A later change is a new row (manage.py add_social_pension --funeral)."""

from datetime import date

from django.db import migrations


def _day(month):
    return None if month is None else date(month.year, month.month, 1)


def seed_funeral(apps, schema_editor):
    from engine import seed

    FlatAmount = apps.get_model("benefits", "FlatAmount")
    for row in seed.SEED_FUNERAL_AMOUNTS:
        if FlatAmount.objects.filter(scheme=row.scheme, purpose=row.purpose).exists():
            continue
        FlatAmount.objects.create(
            scheme=row.scheme,
            purpose=row.purpose,
            amount=row.amount,
            valid_from=_day(row.valid_from),
            valid_to=_day(row.valid_to),
            province_code=row.province_code or "",
            basis=row.basis,
            secondary_source=row.secondary_source,
        )


def unseed_funeral(apps, schema_editor):
    apps.get_model("benefits", "FlatAmount").objects.filter(purpose="funeral").delete()


class Migration(migrations.Migration):
    dependencies = [("benefits", "0006_flat_amount_purpose")]

    operations = [migrations.RunPython(seed_funeral, unseed_funeral)]
