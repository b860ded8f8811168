"""Report kinds a higher floor plugs into the reports mechanism (submit, return, accept, reopen).

``payments`` is the reports' own kind. A higher app (plans: ``plan_results``) registers a
``KindPlugin`` from its ``AppConfig.ready()``: how to compute a unit's figures for a period, what
must hold before it is submitted, the partial template of the report page and its documents.
The import still points downwards: reports never imports the app that plugs a kind in.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class KindPlugin:
    kind: str
    # (unit, period "2026") -> JSON-able figures; "total" (đồng) is kept in the report's history.
    figures: Callable[..., dict]
    # The partial shown on the report page with ``figures`` in its context.
    detail_template: str
    # (report=, figures=, children=, prepared_by=, fmt="pdf"|"xlsx") -> (file name, bytes)
    document: Callable[..., tuple[str, bytes]]
    # (report, figures) -> why it may not be submitted yet, or None
    submit_check: Callable[..., str | None] = lambda report, figures: None


_KINDS: dict[str, KindPlugin] = {}


def kind_register(plugin: KindPlugin) -> None:
    _KINDS[plugin.kind] = plugin


def kind_plugin(kind: str) -> KindPlugin | None:
    return _KINDS.get(kind)
