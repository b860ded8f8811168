"""The national-ID prefix search is now a range (``"0081" <= id < "0082"``) that the unique
index serves on every database; the pattern index of 0002 is no longer needed (SQLite could not
use it with Django's ``LIKE … ESCAPE``: 6 s against 1 ms on a million people)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("beneficiaries", "0002_person_search_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="person",
            name="person_national_id_like",
        ),
    ]
