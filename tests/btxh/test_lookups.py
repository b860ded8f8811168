"""``field__any``: membership in a list sent as one array parameter on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from btxh.models import Unit, User


def test_any_selects_the_rows_of_the_listed_ids(province, commune, other_commune):
    ids = [commune.pk, other_commune.pk]
    assert set(Unit.objects.filter(pk__any=ids)) == {commune, other_commune}
    assert list(Unit.objects.filter(pk__any=[commune.pk])) == [commune]
    assert not Unit.objects.filter(pk__any=[]).exists()
    assert set(Unit.objects.exclude(pk__any=ids)) == {province}


def test_any_follows_a_relation_and_reads_text_values(province, commune, other_commune, officer, other_officer):
    assert set(User.objects.filter(unit__any=[commune.pk])) == {officer}
    assert set(User.objects.filter(unit_id__any=[commune.pk, other_commune.pk])) == {officer, other_officer}
    assert set(Unit.objects.filter(code__any=[commune.code, "99999"])) == {commune}
    assert set(Unit.objects.filter(pk__any=[str(commune.pk)])) == {commune}  # values are prepared as the field's


def test_any_sends_one_parameter_on_postgresql(province, commune, other_commune):
    ids = [province.pk, commune.pk, other_commune.pk]
    with CaptureQueriesContext(connection) as queries:
        assert Unit.objects.filter(pk__any=ids).count() == 3
    sql = queries[0]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql


def test_any_refuses_a_subquery(province):
    with pytest.raises(TypeError, match="field__in"):
        Unit.objects.filter(pk__any=Unit.objects.values("pk")).count()
