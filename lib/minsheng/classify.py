"""Giving each figure its context: sentence, period, from→to pair, program, goal and metric.

Everything here reads the report's structure (sentences, clauses, the span a
report declares for itself) and the lexicons; nothing is tied to one report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .extract import Figure, shadow
from .lexicon import Lexicon, longest_prefix

_SENTENCE_END = "。！？!?\n"
_CLAUSE_END = "，,；;：:"
_YEAR_RANGE_RE = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:-|—|–|~|至|到)\s*((?:19|20)\d{2})\s*年")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年(?!代)(以来)?")
_TITLE_RE = re.compile(r"《[^》\n]*》")
_HEAD_CHARS = 400  # the title and opening of a report, where it declares its span


@dataclass
class Context:
    """What :func:`classify` adds to a figure."""

    sentence: str
    period: str
    program: str
    program_en: str
    goal: str
    metric: str
    pair_role: str = ""
    pair_index: int | None = None
    unit_norm: str | None = None  # set where a pair's second figure takes the first one's basis


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences: runs ended by 。！？ or a line end (the end mark included)."""
    spans, start = [], 0
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            if i + 1 > start:
                spans.append((start, i + 1))
            start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def declared_span(text: str, lex: Lexicon) -> tuple[int, int] | None:
    """The years a report declares for itself in its title or opening, if any.

    ``2016-2020年`` or ``2016年至2020年`` or a five-year-plan label (“十三五”).
    """
    head = _TITLE_RE.sub("", shadow(text[:_HEAD_CHARS]))
    m = _YEAR_RANGE_RE.search(head)
    plan_hits = [(head.find(label), span) for label, span in lex.cues["plans"].items() if label in head]
    candidates = []
    if m:
        candidates.append((m.start(), (int(m.group(1)), int(m.group(2)))))
    for pos, span in plan_hits:
        a, b = span.split("-")
        candidates.append((pos, (int(a), int(b))))
    return min(candidates)[1] if candidates else None


def _fmt(span: tuple[int, int] | None) -> str:
    if span is None:
        return ""
    a, b = span
    return str(a) if a == b else f"{a}-{b}"


def _markers(sh: str, lo: int, hi: int, doc: tuple[int, int] | None, lex: Lexicon) -> list[tuple[int, int, str, int]]:
    """Period markers ``(start, end, period, reach)`` in ``sh[lo:hi]``, titles 《…》 excluded.

    A marker holds from its end to ``reach``: the end of the sentence, or the end of
    its clause for the base year of a change (由2016年…), which says nothing of
    the figures after the change.
    """
    seg = sh[lo:hi]
    titles = [(m.start(), m.end()) for m in _TITLE_RE.finditer(seg)]
    found: list[tuple[int, int, str, int]] = []

    def add(a, b, period):
        if period and not any(t0 <= a < t1 for t0, t1 in titles):
            reach = hi
            if any(seg.startswith(w, a - len(w)) for w in lex.cues["pair_from"]):
                ends = [i for i in range(lo + b, hi) if sh[i] in _CLAUSE_END]
                reach = ends[0] if ends else hi
            found.append((lo + a, lo + b, period, reach))

    taken = []
    for m in _YEAR_RANGE_RE.finditer(seg):
        add(m.start(), m.end(), f"{m.group(1)}-{m.group(2)}")
        taken.append((m.start(), m.end()))
    for m in _YEAR_RE.finditer(seg):
        if any(a <= m.start() < b for a, b in taken):
            continue
        y = int(m.group(1))
        if m.group(2) and doc and doc[1] > y:
            add(m.start(), m.end(), f"{y}-{doc[1]}")
        else:
            add(m.start(), m.end(), str(y))
    for label, span in lex.cues["plans"].items():
        for m in re.finditer(re.escape(label), seg):
            add(m.start(), m.end(), span)
    if doc:
        for word in lex.cues["span_words"]:
            for m in re.finditer(re.escape(word), seg):
                add(m.start(), m.end(), _fmt(doc))
    found.sort()
    return found


def _segments(sh: str, lo: int, hi: int, figs: list[Figure]) -> list[tuple[int, int]]:
    """Clauses of a sentence: split at ，；： and at a 、 that follows a figure."""
    cuts = [i for i in range(lo, hi) if sh[i] in _CLAUSE_END]
    cuts += [f.end for f in figs if f.end < hi and sh[f.end] == "、"]
    cuts = sorted(set(cuts))
    spans, start = [], lo
    for c in cuts:
        spans.append((start, c))
        start = c + 1
    spans.append((start, hi))
    return spans


