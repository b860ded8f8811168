"""What happens after a payment roll is locked, without payroll knowing who listens.

Payroll (a floor below) may not import the reports app. The reports app registers a listener
here from its ``AppConfig.ready()``; payroll's ``payroll_lock`` calls, once the lock commits::

    transaction.on_commit(lambda: roll_locked_notify(roll))

A listener is ``listener(roll) -> None``. It must be quick (it runs in the request that locked
the roll): the reports' listener only queues a background job that computes the roll's
summaries. A listener that fails is logged and does not stop the others, nor the lock.
"""

import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

_LISTENERS: list[Callable] = []


def roll_locked_register(listener: Callable) -> Callable:
    """Plug in a listener (idempotent); called from a higher app's AppConfig.ready()."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)
    return listener


def roll_locked_notify(roll) -> None:
    """Tell every listener that ``roll`` was locked (call it on commit)."""
    for listener in list(_LISTENERS):
        try:
            listener(roll)
        except Exception:  # a listener's failure must not undo or block the lock
            log.exception("roll_locked listener %r failed for roll %s", listener, getattr(roll, "pk", roll))
