"""environment.yml (conda users) names the same dependencies as pyproject.toml, and requirements.lock pins them all."""

import re
import tomllib
from importlib import metadata

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import ROOT

_PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[A-Za-z0-9.+!_-]+)")


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ;\[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_and_pyproject_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_side = {_name(d): d.replace(" ", "") for d in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_side = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and _name(dep) not in ("python", "pip"):
            conda_side[_name(dep)] = dep.replace(" ", "")
    assert set(conda_side) == set(pip_side)
    for name, spec in pip_side.items():
        assert conda_side[name] == spec, f"{name}: pyproject {spec!r} vs environment.yml {conda_side[name]!r}"
    assert "python=3.11" in env["dependencies"]
    assert {"-e ."} == set(next(d for d in env["dependencies"] if isinstance(d, dict))["pip"])


def _lock() -> dict[str, Version]:
    """requirements.lock as {PEP 503 name: version}; fails on any line that is not name==version."""
    pins = {}
    for n, line in enumerate((ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        m = _PIN.fullmatch(line)
        assert m, f"requirements.lock line {n} is not name==version: {line!r}"
        name = canonicalize_name(m["name"])
        assert name not in pins, f"requirements.lock pins {name} twice"
        pins[name] = Version(m["version"])
    return pins


def _declared() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str) and _name(d) not in ("python", "pip")]
    return project["dependencies"] + project["optional-dependencies"]["test"] + conda


def test_lock_pins_every_declared_dependency_within_its_range():
    pins = _lock()
    assert "minsheng" not in pins  # installed from the work tree, never from the lock
    for spec in _declared():
        req = Requirement(spec)
        name = canonicalize_name(req.name)
        assert name in pins, f"{spec!r} is declared but not in requirements.lock: run `make lock`"
        assert req.specifier.contains(pins[name], prereleases=True), (
            f"requirements.lock pins {name}=={pins[name]}, outside {spec!r}: run `make lock`")


def test_lock_is_closed_under_the_dependencies_of_what_it_pins():
    """Every package a locked (or declared) one requires is locked too, as installed here."""
    pins = _lock()
    todo = [(Requirement(s), "pyproject.toml") for s in _declared()]
    seen = set()
    while todo:
        req, wanted_by = todo.pop()
        name = canonicalize_name(req.name)
        assert name in pins, f"{name} (required by {wanted_by}) is not in requirements.lock: run `make lock`"
        key = (name, frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            pytest.skip(f"{name} is not installed here: this environment was not made from requirements.lock")
        for dep in map(Requirement, requires):
            if dep.marker is None or any(dep.marker.evaluate({"extra": e}) for e in {"", *req.extras}):
                todo.append((dep, name))
