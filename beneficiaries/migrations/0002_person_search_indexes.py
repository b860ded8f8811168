"""Search indexes for lists of a million people (measured with benchmarks/registry.py).

- national_id with varchar_pattern_ops: prefix search ``LIKE '0081%'`` under any collation.
- On PostgreSQL, a trigram GIN index on name_normalized, so that a search for a part of a name
  (``LIKE '%hoang thi%'``) does not scan the whole table. pg_trgm is a trusted extension
  (PostgreSQL ≥ 13): the database owner may create it. Where it cannot be created, the index is
  skipped and searches fall back to a scan.
"""

import logging

from django.db import migrations, models, transaction

logger = logging.getLogger(__name__)


def trigram_index_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # no privilege: searches work without the index, only slower
        logger.warning("pg_trgm is not available: name search will scan the people table")
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS person_name_trgm ON beneficiaries_person USING gin (name_normalized gin_trgm_ops)"
    )


def trigram_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_name_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["national_id"], name="person_national_id_like", opclasses=["varchar_pattern_ops"]
            ),
        ),
        migrations.RunPython(trigram_index_create, trigram_index_drop, elidable=False),
    ]
