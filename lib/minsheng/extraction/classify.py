"""Giving each figure its context: sentence, period, from→to pair, program, goal and metric.

Everything here reads the report's structure (sentences, clauses, the span a
report declares for itself) and the lexicons; nothing is tied to one report.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from minsheng.extraction.find import Figure, shadow
from minsheng.extraction.lexicon import Lexicon, longest_prefix

_SENTENCE_END = "。！？!?\n"
_SENTENCE_RE = re.compile("[^%s]*[%s]|[^%s]+$" % ((re.escape(_SENTENCE_END),) * 3))
_CLAUSE_END = "，,；;：:"
_CLAUSE_CUT_RE = re.compile("[%s（）()]" % re.escape(_CLAUSE_END))
_YEAR_RANGE_RE = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:-|—|–|~|至|到)\s*((?:19|20)\d{2})\s*年")
_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年(?!代)(以来)?")
_TITLE_RE = re.compile(r"《[^》\n]*》")
_DATE_RE = re.compile(r"(?:截至|截止|力争)?(?:\d{1,2}\s*[-—~至]\s*)?\d{1,2}\s*月(?:份|底|末|初|中旬|上旬|下旬)?(?:\d{1,2}\s*日)?")
_LIST_MARK_RE = re.compile(r"^\s*(?:[★☆●○■□◆◇▲△]+|[（(]?\d{1,2}[)）]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d{1,2}[、.．])\s*")
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
    return [m.span() for m in _SENTENCE_RE.finditer(text)]


def declared_span(text: str, lex: Lexicon) -> tuple[int, int] | None:
    """The years a report declares for itself in its title or opening, if any.

    ``2016-2020年`` or ``2016年至2020年`` or a five-year-plan label (“十三五”) in the
    opening; else a single year in the title line (an annual report).
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
    if candidates:
        return min(candidates)[1]
    title = next((line for line in head.splitlines() if line.strip()), "")
    m = _YEAR_RE.search(title)  # an annual report: 2023年XX市民生工程实施情况
    if m and not m.group(2):
        y = int(m.group(1))
        return (y, y)
    return None


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
    p = _prepared(lex)
    for rx, span in p["plan_markers"]:
        for m in rx.finditer(seg):
            add(m.start(), m.end(), span)
    if doc:
        for rx in p["span_words"] + (p["year_words"] if doc[0] == doc[1] else []):
            for m in rx.finditer(seg):
                add(m.start(), m.end(), _fmt(doc))
    found.sort()
    return found


def _segments(sh: str, lo: int, hi: int, figs: list[Figure]) -> list[tuple[int, int]]:
    """Clauses of a sentence: split at ，；： and at a 、 that follows a figure."""
    inside = [(f.start, f.end) for f in figs]  # 1,286名: a thousands comma is no clause end
    cuts = [m.start() for m in _CLAUSE_CUT_RE.finditer(sh, lo, hi)
            if not any(a <= m.start() < b for a, b in inside)]
    cuts += [f.end for f in figs if f.end < hi and sh[f.end] == "、"]
    cuts = sorted(set(cuts))
    spans, start = [], lo
    for c in cuts:
        spans.append((start, c))
        start = c + 1
    spans.append((start, hi))
    return spans


_PREPARED: dict[int, tuple[Lexicon, dict]] = {}
_YEAR_IN_PROGRAM_RE = re.compile(r"(?:19|20)\d{2}\s*年(?:底|初|末|度)?(?:以来)?的?")


def _prepared(lex: Lexicon) -> dict:
    """Sorted word lists, sets and compiled patterns of ``lex``, made once per lexicon (not per figure)."""
    hit = _PREPARED.get(id(lex))
    if hit is not None and hit[0] is lex:
        return hit[1]
    c = lex.cues
    p = {
        "drop_anywhere": sorted(c["program_drop_anywhere"], key=len, reverse=True),
        "drop_trailing": sorted(c["program_drop_trailing"], key=len, reverse=True),
        "drop_trailing_any": tuple(c["program_drop_trailing"]),
        "drop_anywhere_re": re.compile("|".join(map(re.escape, sorted(c["program_drop_anywhere"], key=len, reverse=True)))),
        "bare_re": re.compile("|".join(map(re.escape, sorted(c["program_verbs"] + c["program_generic"], key=len, reverse=True)))),
        "drop_leading": frozenset(c["program_drop_leading"]),
        "plan_strip": [re.compile("“?" + re.escape(label) + "”?(?:期间|时期|以来)?") for label in c["plans"]],
        "bare_words": sorted(c["program_verbs"] + c["program_generic"], key=len, reverse=True),
        "verbs": frozenset(c["program_verbs"]),
        "plan_markers": [(re.compile(re.escape(label)), span) for label, span in c["plans"].items()],
        "span_words": [re.compile(re.escape(w)) for w in c["span_words"]],
        "year_words": [re.compile(re.escape(w)) for w in c.get("year_words", [])],
    }
    _PREPARED[id(lex)] = (lex, p)  # keeps ``lex`` alive, so its id is not reused
    return p


