"""The declared dependencies, the lock and the code agree.

Run by `make test` in the project's venv and by `make check-lock` in a venv made fresh from the system
Python (with --noconftest: nothing here imports Chronicle, so it runs before Chronicle is installed).
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK_LINE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def _requirements_in() -> dict[str, list[Requirement]]:
    """requirements.in's requirements by the comment heading their block ("Runtime", "Tests")."""
    sections: dict[str, list[Requirement]] = {}
    heading = ""
    for raw in (ROOT / "requirements.in").read_text("utf-8").splitlines():
        line = raw.split(" #")[0].strip()
        if raw.startswith("# "):
            heading = raw[2:].strip()
        elif line and not line.startswith(("#", "-")):
            sections.setdefault(heading, []).append(Requirement(line))
    return sections


def _locked(*names: str) -> dict[str, str]:
    """Canonical name -> pinned version, over the given lock files."""
    pins: dict[str, str] = {}
    for name in names:
        for line in (ROOT / name).read_text("utf-8").splitlines():
            if match := LOCK_LINE.match(line):
                pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def _same(left: list[Requirement], right: list[str]) -> None:
    assert sorted(map(str, left)) == sorted(str(Requirement(r)) for r in right)


def test_requirements_in_is_pyproject_line_for_line() -> None:
    sections = _requirements_in()
    project = _pyproject()["project"]
    assert set(sections) == {"Runtime", "Tests"}
    _same(sections["Runtime"], project["dependencies"])
    _same(sections["Tests"], project["optional-dependencies"]["test"])


def _third_party_imports(folder: Path) -> dict[str, Path]:
    """Top-level modules imported under folder that are neither the standard library, Chronicle's own nor a
    module beside the importing one."""
    found: dict[str, Path] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                local = (path.parent / f"{top}.py").exists()  # a sibling module, as pytest puts tests on the path
                if top not in sys.stdlib_module_names and top not in {"chronicle", "benchmarks", "tests"} and not local:
                    found.setdefault(top, path)
    return found


def test_every_imported_package_is_declared() -> None:
    project = _pyproject()["project"]
    runtime = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    test = {canonicalize_name(Requirement(r).name) for r in project["optional-dependencies"]["test"]}
    distributions = importlib.metadata.packages_distributions()
    undeclared = []
    for folder, declared in (
        ("src", runtime),
        ("tests", runtime | test),
        ("benchmarks", runtime | test),
        ("scripts", runtime | test),
    ):
        for module, path in _third_party_imports(ROOT / folder).items():
            owners = {canonicalize_name(d) for d in distributions.get(module, [])}
            if not owners & declared:
                undeclared.append(
                    f"{path.relative_to(ROOT)} imports {module} (from {sorted(owners) or 'no installed distribution'})"
                )
    assert undeclared == []


def _requested_extras(pins: dict[str, str]) -> dict[str, set[str]]:
    """Which extras of each locked distribution requirements.in or a locked distribution asks for."""
    requested: dict[str, set[str]] = {name: set() for name in pins}
    pending = [r for section in _requirements_in().values() for r in section]
    seen: set[tuple[str, frozenset[str]]] = set()
    while pending:
        req = pending.pop()
        name = canonicalize_name(req.name)
        if name not in pins:
            continue
        requested[name] |= req.extras
        key = (name, frozenset(requested[name]))
        if key in seen:
            continue
        seen.add(key)
        pending.extend(_requirements_of(name, requested[name]))
    return requested


def _requirements_of(name: str, extras: set[str]) -> list[Requirement]:
    """What a distribution requires on this platform, with the given extras."""
    environments = [{**default_environment(), "extra": extra} for extra in ["", *sorted(extras)]]
    requires = [Requirement(r) for r in importlib.metadata.distribution(name).requires or []]
    return [r for r in requires if r.marker is None or any(r.marker.evaluate(env) for env in environments)]


def test_lock_holds_everything_its_packages_require() -> None:
    """Every requirement of every locked distribution, extras asked for included, is pinned in a lock at a
    version it accepts, and the venv holds the pinned versions (so the metadata read here is theirs)."""
    pins = _locked("requirements-bootstrap.lock", "requirements.lock")
    problems = [
        f"{name} is locked at {version} but {importlib.metadata.version(name)} is installed"
        for name, version in pins.items()
        if importlib.metadata.version(name) != version
    ]
    for name, extras in _requested_extras(pins).items():
        for req in _requirements_of(name, extras):
            wanted = canonicalize_name(req.name)
            if wanted not in pins:
                problems.append(f"{name} requires {req} but the lock has no {wanted}")
            elif not req.specifier.contains(pins[wanted], prereleases=True):
                problems.append(f"{name} requires {req} but the lock pins {wanted}=={pins[wanted]}")
    assert problems == []


def test_bootstrap_lock_pins_the_installer() -> None:
    assert {"pip", "setuptools"} <= set(_locked("requirements-bootstrap.lock"))
