"""Counts that pages show, kept for a short while in the cache (Redis in production, shared by
every gunicorn worker; each process's memory on the embedded default).

A value is kept under a key that carries the *data version*: any record saved or deleted (a
signal, when it is saved and again when its transaction commits) moves the version on, so
every value cached before is forgotten at once. ``DATA_TTL`` bounds what a write that sends no
signal (a bulk ``update()``) leaves stale. Only what a page shows goes through here, never what
a decision, a roll or a document is computed from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
DATA_TTL = 300  # seconds: a write that sends a signal forgets the values at once
VERSION_KEY = "data:version"
# Saving these changes no count a page shows: jobs' progress, the access log, sessions, logins.
NOT_COUNTED = {"btxh.job", "btxh.accesslog", "sessions.session", "admin.logentry", "contenttypes.contenttype"}


def data_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def data_changed() -> None:
    """Forget every cached count (a new version: the old keys expire on their own)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): nothing cached under it can be read again
        cache.set(VERSION_KEY, 2, timeout=None)


def ids_key(ids: Iterable[int]) -> str:
    """A short key part for a set of ids (a province's communes)."""
    return hashlib.blake2b(",".join(map(str, sorted(ids))).encode(), digest_size=8).hexdigest()


def cached(key: str, compute: Callable[[], T], ttl: int = DATA_TTL) -> T:
    """``compute()``, or its value cached under ``key`` while no record has changed (at most ``ttl`` old)."""
    full_key = f"{key}:v{data_version()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, ttl)
    return value


def _record_changed(sender, using=None, **kwargs) -> None:
    label = sender._meta.label_lower
    if label in NOT_COUNTED or label.startswith("axes."):
        return
    data_changed()
    # Again once the transaction commits: a page read in between may have cached a count without
    # this change under the new version.
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not any(func is data_changed for _, func, _ in connection.run_on_commit):
        transaction.on_commit(data_changed, using=using)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_record_changed, dispatch_uid="btxh_cache_record_saved")
    post_delete.connect(_record_changed, dispatch_uid="btxh_cache_record_deleted")
    m2m_changed.connect(_record_changed, dispatch_uid="btxh_cache_record_m2m")
