"""The tooling people expect: ``python -m minsheng``, make targets, lint in CI, pre-commit on the lock's ruff."""

import re
import subprocess
import sys

import yaml

from conftest import ROOT


def _module(*args):
    return subprocess.run([sys.executable, "-m", "minsheng", *args], capture_output=True, text=True, timeout=120)


def test_python_dash_m_minsheng_help():
    proc = _module("--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: minsheng ")
    assert "extract" in proc.stdout


def test_python_dash_m_minsheng_bad_input_is_one_line_and_exit_2():
    proc = _module("extract", "/nonexistent")
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith("minsheng: error: ") and "/nonexistent" in proc.stderr
    assert proc.stdout == ""


def _makefile() -> str:
    return (ROOT / "Makefile").read_text(encoding="utf-8")


def test_every_make_target_says_what_it_does():
    targets = re.findall(r"^([a-z-]+):(.*)$", _makefile(), flags=re.M)
    assert {"help", "setup", "run", "test", "lint", "lock", "clean"} <= {t for t, _ in targets}
    for target, rest in targets:
        assert "## " in rest, f"make {target} has no '## ' comment, so `make help` does not list it"
    assert re.search(r"^\.DEFAULT_GOAL := help$", _makefile(), flags=re.M)


def test_ci_runs_make_test_and_make_test_lints_first():
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1] == "make test"
    assert re.search(r"^test: lint ", _makefile(), flags=re.M)
    assert re.search(r"^\$\(STAMP\): pyproject\.toml \$\(LOCK\)$", _makefile(), flags=re.M)


def test_pre_commit_ruff_is_the_ruff_of_the_lock():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    ruff = re.search(r"^ruff==(\S+)$", lock, flags=re.M)[1]
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    revs = {r["repo"].rsplit("/", 1)[-1]: r["rev"] for r in config["repos"]}
    assert revs["ruff-pre-commit"] == f"v{ruff}", "bump .pre-commit-config.yaml's ruff rev with the lock"
    assert "nbstripout" in revs
