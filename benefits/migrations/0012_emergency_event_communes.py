"""An emergency event hits several communes (EventCommune); the unit that recorded it becomes
``declared_unit``; one aid of a kind per household, event and commune."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def communes_from_unit(apps, schema_editor):
    """Every existing event was recorded by one commune for itself: that commune is its set."""
    Event = apps.get_model("benefits", "EmergencyEvent")
    EventCommune = apps.get_model("benefits", "EventCommune")
    EventCommune.objects.bulk_create(
        [EventCommune(event_id=e.pk, unit_id=e.declared_unit_id, added_by_id=e.created_by_id)
         for e in Event.objects.only("id", "declared_unit_id", "created_by_id")],
        batch_size=500,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("benefits", "0011_emergency_deadline"),
        ("btxh", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="emergencyevent", old_name="unit", new_name="declared_unit"),
        migrations.AlterField(
            model_name="emergencyevent",
            name="declared_unit",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="btxh.unit", verbose_name="đơn vị ghi nhận"),
        ),
        migrations.CreateModel(
            name="EventCommune",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("added_at", models.DateTimeField(auto_now_add=True, verbose_name="thêm lúc")),
                ("added_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                               to=settings.AUTH_USER_MODEL)),
                ("event", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                            related_name="commune_links", to="benefits.emergencyevent")),
                ("unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                           to="btxh.unit", verbose_name="xã")),
            ],
            options={
                "verbose_name": "xã bị ảnh hưởng",
                "verbose_name_plural": "xã bị ảnh hưởng",
                "ordering": ["event", "unit__path"],
                "constraints": [models.UniqueConstraint(fields=("event", "unit"), name="emergency_event_commune_once")],
            },
        ),
        migrations.AddField(
            model_name="emergencyevent",
            name="communes",
            field=models.ManyToManyField(related_name="+", through="benefits.EventCommune", to="btxh.unit",
                                         verbose_name="các xã bị ảnh hưởng"),
        ),
        migrations.RunPython(communes_from_unit, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="emergencyrequest", name="emergency_request_once_per_event"),
        migrations.AddConstraint(
            model_name="emergencyrequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "refused"), _negated=True),
                fields=("event", "unit", "kind", "dedupe_key"),
                name="emergency_request_once_per_event",
            ),
        ),
    ]
