"""Kinds of report that other apps plug into the shared submit / return / accept mechanism.

The payments report is built in (``reports.selectors.own_figures``). Another app registers, in its
``AppConfig.ready()``, how a unit's own figures of a period are computed, how a child's accepted
snapshot adds into its parent's, what must hold before a unit submits, and what to do when a
report changes status (e.g. keep the app's own document in step). ``reports`` never imports it.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportKindHooks:
    # (report) -> the unit's own figures for the report's period; must carry "total".
    own_figures: Callable
    # (into, child_snapshot) -> into: add an accepted child's snapshot to the parent's figures.
    add: Callable
    # (report, figures) -> None, raising reports.services.ReportError to refuse a submit.
    check_submit: Callable | None = None
    # (report, user) -> None: called inside the transaction after each submit/return/accept/reopen.
    on_status: Callable | None = None
    # (before, after) -> [{"label", "before", "after"}]: what changed since the figures were sent.
    changes: Callable | None = None
    # The figures part of the report page, given ``figures``, ``report`` and ``children``.
    template: str = ""
    # (report, figures, children, prepared_by, fmt) -> (filename, bytes): the PDF / Excel document.
    document: Callable | None = None
    # The formats ``document`` writes, offered on the report page ("pdf", "xlsx", "docx").
    formats: tuple[str, ...] = ("pdf", "xlsx")


_HOOKS: dict[str, ReportKindHooks] = {}


def report_kind_register(kind: str, hooks: ReportKindHooks) -> None:
    _HOOKS[str(kind)] = hooks


def hooks_for(kind: str) -> ReportKindHooks | None:
    return _HOOKS.get(str(kind))


def status_changed(report, user) -> None:
    """Tell the kind's app that a report changed status (inside the service's transaction)."""
    hooks = hooks_for(report.kind)
    if hooks is not None and hooks.on_status is not None:
        hooks.on_status(report, user)
