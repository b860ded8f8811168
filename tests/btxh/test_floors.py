"""The apps stand in floors (docs/architecture.md §1): no module imports a higher floor.

The engine is pure Python at the bottom; the core (`btxh`) is next; then the registry
(`beneficiaries`), benefits and payroll (`benefits`), documents and reports (`reports`), and
plans and longevity (`plans`). A higher floor plugs into a lower one through registries
(attention items, report kinds, period locks, job handlers), never by being imported from it.
This test reads every module's imports, including those inside functions, with `ast`.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = {"engine": 0, "btxh": 1, "beneficiaries": 2, "benefits": 3, "reports": 4, "plans": 5}


def imported_apps(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in FLOORS:
                yield node.lineno, name


def upward_imports():
    found = []
    for app, floor in FLOORS.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line, name in imported_apps(path):
                if FLOORS[name.split(".")[0]] > floor:
                    found.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    return found


def test_no_module_imports_a_higher_floor():
    assert upward_imports() == []


def test_the_check_sees_an_upward_import(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("def f():\n    from plans.models import Round\n")
    assert list(imported_apps(planted)) == [(2, "plans.models")]


@pytest.mark.parametrize("app", sorted(FLOORS))
def test_every_floor_is_a_package(app):
    assert (ROOT / app / "__init__.py").exists()
