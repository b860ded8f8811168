"""Which months of a unit's data are closed by an accepted report.

A lower floor (payroll) must refuse to change a month whose report the level above has
accepted, but may not import the reports app. The reports app registers a provider here from
its ``AppConfig.ready()``; payroll asks ``period_lock_reason`` before regenerating a roll:

    if (reason := period_lock_reason(unit, month.first_day)): raise PayrollError(reason)

A provider is ``provider(unit, month: date) -> str | None``: the officer's message when the
month (its first day) of ``unit`` is locked, else None.
"""

from collections.abc import Callable
from datetime import date

from engine import Month

_PROVIDERS: list[Callable] = []


def period_lock_provider_register(provider: Callable) -> Callable:
    """Plug in a provider (idempotent); called from a higher app's AppConfig.ready()."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)
    return provider


def period_lock_reason(unit, month: Month | date) -> str | None:
    """The first provider's reason why ``unit``'s data of ``month`` (a Month or a day of it) may not
    change, or None."""
    for provider in _PROVIDERS:
        reason = provider(unit, Month.of(month).first_day)
        if reason:
            return reason
    return None
