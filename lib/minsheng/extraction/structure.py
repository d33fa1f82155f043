"""Parts and restatements: which figure belongs to which (``parent_figure_id``, ``relation``).

- ``part_of``: a part of an earlier total of the same ``unit_norm`` in the same sentence,
  introduced by a part cue (其中, and 含 / 包括 where they open a clause or a bracket), or a
  figure of a 分别 list after a total marked as one (共, 合计, 总计). The parent is the total
  itself, never another part. The parts of one total are linked only when each is at most
  the total and together they do not exceed it; else none of them is (link only when sure).
  A part is of its total's metric (带动社会投资 is no part of 资金), and a 其中 that breaks down a
  figure of another unit just before it covers no later figure of the first unit.
  Two readings go beyond one sentence or one level: a sentence that opens with 其中 in the
  same paragraph (…民生支出43.27亿元，占…。其中：教育支出9.86亿元…) breaks down the totals of
  the sentence before it; and a cue that opens a bracket (…支出11.42亿元（含…2.36亿元）) breaks
  down the figure just before the bracket, even where that figure is itself a part.
- ``same_as``: the same quantity stated again in a later sentence: the same ``value_norm``,
  ``unit_norm``, ``metric``, ``period`` and ``goal``, and either the same program or a
  number distinctive enough not to recur by chance (see :func:`_distinctive`). The parent
  is the first statement.

Linear in the figures and the text: the sentences are read once, cues are found once per
sentence, the totals of a sentence are looked up by bisection, and restatements through a
dictionary keyed by ``(value_norm, unit_norm)``; never a scan of all pairs.
Every word list is in ``lexicon/cues.yaml`` (section ``structure``).
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from minsheng.extraction.classify import sentences
from minsheng.extraction.find import shadow
from minsheng.extraction.lexicon import Lexicon, load

if TYPE_CHECKING:
    import pandas as pd

RELATIONS = ("part_of", "same_as")
_OPENERS = "，,；;：:（(、"
_BRACKETS = "（("
_CLOSERS = "）)"
_BARRIERS = "；;"
_BARRIER_RE = re.compile(f"[{re.escape(_BARRIERS)}]")
_CLOSER_RE = re.compile(f"[{re.escape(_CLOSERS)}]")


#: How many totals of the sentence before a 其中 sentence's part looks back over for one of its own metric.
_SEED_LOOKBACK = 8

_CUES: dict[int, tuple[Lexicon, dict]] = {}


def _cues(lex: Lexicon) -> dict:
    """The structure cues of ``lex`` as sets and one pattern, made once per lexicon."""
    hit = _CUES.get(id(lex))
    if hit is None or hit[0] is not lex:
        hit = _CUES[id(lex)] = (lex, _make_cues(lex))  # keeps ``lex`` alive, so its id is not reused
    return hit[1]


def _make_cues(lex: Lexicon) -> dict:
    c = lex.cues["structure"]
    words = sorted(set(c["part_cues"]) | set(c["part_cues_opening"]) | set(c["list_cues"]), key=len, reverse=True)
    return {
        "part": frozenset(c["part_cues"]),
        "opening": frozenset(c["part_cues_opening"]),
        "list": frozenset(c["list_cues"]),
        "total": tuple(c["total_cues"]),
        "total_window": int(c["total_window"]),
        "additive": frozenset(c["additive_units"]),
        "min_digits": int(c["same_as_min_digits"]),
        "cue_re": re.compile("|".join(map(re.escape, words))),
    }


def _distinctive(value: float, min_digits: int) -> bool:
    """A number with at least ``min_digits`` significant digits (41308.83, 103747, 57.93):
    two such equal figures of one goal, metric, period and unit are one quantity."""
    digits = format(Decimal(repr(float(value))).normalize(), "f").replace(".", "").replace("-", "").strip("0")
    return len(digits) >= min_digits


def _part_cue(sh: str, cues: list[tuple[int, int, str]], cue_starts: list[int], barriers: list[int],
              closers: list[int], pos: int, c: dict, skip: dict | None = None) -> tuple[int, str] | None:
    """The cue ``(start, kind)`` whose scope covers ``pos``: the last cue before it with no ；
    between (but 其中： opens a list that ； only divides), nor a closing bracket where the cue opens
    a bracket; or None. ``kind``: ``list`` (分别), ``bracket`` (a cue opening a bracket), ``part``."""
    j = bisect.bisect_right(cue_starts, pos) - 1
    passed = []  # bracket cues closed before pos: closed for every later figure of the sentence too
    while True:
        if j < 0:
            break
        if skip is not None and j in skip:
            passed.append(j)
            j = skip[j]
            continue
        a, b, word = cues[j]
        if b > pos:
            return None
        opened = a > 0 and sh[a - 1] in _BRACKETS
        if opened and bisect.bisect_right(closers, pos) != bisect.bisect_right(closers, a):
            passed.append(j)
            j -= 1  # （含…） closed before the figure: the cue before it may still cover the figure
            continue
        break
    if skip is not None:
        for k in passed:  # the figures of a sentence come in order: later ones need not walk these again
            skip[k] = j
    if j < 0:
        return None
    a, b, word = cues[j]
    opened = a > 0 and sh[a - 1] in _BRACKETS
    listed = word in c["part"] and sh[b:b + 1] in ("：", ":")  # 其中：A…；B…；C…: a list to the sentence's end
    if not listed and bisect.bisect_right(barriers, pos) != bisect.bisect_right(barriers, a):
        return None  # a ； between the cue and the figure
    if word in c["list"]:
        return a, "list"
    if word in c["opening"] and not (a == 0 or sh[a - 1] in _OPENERS):
        return None  # 含 / 包括 inside a word or a clause (含金量, 包括在内): not a breakdown
    return a, "bracket" if opened else "part"


def link_structure(text: str, figures: pd.DataFrame, lex: Lexicon | None = None) -> pd.DataFrame:
    """``figure_id``, ``parent_figure_id``, ``relation`` for every figure of ``figures``
    (same order; empty strings where a figure belongs to none).

    ``figures``: a figures table of ``text`` (columns figure_id, start, value_norm,
    unit_norm, metric, period, goal, program at least).
    """
    import pandas as pd

    if len(figures) == 0:
        return pd.DataFrame({"figure_id": [], "parent_figure_id": [], "relation": []}, dtype=str)
    ids = figures["figure_id"].astype(str).tolist()
    parent, relation = links(text, ids, [int(x) for x in figures["start"]], [float(x) for x in figures["value_norm"]],
                             *(figures[k].astype(str).tolist() for k in ("unit_norm", "metric", "period", "goal", "program")),
                             lex=lex)
    return pd.DataFrame({"figure_id": ids, "parent_figure_id": parent, "relation": relation})


def links(text: str, ids: list[str], starts: list[int], values: list[float], units: list[str], metrics: list[str],
          periods: list[str], goals: list[str], programs: list[str], lex: Lexicon | None = None
          ) -> tuple[list[str], list[str]]:
    """``(parent_figure_id, relation)`` of every figure, from the figures' columns as lists
    (what :func:`link_structure` does on a table, without one: the clean stage calls this)."""
    lex = lex or load()
    c = _cues(lex)
    n = len(ids)
    parent = [""] * n
    relation = [""] * n
    if n == 0:
        return parent, relation
    sh = shadow(text)
    order = sorted(range(n), key=lambda i: (starts[i], i))
    sentence_of = [0] * n

    # -- part_of, sentence by sentence ---------------------------------------------------
    spans = sentences(text)
    fi = 0
    before: tuple[int, int, dict] | None = None  # the last sentence with figures: (index, end, its own totals)
    for si, (lo, hi) in enumerate(spans):
        members = []
        while fi < n and starts[order[fi]] < hi:
            members.append(order[fi])
            sentence_of[order[fi]] = si
            fi += 1
        if not members:
            continue
        lead = lo + len(sh[lo:hi]) - len(sh[lo:hi].lstrip())
        # 其中 opening a sentence of the same paragraph: the parts of the totals of the sentence before
        seeded = before is not None and before[0] == si - 1 and "\n" not in sh[before[1]:lead] and any(
            sh.startswith(w, lead) for w in c["part"])
        prev_totals = before[2] if seeded else {}
        if len(members) < 2 and not seeded:
            before = (si, hi, {units[i]: ([starts[i]], [i]) for i in members})
            continue
        cues = [(m.start(), m.end(), m.group()) for m in c["cue_re"].finditer(sh, lo, hi)]
        cue_starts = [a for a, _, _ in cues]
        barriers = [m.start() for m in _BARRIER_RE.finditer(sh, lo, hi)]
        closers = [m.start() for m in _CLOSER_RE.finditer(sh, lo, hi)]
        skip: dict[int, int] = {}  # see _part_cue
        # unit -> (starts, indices) of figures that are no part: the sentence before's first where seeded
        totals: dict[str, tuple[list[int], list[int]]] = {u: (list(a), list(b)) for u, (a, b) in prev_totals.items()}
        own: dict[str, tuple[list[int], list[int]]] = {}  # the same, of this sentence's own figures
        every: dict[str, tuple[list[int], list[int]]] = {}  # every figure of this sentence, parts too
        groups: dict[int, list[int]] = {}
        is_part: set[int] = set()
        m_starts = [starts[i] for i in members]  # every figure of the sentence, in order
        m_units = [units[i] for i in members]
        for i in members:
            u = units[i]
            cue = _part_cue(sh, cues, cue_starts, barriers, closers, starts[i], c, skip) if cues and u in c["additive"] else None
            total = None
            pool = every if cue is not None and cue[1] == "bracket" else totals
            if cue is not None and cue[1] == "part" and u in every:
                # a part cue right after a part (其中民生支出51.8亿元，包括教育支出13.1亿元…): the parts of that part
                es, ei = every[u]
                k = bisect.bisect_left(es, cue[0]) - 1
                if k >= 0 and ei[k] in is_part and starts[ei[k]] >= lo:
                    pool = every
            if cue is not None and u in pool:
                ts, ti = pool[u]
                j = bisect.bisect_left(ts, cue[0]) - 1  # the last total (for a bracket: figure) before the cue
                back = 0  # a total of the sentence before must be of the part's kind (增收 is no total of 资金);
                while j >= 0 and starts[ti[j]] < lo and metrics[ti[j]] != metrics[i]:  # looked for a few back only
                    j, back = j - 1, back + 1
                    if back == _SEED_LOOKBACK:
                        j = -1
                if j >= 0:
                    cand = ti[j]
                    if cue[1] == "part" and starts[cand] >= lo:
                        # 其中 breaking down a figure of another unit just before it (实施临时救助3150人次，其中…420人次)
                        # covers no figure of this unit after it (，发放…386.5万元): not a part of 2470万元 before them
                        k = bisect.bisect_left(m_starts, cue[0])
                        if 0 < k < len(m_starts) and m_starts[k - 1] > starts[cand] and \
                                m_units[k - 1] == m_units[k] != u:
                            cand = None
                    if cand is not None and metrics[cand] != metrics[i]:
                        cand = None  # a part is of its total's kind: 带动社会投资10亿元 (other) is no part of 资金 (spending)
                    if cand is not None and (cue[1] != "list" or _marked_total(sh, lo, starts[cand], c)):
                        total = cand
            if total is not None:
                groups.setdefault(total, []).append(i)
                is_part.add(i)
            else:
                for table in (totals, own):
                    ts, ti = table.setdefault(u, ([], []))
                    ts.append(starts[i])
                    ti.append(i)
            ts, ti = every.setdefault(u, ([], []))
            ts.append(starts[i])
            ti.append(i)
        before = (si, hi, own)
        for total, parts in groups.items():
            tv = values[total]
            if all(values[p] <= tv for p in parts) and sum(values[p] for p in parts) <= tv * (1 + 1e-9):
                for p in parts:
                    parent[p], relation[p] = ids[total], "part_of"

    # -- same_as, through an index of first statements -----------------------------------
    cols = [metrics, periods, goals, programs]
    first: dict[tuple, int] = {}
    for i in order:
        key = (values[i], units[i], cols[0][i], cols[1][i], cols[2][i])
        seen = first.get(key)
        if seen is None:
            first[key] = i
            continue
        j = seen
        if relation[i] or sentence_of[i] == sentence_of[j]:
            continue
        if cols[3][i] == cols[3][j] or _distinctive(values[i], c["min_digits"]):
            parent[i], relation[i] = ids[j], "same_as"
    return parent, relation


def _marked_total(sh: str, lo: int, start: int, c: dict) -> bool:
    """A total word (共, 合计, 总计) stands in the few characters before the figure, in its clause."""
    w0 = max(lo, start - c["total_window"])
    window = sh[w0:start]
    cut = max(window.rfind(ch) for ch in "，,；;。")
    window = window[cut + 1:]
    return any(w in window for w in c["total"])