def _strip_program(core: str, lex: Lexicon) -> str:
    c = lex.cues
    for w in sorted(c["program_drop_anywhere"], key=len, reverse=True):
        core = core.replace(w, "")
    core = re.sub(r"(?:19|20)\d{2}\s*年(?:底|初|末|度)?(?:以来)?的?", "", core)
    for label in c["plans"]:
        core = re.sub("“?" + re.escape(label) + "”?(?:期间|时期|以来)?", "", core)
    changed = True
    while changed and core:
        changed = False
        core = core.strip(" \t\u3000、，,；;：:。“”")
        if core.count("“") != core.count("”"):
            core, changed = core.replace("“", "").replace("”", ""), True
        w = longest_prefix(core, 0, c["program_drop_leading"])
        if w:
            core, changed = core[len(w):], True
        for t in sorted(c["program_drop_trailing"], key=len, reverse=True):
            if core.endswith(t):
                core, changed = core[: -len(t)], True
                break
    return core


def _strip_leading_verbs(program: str, lex: Lexicon) -> str:
    verbs = lex.cues["program_verbs"]
    while True:
        w = longest_prefix(program, 0, verbs)
        if not w:
            return program
        program = program[len(w):].lstrip("、")


def _is_bare(program: str, lex: Lexicon) -> bool:
    """True when a clause's words do not name a program of their own (建成, 资金, 受益群众)."""
    rest = program
    for w in sorted(lex.cues["program_verbs"] + lex.cues["program_generic"], key=len, reverse=True):
        rest = rest.replace(w, "")
    return len(_CJK_ONLY.findall(rest)) < 2


_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]")


def _longest_keyword(text: str, table: dict) -> str | None:
    best = None
    for k in table:  # file order breaks ties
        if k in text and (best is None or len(k) > len(best)):
            best = k
    return best


def _goal(program: str, segment: str, sentence: str, lex: Lexicon) -> tuple[str, str]:
    """``(goal, program_en)`` by the longest lexicon keyword, program first, then clause, then sentence."""
    k = _longest_keyword(program, lex.programs)
    if k:
        return lex.programs[k]
    for text in (program, segment, sentence):
        k = _longest_keyword(text, lex.goal_keywords)
        if k:
            return lex.goal_keywords[k], ""
    return "other", ""


def _metric(fig: Figure, unit_norm: str, segment: str, sh: str, lex: Lexicon) -> str:
    c = lex.cues
    if unit_norm == "CNY":
        return "spending"
    if unit_norm.startswith("CNY/person"):
        return "standard"
    if unit_norm == "CNY/unit":
        return "standard" if any(w in segment for w in c["standard_cues"]) else "other"
    if unit_norm in ("percent", "percentage_point"):
        return "rate"
    if unit_norm == "year" or fig.unit_raw.endswith(("天", "个月")):
        return "duration"
    if unit_norm in ("m2", "km", "mu"):
        return "output"
    if unit_norm == "count":
        if fig.unit_inferred:
            return "other"
        if fig.unit_raw.endswith("项") or any(w in segment for w in c["count_cues"]):
            return "count"
        return "output"
    # people, person-times, households
    before = sh[max(0, fig.start - 4):fig.start]
    if any(w in before for w in c["population_before"]) or any(w in segment for w in c["population_cues"]):
        return "population"
    if any(w in segment for w in c["output_cues"]):
        return "output"
    return "beneficiaries"


def _pairs(sh: str, figs: list[Figure], seg_of: list[tuple[int, int]], lex: Lexicon) -> dict[int, int]:
    """From→to pairs within a sentence: ``{index of 'to' figure: index of 'from' figure}``."""
    c = lex.cues
    out: dict[int, int] = {}
    used: set[int] = set()
    for k in range(1, len(figs)):
        a, b = figs[k - 1], figs[k]
        if k - 1 in used or k - 1 in out:
            continue
        between = sh[a.end:b.start]
        if len(between) > 40 or not any(w in between for w in c["pair_to"]):
            continue
        lead = sh[seg_of[k - 1][0]:a.start]
        if not any(w in lead for w in c["pair_from"]):
            continue
        compatible = a.unit_norm == b.unit_norm or (b.unit_norm == "CNY" and a.unit_norm.startswith("CNY/"))
        if compatible and not (a.unit_inferred or b.unit_inferred):
            out[k] = k - 1
            used.update((k - 1, k))
    return out


