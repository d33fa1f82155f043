"""The lexicons: documented data files in ``minsheng/lexicon`` (see its README).

A researcher extends these files without touching code. They are loaded once
per process.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from minsheng import schema
from minsheng.io import read_yaml
from minsheng.paths import LEXICON_DIR

#: The contract's closed vocabularies (``lexicon/vocabularies.yaml``, ``lexicon/goals.csv``).
UNIT_NORMS = schema.vocabulary("unit_norm")
GOALS = schema.vocabulary("goal")
METRICS = schema.vocabulary("metric")
QUALIFIERS = schema.vocabulary("qualifier")


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, tuple[str, Decimal]]      # surface -> (unit_norm, factor)
    scales: dict[str, Decimal]                 # surface -> factor
    goal_keywords: dict[str, str]              # keyword -> goal
    programs: dict[str, tuple[str, str]]       # keyword -> (goal, program_en)
    cues: dict
    time: dict = field(default_factory=dict)  # lexicon/periods.yaml: time phrases, plans and targets


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _checked(rows, column, allowed, path):
    for i, row in enumerate(rows, start=2):
        if row[column] not in allowed:
            raise ValueError(f"{path.name} line {i}: {column} {row[column]!r} is not one of {allowed}")
    return rows


@cache
def load(directory: str | None = None) -> Lexicon:
    """Load and check every lexicon file of ``directory`` (default: the package's)."""
    d = Path(directory) if directory else LEXICON_DIR
    units = _checked(_read_csv(d / "units.csv"), "unit_norm", UNIT_NORMS, d / "units.csv")
    goals = _checked(_read_csv(d / "goal_keywords.csv"), "goal", GOALS, d / "goal_keywords.csv")
    programs = _checked(_read_csv(d / "programs.csv"), "goal", GOALS, d / "programs.csv")
    cues = read_yaml(d / "cues.yaml")
    time = read_yaml(d / "periods.yaml") if (d / "periods.yaml").exists() else {}
    return Lexicon(
        units={r["surface"]: (r["unit_norm"], Decimal(r["factor"])) for r in units},
        scales={r["surface"]: Decimal(r["factor"]) for r in _read_csv(d / "scales.csv")},
        goal_keywords={r["keyword"]: r["goal"] for r in goals},
        programs={r["keyword"]: (r["goal"], r["program_en"]) for r in programs},
        cues=cues,
        time=time,
    )


_LENGTHS: dict[int, tuple[object, tuple[int, ...], frozenset, frozenset]] = {}


def _index(words) -> tuple[object, tuple[int, ...], frozenset, frozenset]:
    """``(words, distinct lengths longest first, first characters, last characters)``, cached per list."""
    hit = _LENGTHS.get(id(words))
    if hit is None or hit[0] is not words:
        hit = (words, tuple(sorted({len(w) for w in words}, reverse=True)),
               frozenset(w[0] for w in words if w), frozenset(w[-1] for w in words if w))
        _LENGTHS[id(words)] = hit  # keeps ``words`` alive, so its id is not reused
    return hit


def longest_prefix(text: str, pos: int, words) -> str | None:
    """The longest of ``words`` that starts at ``text[pos]``, or None.

    ``words`` is a long-lived collection (a lexicon list or dict); a lookup is one
    probe of the first character, then one set probe per distinct word length.
    """
    hit = _LENGTHS.get(id(words))
    if hit is None or hit[0] is not words:
        hit = _index(words)
    _, lengths, firsts, _ = hit
    if pos >= len(text) or text[pos] not in firsts:
        return None
    for n in lengths:
        w = text[pos:pos + n]
        if len(w) == n and w in words:
            return w
    return None


def longest_suffix(text: str, end: int, words) -> str | None:
    """The longest of ``words`` that ends at ``text[end]`` (exclusive), or None."""
    hit = _LENGTHS.get(id(words))
    if hit is None or hit[0] is not words:
        hit = _index(words)
    _, lengths, _, lasts = hit
    if end <= 0 or text[end - 1] not in lasts:
        return None
    for n in lengths:
        if end - n >= 0:
            w = text[end - n:end]
            if w in words:
                return w
    return None
