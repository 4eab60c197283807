"""Project-wide: `core` is the bottom layer, so none of its modules imports another lcpa app."""

import ast
from pathlib import Path

import lcpa.core

CORE = Path(lcpa.core.__file__).parent


def _core_modules() -> list[Path]:
    return sorted(path for path in CORE.rglob("*.py") if "tests" not in path.parts)


def _package(path: Path) -> str:
    """The package a file's relative imports start from (`lcpa.core` for lcpa/core/views.py)."""
    return ".".join(path.parent.relative_to(CORE.parent.parent).parts)


def imported_names(source: str, package: str) -> list[str]:
    """Every module a source file imports, anywhere in it (relative imports resolved)."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join([*base, node.module] if node.module else base)
            else:
                stem = node.module or ""
            names.append(stem)
            # `from lcpa import accounts` imports lcpa.accounts.
            names.extend(f"{stem}.{alias.name}" for alias in node.names)
    return names


def lcpa_apps_imported(source: str, package: str) -> set[str]:
    apps = set()
    for name in imported_names(source, package):
        parts = name.split(".")
        if parts[0] == "lcpa" and len(parts) > 1 and parts[1] != "core":
            apps.add(f"lcpa.{parts[1]}")
    return apps


def test_no_core_module_imports_another_lcpa_app():
    offenders = {}
    for path in _core_modules():
        apps = lcpa_apps_imported(path.read_text(encoding="utf-8"), _package(path))
        if apps:
            offenders[str(path.relative_to(CORE))] = sorted(apps)
    assert offenders == {}


def test_the_check_sees_every_way_of_importing_an_app():
    module = "lcpa.core"
    assert lcpa_apps_imported("from lcpa.accounts.models import User", module) == {"lcpa.accounts"}
    assert lcpa_apps_imported("import lcpa.cohorts.models", module) == {"lcpa.cohorts"}
    assert lcpa_apps_imported("from lcpa import intake", module) == {"lcpa.intake"}
    assert lcpa_apps_imported("from ..accounts import roles", module) == {"lcpa.accounts"}
    assert lcpa_apps_imported("def f():\n    from lcpa.api import urls\n", module) == {"lcpa.api"}
    assert lcpa_apps_imported("from lcpa.core.markdown import render_markdown", module) == set()
    assert lcpa_apps_imported("from . import markdown", module) == set()
    assert lcpa_apps_imported("import django.conf", module) == set()


def test_the_check_reads_every_core_module():
    names = {str(path.relative_to(CORE)) for path in _core_modules()}
    assert {"views.py", "models.py", "templatetags/lcpa.py"} <= names
    assert _package(CORE / "templatetags" / "lcpa.py") == "lcpa.core.templatetags"
