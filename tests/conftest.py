"""Shared fixtures: paths anchored on this file, never on the current folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "raw" / "yingquan_minsheng_2016_2020.txt"
TEST_DATA = ROOT / "tests" / "data"
FIXTURES = ROOT / "tests" / "fixtures"


def run_cli(*args, cwd=None, timeout=600, env=None):
    """Run ``python -m minsheng.cli ARGS`` in a subprocess; return the CompletedProcess."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "minsheng.cli", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, timeout=timeout, env=full_env,
    )


@pytest.fixture
def bundled_text() -> str:
    return BUNDLED.read_text(encoding="utf-8")
