"""What needs attention on the home page, per role.

Apps register providers in their AppConfig.ready(); the core app never imports them.
A provider takes the user and returns a list of ``Attention`` items (already scoped).

The items (a dozen queries over a unit's people and cases) are cached per user until a record
changes, at most five minutes (btxh/cache.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from .cache import cached


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
    return cached(f"attention:{user.pk}", lambda: attention_compute(user))
