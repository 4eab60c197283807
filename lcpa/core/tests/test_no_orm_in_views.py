"""Project-wide: views fetch rows through `access.py` (and read through `queries.py`), never the
ORM directly. Any `views.py`, `views_<area>.py` or module of a `views` package that touches a
model manager (`.objects`, `._default_manager`, `._base_manager`) or calls `get_object_or_404` /
`get_list_or_404` is an offender; each offence is listed as file:line."""

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[3]
PACKAGE = PROJECT / "lcpa"
MANAGERS = {"objects", "_default_manager", "_base_manager"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def view_modules() -> list[Path]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if path.name == "views.py" or path.name.startswith("views_") or "views" in parts[:-1]:
            found.append(path)
    return found


def offences(source: str) -> list[tuple[int, str]]:
    """(line, what) for each direct use of the ORM in a module's source."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.Attribute) and node.attr in SHORTCUTS:
            found.append((node.lineno, node.attr))
        elif isinstance(node, ast.Name) and node.id in SHORTCUTS:
            found.append((node.lineno, node.id))
    return sorted(found)


def offenders() -> dict[str, list[str]]:
    result = {}
    for path in view_modules():
        found = offences(path.read_text())
        if found:
            name = path.relative_to(PROJECT).as_posix()
            result[name] = [f"{name}:{line}: {what}" for line, what in found]
    return result


def test_it_finds_managers_and_shortcuts_but_not_imports_or_other_attributes():
    source = (
        "from django.shortcuts import get_object_or_404\n"
        "def view(request, pk):\n"
        "    team = get_object_or_404(Team, pk=pk)\n"
        "    rows = Membership.objects.filter(team=team)\n"
        "    other = shortcuts.get_list_or_404(Team._default_manager.all())\n"
        "    return render(request, 'x.html', {'objects_count': team.objectsish})\n"
    )
    assert offences(source) == [
        (3, "get_object_or_404"),
        (4, ".objects"),
        (5, "._default_manager"),
        (5, "get_list_or_404"),
    ]


def test_it_looks_at_every_views_module():
    names = {path.relative_to(PROJECT).as_posix() for path in view_modules()}
    assert "lcpa/public/views.py" in names
    assert "lcpa/public/views_staff.py" in names
    assert "lcpa/cohorts/views/workspace.py" in names
    assert not any("/tests/" in name for name in names)


def test_no_views_module_queries_the_orm_directly():
    new = [line for found in offenders().values() for line in found]
    if new:
        pytest.fail(
            "Views must fetch rows through their app's access.py (get_<model>_for_user, "
            "<model>s_for_user) and read through queries.py, not the ORM:\n" + "\n".join(new),
            pytrace=False,
        )
