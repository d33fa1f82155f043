"""environment.yml (conda users) names the same dependencies as pyproject.toml."""

import re
import tomllib

import yaml

from conftest import ROOT


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
