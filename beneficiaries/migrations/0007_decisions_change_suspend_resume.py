"""Decisions to change the amount, to suspend and to resume are ``Decision`` rows too.

A decided disability level kept its own number and date on the assessment; they become a
``Decision`` of kind "change" of the approving unit (one record, numbered with the unit's other
decisions of the year), and the assessment links to it."""

import django.db.models.deletion
from django.db import migrations, models

DISTRICT = 2


def _approving_unit(commune):
    unit = commune
    while unit is not None:
        if unit.level == DISTRICT:
            return unit
        unit = unit.parent
    return commune


def assessments_to_decisions(apps, schema_editor):
    Assessment = apps.get_model("beneficiaries", "DisabilityAssessment")
    Decision = apps.get_model("beneficiaries", "Decision")
    for a in Assessment.objects.filter(status="decided", decision__isnull=True).select_related(
        "person__unit", "case__approving_unit"
    ):
        if not a.decision_number or not a.decision_date:
            continue
        unit = (a.case.approving_unit if a.case_id and a.case.approving_unit_id else None) or _approving_unit(
            a.person.unit
        )
        number = " ".join(a.decision_number.split()).upper()
        year = a.decision_date.year
        decision = Decision.objects.filter(unit=unit, year=year, number=number).first()
        if decision is not None and not (decision.kind == "change" and decision.decision_date == a.decision_date):
            # The number was used for another decision: keep both, this one marked.
            number = f"{number} (ĐC{a.pk})"[:50]
            decision = None
        if decision is None:
            decision = Decision.objects.create(
                unit=unit, kind="change", number=number, year=year, decision_date=a.decision_date,
                signer=(a.decided_by.full_name or a.decided_by.username) if a.decided_by_id else "",
                decided_by_id=a.decided_by_id,
                month=a.from_month,
            )
        if a.case_id:
            decision.cases.add(a.case_id)
        a.decision = decision
        a.save(update_fields=["decision"])


def decisions_to_assessments(apps, schema_editor):
    Assessment = apps.get_model("beneficiaries", "DisabilityAssessment")
    for a in Assessment.objects.filter(decision__isnull=False).select_related("decision"):
        a.decision_number = a.decision.number
        a.decision_date = a.decision.decision_date
        a.save(update_fields=["decision_number", "decision_date"])


class Migration(migrations.Migration):

    dependencies = [
        ("beneficiaries", "0006_merge_dated_facts_and_decisions"),
        ("btxh", "__first__"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="month",
            field=models.DateField(blank=True, null=True, verbose_name="áp dụng từ tháng"),
        ),
        migrations.AddField(
            model_name="decision",
            name="reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="lý do"),
        ),
        migrations.AlterField(
            model_name="decision",
            name="kind",
            field=models.CharField(
                choices=[
                    ("grant", "Quyết định hưởng trợ cấp"),
                    ("change", "Quyết định điều chỉnh mức trợ cấp"),
                    ("suspend", "Quyết định tạm dừng hưởng"),
                    ("resume", "Quyết định hưởng tiếp"),
                    ("terminate", "Quyết định thôi hưởng"),
                ],
                max_length=12,
                verbose_name="loại quyết định",
            ),
        ),
        migrations.AddField(
            model_name="disabilityassessment",
            name="decision",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="assessments",
                to="beneficiaries.decision", verbose_name="quyết định điều chỉnh",
            ),
        ),
        migrations.AddField(
            model_name="historicaldisabilityassessment",
            name="decision",
            field=models.ForeignKey(
                blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+", to="beneficiaries.decision", verbose_name="quyết định điều chỉnh",
            ),
        ),
        migrations.RunPython(assessments_to_decisions, decisions_to_assessments),
        migrations.RemoveField(model_name="disabilityassessment", name="decision_date"),
        migrations.RemoveField(model_name="disabilityassessment", name="decision_number"),
        migrations.RemoveField(model_name="historicaldisabilityassessment", name="decision_date"),
        migrations.RemoveField(model_name="historicaldisabilityassessment", name="decision_number"),
    ]
