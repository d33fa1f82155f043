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


@pytest.fixture
def ax():
    """A fresh Axes, closed after the test."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots()
    yield axes
    plt.close(fig)


def axes_texts(ax) -> list[str]:
    """Every text a reader sees on ``ax``: titles, axis labels, tick labels, annotations, legend."""
    out = [ax.get_title(loc=loc) for loc in ("left", "center", "right")] + [ax.get_xlabel(), ax.get_ylabel()]
    out += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    out += [t.get_text() for t in ax.texts]
    if ax.get_legend():
        out += [t.get_text() for t in ax.get_legend().get_texts()]
        out.append(ax.get_legend().get_title().get_text())
    return out


def markdown_outputs(nb_path) -> str:
    """The Markdown a notebook displayed, asserting that no cell failed."""
    import nbformat

    out = []
    for c in nbformat.read(nb_path, as_version=4).cells:
        for o in c.get("outputs", []):
            assert o.output_type != "error"
            out.append(o.get("data", {}).get("text/markdown", ""))
    return "\n".join(out)
