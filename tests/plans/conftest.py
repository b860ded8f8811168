"""Fixtures of the longevity celebrations."""

import importlib

import pytest


@pytest.fixture
def longevity_rules(transactional_db):
    """The seeded gift levels (a transactional test's flush empties them; put them back)."""
    from django.apps import apps

    from plans.models import LongevityGiftLevel

    if not LongevityGiftLevel.objects.exists():
        importlib.import_module("plans.migrations.0002_seed_longevity_rules").seed_longevity(apps, None)
