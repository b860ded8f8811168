"""Insert the seeded rule rows of engine.seed (the single source of the seeded law).

The seed module is imported on purpose: the rows it holds at this migration are
the law as the project started with it, and they must never be changed
retroactively there. Later rules are new rows (manage.py add_base_rate, the
admin, or a later data migration).
"""

from datetime import date

from django.db import migrations


def _day(month):
    return None if month is None else date(month.year, month.month, 1)


def seed_rules(apps, schema_editor):
    from engine import seed

    BaseRate = apps.get_model("benefits", "BaseRate")
    Category = apps.get_model("benefits", "Category")
    CoefficientBand = apps.get_model("benefits", "CoefficientBand")
    FlatAmount = apps.get_model("benefits", "FlatAmount")

    for rate in seed.SEED_BASE_RATES:
        BaseRate.objects.create(
            amount=rate.amount,
            valid_from=_day(rate.valid_from),
            valid_to=_day(rate.valid_to),
            province_code=rate.province_code or "",
            basis=rate.basis,
        )
    categories = {}
    for cat in seed.SEED_CATEGORIES:
        categories[cat.code] = Category.objects.create(
            code=cat.code,
            scheme=cat.scheme,
            label=cat.label,
            clause=cat.clause,
            valid_from=_day(cat.valid_from),
            valid_to=_day(cat.valid_to),
            end_basis=cat.end_basis,
            kind=cat.kind,
            min_age=cat.min_age,
            max_age=cat.max_age,
            poverty=",".join(cat.poverty),
            disability_levels=",".join(cat.disability_levels),
            requires_studying=cat.requires_studying,
            requires_no_pension=cat.requires_no_pension,
            child_under_months=cat.child_under_months,
            child_studying_under_months=cat.child_studying_under_months,
            stacks_with=",".join(cat.stacks_with),
            one_per_person=cat.one_per_person,
        )
    for band in seed.SEED_COEFFICIENT_BANDS:
        CoefficientBand.objects.create(
            category=categories[band.category],
            coefficient=band.coefficient,
            clause=band.clause,
            label=band.label,
            valid_from=_day(band.valid_from),
            valid_to=_day(band.valid_to),
            min_age=band.min_age,
            max_age=band.max_age,
            disability_level=band.disability_level or "",
            min_count=band.min_count,
            per_count=band.per_count,
        )
    for flat in seed.SEED_FLAT_AMOUNTS:
        FlatAmount.objects.create(
            scheme=flat.scheme,
            amount=flat.amount,
            valid_from=_day(flat.valid_from),
            valid_to=_day(flat.valid_to),
            province_code=flat.province_code or "",
            basis=flat.basis,
        )


def unseed_rules(apps, schema_editor):
    for name in ("CoefficientBand", "Category", "BaseRate", "FlatAmount"):
        apps.get_model("benefits", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_initial")]

    operations = [migrations.RunPython(seed_rules, unseed_rules)]
