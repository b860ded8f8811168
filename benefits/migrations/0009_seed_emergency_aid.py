"""Insert the national emergency-aid levels of engine.emergency.SEED_EMERGENCY_RULES
(Decree 20/2021/NĐ-CP art. 12–15, from 07/2021; docs/emergency-aid.md §2). Later levels and a
province's higher levels are new rows (benefits.services.emergency_level_add)."""

from datetime import date

from django.db import migrations


def _day(month):
    return None if month is None else date(month.year, month.month, 1)


def seed_emergency(apps, schema_editor):
    from engine.emergency import SEED_EMERGENCY_RULES

    Level = apps.get_model("benefits", "EmergencyAidLevel")
    for row in SEED_EMERGENCY_RULES:
        if Level.objects.filter(code=row.code, province_code="").exists():
            continue
        Level.objects.create(
            code=row.code,
            label=row.label,
            measure=row.measure,
            value=row.value,
            max_months=row.max_months,
            poverty=",".join(row.poverty),
            min_hospital_days=row.min_hospital_days,
            valid_from=_day(row.valid_from),
            valid_to=_day(row.valid_to),
            province_code=row.province_code or "",
            clause=row.clause,
        )


def unseed_emergency(apps, schema_editor):
    apps.get_model("benefits", "EmergencyAidLevel").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("benefits", "0008_emergency_aid")]

    operations = [migrations.RunPython(seed_emergency, unseed_emergency)]