def _strip_program(core: str, lex: Lexicon) -> str:
    c = lex.cues
    p = _prepared(lex)
    core = p["drop_anywhere_re"].sub("", core)
    core = _YEAR_IN_PROGRAM_RE.sub("", core)
    core = _DATE_RE.sub("", core)
    core = re.sub(r"[-—–~～]", "", core)
    core = _LIST_MARK_RE.sub("", core)
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


def _strip_leading_verbs(program: str, lex: Lexicon) -> str:
    verbs = _prepared(lex)["verbs"]
    while True:
        w = longest_prefix(program, 0, verbs)
        if not w:
            return program
        program = program[len(w):].lstrip("、")


def _is_bare(program: str, lex: Lexicon) -> bool:
    """True when a clause's words do not name a program of their own (建成, 资金, 受益群众)."""
    rest = program
    rest = _prepared(lex)["bare_re"].sub("", rest)
    return len(_CJK_ONLY.findall(rest)) < 2


_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]")
_DIGIT_RE = re.compile(r"[0-9]")


_KEYWORD_RE: dict[int, tuple[dict, re.Pattern, dict[str, int]]] = {}


def _keyword_matches(text: str, table: dict) -> list[tuple[int, str]]:
    """``(start, keyword)``: at every position of ``text``, the longest keyword of ``table`` starting there.

    One regular-expression scan (a look-ahead, so overlapping keywords are all seen)
    instead of one substring search per keyword.
    """
    hit = _KEYWORD_RE.get(id(table))
    if hit is None or hit[0] is not table:
        alternation = "|".join(map(re.escape, sorted(table, key=len, reverse=True)))
        hit = (table, re.compile(f"(?=({alternation}))"), {k: i for i, k in enumerate(table)})
        _KEYWORD_RE[id(table)] = hit  # keeps ``table`` alive, so its id is not reused
    return [(m.start(), m.group(1)) for m in hit[1].finditer(text)]


def _longest_keyword(text: str, table: dict) -> str | None:
    """The longest keyword of ``table`` in ``text``; the earlier line of the lexicon breaks ties."""
    found = _keyword_matches(text, table)
    if not found:
        return None
    order = _KEYWORD_RE[id(table)][2]
    return min((k for _, k in found), key=lambda k: (-len(k), order[k]))


def _nearest_keyword(text: str, table: dict) -> str | None:
    """The keyword of ``table`` that ends last in ``text`` (the longest among those)."""
    found = _keyword_matches(text, table)
    if not found:
        return None
    return max(found, key=lambda m: (m[0] + len(m[1]), len(m[1])))[1]


def _goal(program: str, segment: str, before: str, heading: str, sentence: str,
          lex: Lexicon) -> tuple[str, str]:
    """``(goal, program_en)``: a lexicon keyword of the nearest text that has one.

    In order: the program (glossary, then goal keywords), its clause, the clauses
    before it back to the last ；, the heading it stands under, the sentence.
    """
    k = _longest_keyword(program, lex.programs)
    if k:
        return lex.programs[k]
    for text in (program, segment):
        k = _longest_keyword(text, lex.goal_keywords)
        if k:
            return lex.goal_keywords[k], ""
    k = _nearest_keyword(before, lex.goal_keywords)
    if k:
        return lex.goal_keywords[k], ""
    for text in (heading, sentence):
        k = _longest_keyword(text, lex.goal_keywords)
        if k:
            return lex.goal_keywords[k], ""
    return "other", ""


_HEADING_RE = re.compile(r"^[ \t\u3000]*(?:[★☆●○■□◆◇▲△]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d))")


def headings(text: str) -> list[tuple[int, str]]:
    """``(start, text)`` of heading lines: a list marker (★, 一、, （一）, 1、) or a short line without 。.

    A heading that opens a paragraph (一、加强弱有所扶，提升保障水平。…) is its first sentence.
    """
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        if body and (_HEADING_RE.match(line) or (len(body) <= 30 and "。" not in body.rstrip("。"))):
            out.append((pos, re.split(r"[。！？]", body, maxsplit=1)[0]))
        pos += len(line)
    return out


