"""What needs attention on the home page, per role.

Apps register providers in their AppConfig.ready(); the core app never imports them.
A provider takes the user and returns a list of ``Attention`` items (already scoped).

The counts (a dozen queries over a unit's people and cases) are kept in the cache per user for
``ATTENTION_TTL`` seconds and forgotten as soon as any record is saved or deleted (a signal bumps a
version that is part of the key, when the record is saved and again when its transaction
commits); the TTL bounds what a write that sends no signal (a bulk ``update()``) leaves stale.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

ATTENTION_TTL = 60  # seconds
VERSION_KEY = "attention:version"
# Saving these changes no count on the home page: jobs' progress, the access log, sessions, logins.
NOT_COUNTED = {"btxh.job", "btxh.accesslog", "sessions.session", "admin.logentry", "contenttypes.contenttype"}


@dataclass(frozen=True)
class Attention:
    title: str
    count: int
    url: str
    level: str = "warning"  # Bootstrap colour


_PROVIDERS: list[Callable] = []


def register(provider: Callable) -> Callable:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def attention_compute(user) -> list[Attention]:
    items: list[Attention] = []
    for provider in _PROVIDERS:
        items.extend(i for i in provider(user) if i.count)
    return items


def attention_for(user) -> list[Attention]:
    """The user's items, from the cache while no record has changed (at most ATTENTION_TTL old)."""
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    key = f"attention:{user.pk}:{version}"
    items = cache.get(key)
    if items is None:
        items = attention_compute(user)
        cache.set(key, items, ATTENTION_TTL)
    return items


def attention_invalidate() -> None:
    """Forget every user's cached items (a new version: the old keys expire on their own)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): nothing cached under it can be read again
        cache.set(VERSION_KEY, 2, timeout=None)


def _changed(sender, using=None, **kwargs) -> None:
    label = sender._meta.label_lower
    if label in NOT_COUNTED or label.startswith("axes."):
        return
    attention_invalidate()
    # Again once the transaction commits: a home page read in between may have cached the counts
    # without this change under the new version.
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not any(func is attention_invalidate for _, func, _ in connection.run_on_commit):
        transaction.on_commit(attention_invalidate, using=using)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_changed, dispatch_uid="attention_changed_save")
    post_delete.connect(_changed, dispatch_uid="attention_changed_delete")
    m2m_changed.connect(_changed, dispatch_uid="attention_changed_m2m")