def classify(text: str, figs: list[Figure], lex: Lexicon) -> list[Context]:
    """The :class:`Context` of every figure of ``text`` (same order as ``figs``)."""
    sh = shadow(text)
    doc = declared_span(text, lex)
    out: list[Context | None] = [None] * len(figs)
    fi = 0
    for lo, hi in sentences(text):
        members = []
        while fi < len(figs) and figs[fi].num_start < hi:
            members.append(fi)
            fi += 1
        if not members:
            continue
        sfigs = [figs[i] for i in members]
        sentence = text[lo:hi].strip()
        markers = _markers(sh, lo, hi, doc, lex)
        segs = _segments(sh, lo, hi, sfigs)
        seg_of = [next(s for s in segs if s[0] <= f.num_start < max(s[1], s[0] + 1)) for f in sfigs]
        pairs = _pairs(sh, sfigs, seg_of, lex)

        # programs, clause by clause
        programs: list[str] = []
        last_program = ""
        for k, f in enumerate(sfigs):
            s0, s1 = seg_of[k]
            core = "".join(
                sh[max(s0, p):min(s1, q)]
                for p, q in _gaps([(g.start, g.end) for g in sfigs], s0, s1)
            )
            program = _strip_program(core, lex)
            lead = sh[s0:s1].lstrip()
            continues = any(lead.startswith(w) for w in lex.cues["beneficiary_leads"])
            if k in pairs:
                program = programs[pairs[k]]
            elif continues and last_program:
                program = last_program
            elif _is_bare(program, lex) and last_program:
                # 建成12929户 after 开工建设棚户区改造项目21529户: the clause's own verb
                # with the item named before it
                only_verbs = program and not _strip_leading_verbs(program, lex)
                program = program + _strip_leading_verbs(last_program, lex) if only_verbs else last_program
            elif _is_bare(program, lex):
                program = ""
            programs.append(program)
            if program:
                last_program = program

        for k, f in enumerate(sfigs):
            s0, s1 = seg_of[k]
            segment = sh[s0:s1]
            role, partner, unit_norm = "", None, f.unit_norm
            if k in pairs:
                role, partner = "to", members[pairs[k]]
                frm = sfigs[pairs[k]]
                if f.unit_norm == "CNY" and frm.unit_norm.startswith("CNY/"):
                    unit_norm = frm.unit_norm
            elif k in pairs.values():
                role = "from"
                partner = members[next(t for t, s in pairs.items() if s == k)]
            period = _period(f, k, sfigs, pairs, markers, doc, unit_norm)
            metric = _metric(f, unit_norm, segment, sh, lex)
            goal, program_en = _goal(programs[k], segment, sentence, lex)
            if metric == "population" and goal == "other":
                goal = "overall"
            if goal == "overall" and metric not in ("spending", "count", "population", "beneficiaries"):
                goal, program_en = "other", ""
            out[members[k]] = Context(
                sentence=sentence, period=period, program=programs[k], program_en=program_en,
                goal=goal, metric=metric, pair_role=role, pair_index=partner,
                unit_norm=unit_norm if unit_norm != f.unit_norm else None,
            )
    return out  # type: ignore[return-value]


def _gaps(spans, lo, hi):
    """The parts of ``[lo, hi)`` not covered by ``spans``."""
    pos = lo
    for a, b in sorted(spans):
        if b <= lo or a >= hi:
            continue
        if a > pos:
            yield pos, a
        pos = max(pos, b)
    if pos < hi:
        yield pos, hi


def _period(f, k, sfigs, pairs, markers, doc, unit_norm) -> str:
    if unit_norm == "year" or f.unit_raw.endswith(("天", "个月")):
        return ""  # a duration is itself a length of time
    before = [m for m in markers if m[1] <= f.num_start <= m[3]]
    if k in pairs:
        frm = sfigs[pairs[k]]
        own = [m for m in before if m[0] >= frm.end]
        if own:
            return own[-1][2]
        base = [m for m in markers if m[1] <= frm.num_start <= m[3]]
        base_year = base[-1][2] if base else ""
        if doc and base_year.isdigit() and int(base_year) < doc[1]:
            return str(doc[1])
        return ""
    return before[-1][2] if before else ""