def _metric(fig: Figure, unit_norm: str, segment: str, sh: str, lex: Lexicon) -> str:
    c = lex.cues
    if unit_norm.startswith("CNY") and any(w in segment for w in c["money_not_spending_cues"]):
        return "other"  # output, income or revenue of a place, not money spent
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
        if fig.unit_inferred or any(w in segment for w in c["ratio_cues"]):
            return "other"
        if fig.unit_raw.endswith("项") or (fig.unit_raw.endswith(("个", "件")) and any(w in segment for w in c["count_cues"])):
            return "count"
        return "output"
    # people, person-times, households
    before = sh[max(0, fig.start - 4):fig.start]
    after = sh[fig.end:fig.end + 6]
    everyone = any(n in fig.unit_raw or n in after for n in c["people_nouns"])  # not a group (老年人)
    if (everyone and any(w in before for w in c["population_before"])) or any(w in segment for w in c["population_cues"]):
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
    heads = headings(text)
    head_starts = [h[0] for h in heads]
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
        seg_starts = [sg[0] for sg in segs]
        seg_of = [segs[bisect.bisect_right(seg_starts, f.num_start) - 1] for f in sfigs]
        fig_spans = [(g.start, g.end) for g in sfigs]
        pairs = _pairs(sh, sfigs, seg_of, lex)

        # programs, clause by clause
        programs: list[str] = []
        last_program = ""
        stripped: dict[tuple[int, int], str] = {}  # figures of one clause share its words
        for k, f in enumerate(sfigs):
            s0, s1 = seg_of[k]
            if (s0, s1) not in stripped:
                stripped[s0, s1] = _strip_program("".join(sh[p:q] for p, q in _gaps(fig_spans, s0, s1)), lex)
            program = stripped[s0, s1]
            lead = sh[s0:s1].lstrip()
            continues = any(lead.startswith(w) for w in lex.cues["beneficiary_leads"])
            if k in pairs:
                program = programs[pairs[k]]
            elif continues and last_program:
                program = last_program
            elif (bare := _is_bare(program, lex)) and last_program:
                # 建成12929户 after 开工建设棚户区改造项目21529户: the clause's own verb
                # with the item named before it
                only_verbs = program and not _strip_leading_verbs(program, lex)
                program = program + _strip_leading_verbs(last_program, lex) if only_verbs else last_program
            elif bare:
                # the clause before names the item (对认定的返乡创业示范村，按每村3-5万元的标准给予奖补)
                prev_clause = [sg for sg in segs if sg[1] <= s0 and sg[1] > lo]
                topic = _strip_program(sh[prev_clause[-1][0]:prev_clause[-1][1]], lex) if prev_clause else ""
                program = topic if topic and not _is_bare(topic, lex) and not _DIGIT_RE.search(topic) else ""
            programs.append(program)
            if program:
                last_program = program

        metrics: list[str] = []
        goals: list[str] = []
        goal_of: dict[tuple, tuple[str, str]] = {}
        for k, f in enumerate(sfigs):
            s0, s1 = seg_of[k]
            segment = sh[s0:s1]
            role, partner, unit_norm = "", None, f.unit_norm
            if unit_norm == "CNY" and not f.unit_inferred:
                # a per-person basis earlier in the clause (人均可支配收入分别达到52316元)
                per = [w for w in lex.cues["per_prefixes"] if w in sh[s0:f.start]]
                if per:
                    unit_norm = lex.cues["per_prefixes"][max(per, key=len)]
            if k in pairs:
                role, partner = "to", members[pairs[k]]
                frm = sfigs[pairs[k]]
                if f.unit_norm == "CNY" and frm.unit_norm.startswith("CNY/"):
                    unit_norm = frm.unit_norm
            elif k in pairs.values():
                role = "from"
                partner = members[next(t for t, s in pairs.items() if s == k)]
            period = _period(f, k, sfigs, pairs, markers, doc, unit_norm)
            h = bisect.bisect_right(head_starts, f.start) - 1
            key = (programs[k], s0, s1, h)  # figures of one clause and program share their goal
            if key not in goal_of:
                before = sh[lo:s0]
                before = before[max(before.rfind("；"), before.rfind(";")) + 1:]
                goal_of[key] = _goal(programs[k], segment, before, heads[h][1] if h >= 0 else "", sentence, lex)
            goal, program_en = goal_of[key]
            metric = _metric(f, unit_norm, segment, sh, lex)
            if k > 0 and segment.lstrip().startswith("其中") and sfigs[k - 1].unit_norm == unit_norm:
                metric, goal = metrics[k - 1], goals[k - 1]  # a part of the figure before it
            metrics.append(metric)
            goals.append(goal)
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
        if doc and (not base_year or (base_year.isdigit() and int(base_year) < doc[1])):
            return str(doc[1])  # the level reached at the end of the period the report covers
        return ""
    return before[-1][2] if before else ""
