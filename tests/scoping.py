"""The every-URL scoping check.

``build_world`` makes two communes of one province: commune A holds data of every
kind (each app adds its own in ``tests/<app>/scoping.py``), commune B has an officer.
``find_leaks`` requests every URL pattern the project defines, filled with the ids of
A's objects, as B's officer, and reports every page, export or file that shows any of
A's marker strings.

Each ``tests/<app>/scoping.py`` may define:
    build(world)  -> adds objects of commune A and their marker strings to ``world``
    KWARGS = {"person_id": lambda world: world.ids["person"], ...}
A URL with a keyword this registry does not know fails the check, so a new page
cannot skip it.

``find_unrefused_writes`` posts to every write URL — every URL not listed in ``READ_NAMES`` — as a
viewer of commune A (every one of them) and as B's officer (those that name one of A's objects),
and reports each that is not refused (403 or 404) or that changed any row while refusing. A new
page is a write URL until it is listed here as a page that only reads.
"""

import importlib
import io
import pkgutil
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from btxh.models import Level, Role
from tests.btxh.factories import UserFactory, make_unit

# Namespaces not walked: Django's admin is for staff only (checked in its own test).
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"logout"}


# Pages that only read, whatever the method: lists, details, downloads, read-only calculators
# (a POST runs the calculation), the national-ID check of the entry form, and exports of what the
# user sees (a viewer may export; the job reads through the user's scope).
READ_NAMES = {
    "access-log-list", "home", "job-detail", "job-file", "job-list", "login", "unit-list",
    "beneficiaries:case-detail", "beneficiaries:case-document-download", "beneficiaries:case-list",
    "beneficiaries:person-detail", "beneficiaries:person-export", "beneficiaries:person-list",
    "beneficiaries:person-validate-national-id", "beneficiaries:worklist", "beneficiaries:decision-detail",
    "reports:decision-pdf", "reports:decision-docx",
    "benefits:calculator", "benefits:case-preview", "benefits:k5c-conversion", "benefits:line-detail",
    "benefits:person-payments", "benefits:roll-detail", "benefits:roll-document", "benefits:roll-list",
    "benefits:rule-list",
    "benefits:emergency-decision-detail", "benefits:emergency-event-detail", "benefits:emergency-event-list",
    "benefits:emergency-summary", "benefits:emergency-import-template", "reports:emergency-cash-pdf", "reports:emergency-decision-pdf",
    "reports:emergency-request-decision-pdf", "reports:emergency-cash-xlsx",
    "reports:emergency-decision-docx", "reports:emergency-request-decision-docx",
    "reports:emergency-rice-pdf", "reports:emergency-rice-xlsx",
    "plans:elderly-list", "plans:gift-levels", "plans:overview", "plans:round-detail", "plans:round-list",
    "plans:round-list-pdf", "plans:round-list-xlsx", "plans:round-certificates", "plans:round-receipt-pdf",
    "plans:round-receipt-xlsx", "plans:round-budget-pdf",
    "plans:plan-list", "plans:plan-detail", "plans:plan-pdf", "plans:plan-docx",
    "reports:dashboard", "reports:dashboard-xlsx", "reports:report-detail", "reports:report-list",
    "reports:report-pdf", "reports:report-xlsx", "reports:report-docx",
    "reports:index", "reports:rollup-export", "reports:unit-list-document",
}  # fmt: skip
REFUSED = (403, 404)


@dataclass
class World:
    province: object = None
    commune_a: object = None
    commune_b: object = None
    officer_a: object = None
    officer_b: object = None
    viewer_a: object = None
    ids: dict = field(default_factory=dict)
    markers: set = field(default_factory=set)


def _app_modules():
    root = Path(__file__).parent
    for info in pkgutil.iter_modules([str(root)]):
        if info.ispkg and (root / info.name / "scoping.py").exists():
            yield importlib.import_module(f"tests.{info.name}.scoping")


def kwarg_registry() -> dict[str, Callable]:
    registry: dict[str, Callable] = {}
    for module in _app_modules():
        registry.update(getattr(module, "KWARGS", {}))
    return registry


