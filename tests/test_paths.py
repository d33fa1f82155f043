"""minsheng.paths: every path anchored on the package, never on the current folder."""

from __future__ import annotations

from pathlib import Path

from conftest import BUNDLED, ROOT
from minsheng import paths


def test_the_anchors_are_the_repository_folders():
    # ROOT is worked out from this test file (tests/ is one level below the repository root)
    assert paths.PROJ_ROOT == ROOT
    assert paths.PACKAGE_DIR == ROOT / "lib" / "minsheng"
    assert paths.LEXICON_DIR == ROOT / "lib" / "minsheng" / "lexicon"
    assert paths.RAW_DIR == ROOT / "data" / "raw"
    assert paths.REFERENCE_DIR == ROOT / "data" / "raw" / "reference"
    assert paths.PROCESSED_DIR == ROOT / "data" / "processed"
    assert paths.NOTEBOOKS_DIR == ROOT / "notebooks"
    assert paths.DEFAULT_REPORT == BUNDLED
    assert (paths.LEXICON_DIR / "goals.csv").is_file() and paths.DEFAULT_REPORT.is_file()


def test_a_relative_path_is_taken_from_the_project_root():
    got = paths.resolve("data/raw/yingquan_minsheng_2016_2020.txt")
    assert got == BUNDLED
    assert got.is_absolute()
    assert paths.resolve(Path("notebooks")) == ROOT / "notebooks"


def test_resolve_does_not_depend_on_the_current_folder(tmp_path, monkeypatch):
    here = paths.resolve("data/raw/sources.csv")
    monkeypatch.chdir(tmp_path)
    there = paths.resolve("data/raw/sources.csv")
    assert there == here == ROOT / "data" / "raw" / "sources.csv"
    # not the current folder: tmp_path/data/raw/sources.csv would be the cwd-based answer
    assert there != Path.cwd() / "data" / "raw" / "sources.csv"


def test_an_absolute_path_passes_through(tmp_path, monkeypatch):
    target = tmp_path / "elsewhere" / "report.txt"  # need not exist
    assert paths.resolve(target) == target
    assert paths.resolve(str(target)) == target
    monkeypatch.chdir(ROOT / "lib")
    assert paths.resolve(target) == target


def test_a_home_path_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.resolve("~/reports/a.txt") == tmp_path / "reports" / "a.txt"
