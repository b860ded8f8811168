"""Each commune's hamlet list from the text its people and households already carry.

Spellings that differ only in case, spacing or diacritics ("Thôn Nà Pồng", "thôn  nà pồng") are one
hamlet, named by the spelling most records use; every person and household is linked to it and its
text rewritten to that name, so lists and roll subtotals are no longer split by typos.
"""

from collections import Counter, defaultdict

from django.db import migrations

from beneficiaries.hamlets import hamlet_key, hamlet_name_clean


def hamlets_from_records(apps, schema_editor):
    Hamlet = apps.get_model("beneficiaries", "Hamlet")
    Person = apps.get_model("beneficiaries", "Person")
    Household = apps.get_model("beneficiaries", "Household")
    from django.db.models import Count

    # (commune, key) -> Counter of spellings, weighted by how many records use each; and the texts as
    # stored, per model, so that each hamlet's records are linked by one UPDATE.
    spellings: dict[tuple[int, str], Counter] = defaultdict(Counter)
    stored: dict[tuple, list[str]] = defaultdict(list)
    for model in (Person, Household):
        rows = model.objects.filter(hamlet_ref__isnull=True).exclude(hamlet="")
        for unit_id, text, count in rows.values_list("unit_id", "hamlet").annotate(n=Count("id")).order_by():
            name = hamlet_name_clean(text)
            if name:
                spellings[(unit_id, hamlet_key(name))][name] += count
                stored[(model, unit_id, hamlet_key(name))].append(text)
    existing = {(h.commune_id, h.name_key): h for h in Hamlet.objects.all()}
    for (unit_id, key), counts in sorted(spellings.items()):
        if (unit_id, key) not in existing:
            # The most used spelling names the hamlet; in a tie, one in mixed case ("Thôn Nà Pồng", not
            # "THÔN NÀ PỒNG" or "thôn nà pồng"), then the first in alphabetical order.
            name = min(counts, key=lambda s: (-counts[s], s.isupper() or s.islower(), s))
            existing[(unit_id, key)] = Hamlet.objects.create(commune_id=unit_id, name=name, name_key=key)
    for (model, unit_id, key), texts in stored.items():
        hamlet = existing[(unit_id, key)]
        model.objects.filter(unit_id=unit_id, hamlet__in=texts, hamlet_ref__isnull=True).update(
            hamlet_ref=hamlet, hamlet=hamlet.name
        )


class Migration(migrations.Migration):
    dependencies = [("beneficiaries", "0008_hamlet_list")]

    operations = [migrations.RunPython(hamlets_from_records, migrations.RunPython.noop, elidable=True)]