def build_world() -> World:
    province = make_unit("19", "Tỉnh Thái Nguyên", level=Level.PROVINCE)
    a = make_unit("05443", "Xã Bímật Ađơn", level=Level.COMMUNE, parent=province)
    b = make_unit("05446", "Xã Khác Bêđơn", level=Level.COMMUNE, parent=province)
    world = World(
        province=province, commune_a=a, commune_b=b,
        officer_a=UserFactory(unit=a, role=Role.COMMUNE_OFFICER, full_name="Cánbộ Ađơn Bímật"),
        officer_b=UserFactory(unit=b, role=Role.COMMUNE_OFFICER, full_name="Cánbộ Bêđơn"),
        viewer_a=UserFactory(unit=a, role=Role.VIEWER, full_name="Ngườixem Ađơn"),
    )
    world.markers |= {a.name, world.officer_a.full_name}
    for module in _app_modules():
        if hasattr(module, "build"):
            module.build(world)
    return world


def iter_patterns(resolvers=None, prefix_ns=""):
    """(namespaced name, converter names) of every named URL pattern."""
    for p in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            if ns in SKIPPED_NAMESPACES:
                continue
            converters = set(getattr(p.pattern, "converters", {}))
            for name, conv in iter_patterns(p.url_patterns, f"{prefix_ns}{ns}:" if ns else prefix_ns):
                yield name, conv | converters
        elif isinstance(p, URLPattern) and p.name:
            if p.name in SKIPPED_NAMES:
                continue
            yield f"{prefix_ns}{p.name}", set(getattr(p.pattern, "converters", {}))


def _body_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    if content[:5] == b"%PDF-":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", "replace")


def find_leaks(client, world: World) -> list[str]:
    registry = kwarg_registry()
    client.force_login(world.officer_b)
    leaks, unknown = [], []
    for name, kwarg_names in sorted(iter_patterns()):
        missing = [k for k in kwarg_names if k not in registry]
        if missing:
            unknown.append(f"{name}: {missing}")
            continue
        url = reverse(name, kwargs={k: registry[k](world) for k in kwarg_names})
        response = client.get(url)
        if response.status_code in (301, 302, 400, 403, 404, 405):
            continue
        text = _body_text(response)
        shown = sorted(m for m in world.markers if m and m in text)
        if shown:
            leaks.append(f"{name} ({url}) shows {shown}")
    if unknown:
        raise AssertionError(
            "URL keywords with no value in any tests/<app>/scoping.py KWARGS (add one): " + "; ".join(unknown)
        )
    return leaks


class _Writes:
    """The tables a request wrote to (INSERT, UPDATE, DELETE), but the logs that a refused request
    may write: the session, the access log, login attempts."""

    SKIPPED = ("django_session", "btxh_accesslog", "axes_")
    PATTERN = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w]+)"?', re.IGNORECASE)

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        match = self.PATTERN.match(sql)
        if match and not match[1].startswith(self.SKIPPED):
            self.tables.add(match[1])
        return execute(sql, params, many, context)


def write_urls(world: World, registry=None):
    """(name, url, names one of A's objects) of every write URL."""
    registry = registry or kwarg_registry()
    for name, kwarg_names in sorted(iter_patterns()):
        if name in READ_NAMES:
            continue
        missing = [k for k in kwarg_names if k not in registry]
        if missing:
            raise AssertionError(f"{name}: URL keywords {missing} have no value in any tests/<app>/scoping.py KWARGS")
        yield name, reverse(name, kwargs={k: registry[k](world) for k in kwarg_names}), bool(kwarg_names)


def find_unrefused_writes(client, world: World) -> list[str]:
    """POST to every write URL as A's viewer, and to those naming A's objects as B's officer."""
    problems = []
    for who, user, only_objects in (("viewer of A", world.viewer_a, False), ("officer of B", world.officer_b, True)):
        client.force_login(user)
        for name, url, names_object in write_urls(world):
            if only_objects and not names_object:
                continue  # B's officer acting on B's own commune (entry, import, roll of B)
            writes = _Writes()
            with connection.execute_wrapper(writes):
                response = client.post(url, {})
            if response.status_code not in REFUSED:
                problems.append(f"{who}: {name} ({url}) answered {response.status_code}, not a refusal")
            if writes.tables:
                problems.append(f"{who}: {name} ({url}) wrote to {sorted(writes.tables)}")
    return problems
