"""What needs attention on the home page, per role.

Apps register providers in their AppConfig.ready(); the core app never imports them.
A provider takes the user and returns a list of ``Attention`` items (already scoped).
"""

from collections.abc import Callable
from dataclasses import dataclass


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


def attention_for(user) -> list[Attention]:
    items: list[Attention] = []
    for provider in _PROVIDERS:
        items.extend(i for i in provider(user) if i.count)
    return items
