"""One line holding many figures (a table row, a PDF text layer without sentence punctuation)
costs linear time and memory: 20,000 figures on one line, in a fresh process, with its peak RSS.

Before the fix, context was found by rescanning the sentence for each figure:
2,000 figures on one line took 17 s, 20,000 would have taken about half an hour.
"""

import json
import subprocess
import sys

import pytest

N = 20_000
MAX_SECONDS = 30          # generous: about 2 s on 2 cores
MAX_RSS_MIB = 1024

#: The item of figure i, and what separates two items on the line.
ITEM = "项目{i}投入{v}万元"
LAYOUTS = {"commas": "，", "spaces": " ", "cells": " | ", "no punctuation": ""}

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from minsheng.extraction.clean import figures_table
from minsheng.extraction.reading import read_report

report = read_report(Path(sys.argv[1]))
t0 = time.perf_counter()
df = figures_table(report)
seconds = time.perf_counter() - t0
rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
picks = [int(i) for i in sys.argv[2].split(",")]
rows = df.iloc[picks]
print(json.dumps({
    "seconds": seconds, "rss_mib": rss_mib, "n": len(df),
    "rows": rows[["start", "end", "text", "value", "value_norm", "unit_norm", "metric"]].to_dict("records"),
}))
"""


def _line(sep: str) -> str:
    return sep.join(ITEM.format(i=i, v=i + 1) for i in range(N))


def _expected_start(sep: str, i: int) -> int:
    """Where the number of figure i starts, counted from the layout: items 0..i-1, their separators,
    then "项目", the digits of i and "投入"."""
    before = sum(len(ITEM.format(i=j, v=j + 1)) for j in range(i)) + i * len(sep)
    return before + len("项目") + len(str(i)) + len("投入")


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_one_line_of_20000_figures(tmp_path, layout):
    sep = LAYOUTS[layout]
    report = tmp_path / "long_line.txt"
    report.write_text(_line(sep) + "\n", encoding="utf-8")
    picks = [0, 1, 9_999, N - 1]
    proc = subprocess.run([sys.executable, "-c", CHILD, str(report), ",".join(map(str, picks))],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert got["n"] == N
    for i, row in zip(picks, got["rows"]):
        v = i + 1
        assert row["text"] == f"{v}万元"
        assert row["start"] == _expected_start(sep, i)
        assert row["end"] == row["start"] + len(str(v)) + 2
        assert row["value"] == v and row["value_norm"] == v * 10_000
        assert row["unit_norm"] == "CNY" and row["metric"] == "spending"
    assert got["seconds"] < MAX_SECONDS, got["seconds"]
    assert got["rss_mib"] < MAX_RSS_MIB, got["rss_mib"]


def test_unclosed_quotes_on_one_line_are_linear(tmp_path):
    # every item opens a quote that is never closed: the quote patterns must not rescan the line each time
    text = "".join(f"“{ITEM.format(i=i, v=i + 1)}" for i in range(N)) + "\n"
    report = tmp_path / "quotes.txt"
    report.write_text(text, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", CHILD, str(report), f"0,{N - 1}"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert got["n"] == N
    assert [r["text"] for r in got["rows"]] == ["1万元", f"{N}万元"]
    assert got["seconds"] < MAX_SECONDS and got["rss_mib"] < MAX_RSS_MIB, got


def test_the_marker_sweep_answers_like_a_scan():
    import random

    from minsheng.extraction.classify import _last_markers

    rng = random.Random(14)
    for _ in range(300):
        markers = []
        for _ in range(rng.randrange(8)):
            a = rng.randrange(50)
            b = a + rng.randrange(1, 6)
            markers.append((a, b, str(rng.randrange(2000, 2030)), b + rng.randrange(30)))
        markers.sort()
        positions = [rng.randrange(60) for _ in range(rng.randrange(10))]
        scan = [([m for m in markers if m[1] <= p <= m[3]] or [None])[-1] for p in positions]
        assert _last_markers(markers, positions) == scan, (markers, positions)


def test_gaps_between_figures_are_the_uncovered_parts():
    import random

    from minsheng.extraction.classify import _gaps, _merged

    rng = random.Random(14)
    for _ in range(300):
        spans = [(a, a + rng.randrange(1, 5)) for a in rng.sample(range(40), rng.randrange(6))]
        lo = rng.randrange(40)
        hi = lo + rng.randrange(20)
        covered = {p for a, b in spans for p in range(a, b)}
        gaps = list(_gaps(*_merged(spans), lo, hi))
        assert [p for a, b in gaps for p in range(a, b)] == [p for p in range(lo, hi) if p not in covered]
        assert all(a < b for a, b in gaps)


def test_the_nearest_goal_keyword_read_by_parts_is_the_one_read_whole():
    import random

    from minsheng.extraction.classify import _Goals, _nearest_keyword, neighbour_keywords
    from minsheng.extraction.lexicon import load

    lex = load()
    table = neighbour_keywords(lex)  # the keywords read in the clauses before a figure
    words = sorted(lex.goal_keywords, key=len, reverse=True)[:12] + ["，", "的", "资金"]
    rng = random.Random(14)
    for _ in range(200):
        sh = "".join(rng.choice(words) for _ in range(rng.randrange(1, 25)))
        goals = _Goals(sh, lex, [])
        lo = rng.randrange(len(sh))
        ends = sorted(rng.randrange(lo, len(sh) + 1) for _ in range(5))
        for hi in ends:  # the clauses of a sentence come in order, as in classify
            assert goals._nearest_before(lo, hi) == _nearest_keyword(sh[lo:hi], table), (sh, lo, hi)


def _strip_program_by_copies(core, lex):
    """``_strip_program`` as it was written before (a copy of the rest for each word dropped): the oracle."""
    import re

    from minsheng.extraction import classify
    from minsheng.extraction.lexicon import longest_prefix

    p = classify._prepared(lex)
    core = p["drop_anywhere_re"].sub("", core)
    core = classify._YEAR_IN_PROGRAM_RE.sub("", core)
    core = classify._DATE_RE.sub("", core)
    core = re.sub(r"[-—–~～]", "", core)
    core = classify._LIST_MARK_RE.sub("", core)
    for rx in p["plan_strip"]:
        core = rx.sub("", core)
    changed = True
    while changed and core:
        changed = False
        core = core.strip(" \t\r\n\u3000、，,；;：:。—-")
        if core.count("“") != core.count("”"):
            core, changed = core.replace("“", "").replace("”", ""), True
        w = longest_prefix(core, 0, p["drop_leading"])
        if w:
            core, changed = core[len(w):], True
        for t in (p["drop_trailing"] if core.endswith(p["drop_trailing_any"]) else ()):
            if core.endswith(t):
                core, changed = core[: -len(t)], True
                break
    return core


def test_program_words_are_stripped_as_before_in_linear_time():
    import random
    import time

    from minsheng.extraction.classify import _strip_program
    from minsheng.extraction.lexicon import load

    lex = load()
    pieces = (lex.cues["program_drop_leading"][:10] + lex.cues["program_drop_trailing"][:10]
              + ["“", "”", "，", " ", "。", "2020年", "养老", "医疗救助", "项目", "1、"])
    rng = random.Random(14)
    for _ in range(1000):
        core = "".join(rng.choice(pieces) for _ in range(rng.randrange(12)))
        assert _strip_program(core, lex) == _strip_program_by_copies(core, lex), core
    word = lex.cues["program_drop_leading"][0]
    t0 = time.perf_counter()
    assert _strip_program(word * 200_000 + "养老", lex) == "养老"
    assert time.perf_counter() - t0 < 10  # with a copy per word: 36 s
