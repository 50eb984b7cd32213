"""Rules a grep can check (DESIGN.md conventions 2, 4 and 13), after Zulip's custom_check.py.

Each rule has an explicit, commented allow-list. Comments and docstrings are not code, so lines whose code part
is empty are ignored.
"""

import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("incluzio_mz", "accounts", "councils", "members", "advice", "panels")


def _python_files() -> list[Path]:
    files: list[Path] = []
    for app in APPS:
        files.extend(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)
    return sorted(files)


def _code_lines(path: Path) -> list[tuple[int, str]]:
    lines = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        code = line.split("#", 1)[0]
        if code.strip():
            lines.append((number, code))
    return lines


def _violations(pattern: str, allowed: set[str]) -> list[str]:
    regex = re.compile(pattern)
    found: list[str] = []
    for path in _python_files():
        relative = str(path.relative_to(ROOT))
        if relative in allowed:
            continue
        found.extend(f"{relative}:{n}: {code.strip()}" for n, code in _code_lines(path) if regex.search(code))
    return found


# Writes go through services. Allowed outside <app>/services.py:
WRITE_ALLOWED = {
    # model_update is the shared helper that services call for simple edits (HackSoft's pattern).
    "incluzio_mz/lib/services.py",
    # Django's admin saves through ModelAdmin; only framework models (users, devices) are edited there today.
    # Domain models registered later must route their admin saves through services (save_model override).
}


def test_no_save_or_delete_outside_services() -> None:
    services = {str(p.relative_to(ROOT)) for p in ROOT.glob("*/services.py")}
    services |= {str(p.relative_to(ROOT)) for p in ROOT.glob("*/services/*.py")}
    # A part of an app with its own services (councils/meetings/services/).
    services |= {str(p.relative_to(ROOT)) for p in ROOT.glob("*/*/services.py")}
    services |= {str(p.relative_to(ROOT)) for p in ROOT.glob("*/*/services/*.py")}
    found = _violations(r"\.(save|delete)\(", WRITE_ALLOWED | services)
    assert not found, "Writes outside services (DESIGN.md convention 2):\n" + "\n".join(found)


def test_weasyprint_is_imported_only_in_lib_pdf() -> None:
    found = _violations(r"^\s*(import|from)\s+weasyprint", {"incluzio_mz/lib/pdf.py"})
    assert not found, found


# Gated models are reached through their app's permissions.py in views (convention 4). No exceptions yet.
def test_views_do_not_fetch_objects_around_the_gate() -> None:
    views = [p for p in _python_files() if p.name == "views.py" or p.parent.name == "views"]
    regex = re.compile(r"get_object_or_404\(|\.objects\.get\(|has_perm\(|get_objects_for_user\(")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in views for n, code in _code_lines(p) if regex.search(code)]
    assert not found, "Views must use the gate in <app>/permissions.py:\n" + "\n".join(found)


@pytest.mark.parametrize("rule", ["save", "delete"])
def test_the_write_rule_catches_a_violation(tmp_path: Path, rule: str) -> None:
    """The check itself works: a view that saves is found."""
    sample = tmp_path / "views.py"
    sample.write_text(f"def view(request):\n    obj.{rule}()\n    # obj.{rule}() in a comment is fine\n")
    regex = re.compile(r"\.(save|delete)\(")
    assert [n for n, code in _code_lines(sample) if regex.search(code)] == [2]


# Services that take an actor write, and a write is all or nothing (DESIGN.md convention 2): each such public service
# runs in transaction.atomic (its decorator leaves __wrapped__). The exceptions open their own, narrower
# transactions on purpose:
NOT_ATOMIC_SERVICES = {
    # one INSERT in its own savepoint, so a concurrent creation is caught as IntegrityError and read back
    "councils.meetings.services.calendar_feed.calendar_feed_get_or_create",
    # a sweep: one transaction per person (person_anonymise is atomic), so a long run keeps its progress
    "members.services.people.people_retention_sweep",
    # a single UPDATE of one column
    "incluzio_mz.services.notification_mark_read",
}


def _service_modules() -> list[ModuleType]:
    import importlib
    import pkgutil

    modules = []
    for name in ("incluzio_mz", "accounts", "councils", "councils.meetings", "members", "advice", "panels"):
        package = importlib.import_module(f"{name}.services")
        modules.append(package)
        for info in pkgutil.iter_modules(getattr(package, "__path__", [])):
            modules.append(importlib.import_module(f"{package.__name__}.{info.name}"))
    return modules


def test_services_that_write_are_atomic() -> None:
    import inspect

    not_atomic = set()
    for module in _service_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            if "actor" in inspect.signature(function).parameters and not hasattr(function, "__wrapped__"):
                not_atomic.add(f"{module.__name__}.{name}")
    assert not_atomic == NOT_ATOMIC_SERVICES, sorted(not_atomic ^ NOT_ATOMIC_SERVICES)
