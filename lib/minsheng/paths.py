"""Every path of the project, anchored on this file (never on the current folder)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJ_ROOT = PACKAGE_DIR.parents[1]
LEXICON_DIR = PACKAGE_DIR / "lexicon"
DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
REFERENCE_DIR = RAW_DIR / "reference"
PROCESSED_DIR = DATA_DIR / "processed"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
BUILD_DIR = PROJ_ROOT / "build"  # executed notebooks, plots, HTML reports (git-ignored)

#: The bundled report, the default input of every command.
DEFAULT_REPORT = RAW_DIR / "yingquan_minsheng_2016_2020.txt"


def resolve(path: str | Path) -> Path:
    """Return ``path`` as an absolute path; a relative path is taken from the project root.

    Notebook parameters are literals such as ``"data/raw/report.txt"``; resolving
    them here keeps a notebook's behaviour independent of the folder it runs in.
    """
    p = Path(path).expanduser()
    return p if p.is_absolute() else (PROJ_ROOT / p)
