"""The lexicons: documented data files in ``minsheng/lexicon`` (see its README).

A researcher extends these files without touching code. They are loaded once
per process.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, wraps
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


def per_lexicon(make):
    """``make(lex)`` worked out once per lexicon (word sets, compiled patterns), not once per call.

    Keyed by the lexicon's identity (a :class:`Lexicon` holds dicts: it has no hash);
    the lexicon is kept alive with its value, so its id is not reused.
    """
    memo: dict[int, tuple[Lexicon, object]] = {}

    @wraps(make)
    def get(lex: Lexicon):
        hit = memo.get(id(lex))
        if hit is None or hit[0] is not lex:
            hit = memo[id(lex)] = (lex, make(lex))
        return hit[1]

    return get


_LENGTHS: dict[int, tuple[object, dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]] = {}


def _lengths_by(words, key) -> dict[str, tuple[int, ...]]:
    """For each character ``key(w)`` of the words: the distinct lengths of those words, longest first."""
    by: dict[str, set[int]] = {}
    for w in words:
        if w:
            by.setdefault(key(w), set()).add(len(w))
    return {ch: tuple(sorted(ns, reverse=True)) for ch, ns in by.items()}


def _index(words) -> tuple[object, dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """``(words, lengths by first character, lengths by last character)``, cached per list."""
    hit = _LENGTHS.get(id(words))
    if hit is None or hit[0] is not words:
        hit = (words, _lengths_by(words, lambda w: w[0]), _lengths_by(words, lambda w: w[-1]))
        _LENGTHS[id(words)] = hit  # keeps ``words`` alive, so its id is not reused
    return hit


def longest_prefix(text: str, pos: int, words, end: int | None = None) -> str | None:
    """The longest of ``words`` that starts at ``text[pos]`` (and ends by ``end``, if given), or None.

    ``words`` is a long-lived collection (a lexicon list or dict); a lookup is one
    probe of the first character, then one set probe per distinct length of the
    words that start with it.
    """
    hit = _LENGTHS.get(id(words))
    if hit is None or hit[0] is not words:
        hit = _index(words)
    lengths = hit[1].get(text[pos:pos + 1])
    if lengths is None:
        return None
    limit = len(text) if end is None else min(end, len(text))
    for n in lengths:
        if pos + n <= limit:
            w = text[pos:pos + n]
            if w in words:
                return w
    return None


def longest_suffix(text: str, end: int, words, start: int = 0) -> str | None:
    """The longest of ``words`` that ends at ``text[end]`` (exclusive) (and starts at ``start``
    or after), or None."""
    hit = _LENGTHS.get(id(words))
    if hit is None or hit[0] is not words:
        hit = _index(words)
    lengths = hit[2].get(text[end - 1:end]) if end > 0 else None
    if lengths is None:
        return None
    for n in lengths:
        if end - n >= start:
            w = text[end - n:end]
            if w in words:
                return w
    return None
