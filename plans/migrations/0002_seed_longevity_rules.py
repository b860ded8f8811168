"""Insert the seeded longevity gift levels (engine.longevity.SEED_GIFTS): the national
minimums of TT 96/2018/TT-BTC art. 3(2)(a) for 90 and 100, and the provincial tables of Vĩnh Phúc
(NQ 92/2019) and Quảng Trị (resolution of 23/7/2020), marked as taken from secondary sources
(docs/longevity.md §4). Later resolutions are new rows, never edits."""

from django.db import migrations


def seed_longevity(apps, schema_editor):
    from engine import longevity

    GiftLevel = apps.get_model("plans", "LongevityGiftLevel")
    if GiftLevel.objects.exists():
        return
    GiftLevel.objects.bulk_create(
        [
            GiftLevel(
                level=row.level,
                giver=row.giver,
                cash=row.cash,
                in_kind=row.in_kind,
                items=row.items,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                regime=row.regime,
                province_code=row.province_code or "",
                combine=row.combine,
                basis=row.basis,
                secondary_source=row.secondary_source,
            )
            for row in longevity.SEED_GIFTS
        ]
    )
    AgeRule = apps.get_model("plans", "LongevityAgeRule")
    AgeRule.objects.bulk_create(
        [
            AgeRule(regime=r.regime, province_code=r.province_code, rule=r.rule, valid_from=r.valid_from,
                    valid_to=r.valid_to, basis=r.basis)  # fmt: skip
            for r in longevity.SEED_AGE_RULES
        ]
    )


def unseed_longevity(apps, schema_editor):
    apps.get_model("plans", "LongevityGiftLevel").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_longevity")]

    operations = [migrations.RunPython(seed_longevity, unseed_longevity)]
