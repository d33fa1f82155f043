"""Giving each figure its context: sentence, period, from→to pair, program, goal and metric.

Everything here reads the report's structure (sentences, clauses, the span a
report declares for itself) and the lexicons; nothing is tied to one report.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import re
from dataclasses import dataclass, replace

from minsheng.extraction.find import Figure, Marks, WordIndex, closed_runs, shadow
from minsheng.extraction.lexicon import Lexicon, longest_prefix, longest_suffix
from minsheng.extraction.timewords import YEAR_RANGE_RE as _YEAR_RANGE_RE
from minsheng.extraction.timewords import YEAR_RE as _YEAR_RE
from minsheng.extraction.timewords import Frame, Time, phrases
from minsheng.periods import bounds

_SENTENCE_END = "。！？!?\n"
_SENTENCE_RE = re.compile("[^%s]*[%s]|[^%s]+$" % ((re.escape(_SENTENCE_END),) * 3))
_CLAUSE_END = "，,；;：:"
_CLAUSE_CUT_RE = re.compile(f"[{re.escape(_CLAUSE_END)}（）()|]")  # a table cell (` | `) ends a clause too
_TITLE_RE = re.compile(r"《[^》\n]*》")
_DATE_RE = re.compile(r"(?:截至|截止|力争)?(?:\d{1,2}\s*[-—~至]\s*)?\d{1,2}\s*月(?:份|底|末|初|中旬|上旬|下旬)?(?:\d{1,2}\s*日)?")
_LIST_MARK_RE = re.compile(r"^\s*(?:[★☆●○■□◆◇▲△]+|[（(]?\d{1,2}[)）]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d{1,2}[、.．])\s*")
_HEAD_CHARS = 400  # the title and opening of a report, where it declares its span


@dataclass(slots=True)
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
    period_kind: str = ""         # year, span, part_year, as_of; "" with period
    months: int | None = None     # for part_year
    status: str = "actual"        # actual, planned
    inferred: str = ""            # ';'-separated field:source items (period, goal, status)
    sentence_start: int = 0       # bounds of the whole (stripped) sentence in the text
    sentence_end: int = 0


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


def _covered(starts: list[int], ends: list[int], pos: int) -> bool:
    """``pos`` lies in one of the sorted, non-overlapping spans ``[starts[i], ends[i])``."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]


def _markers(sh: str, lo: int, hi: int, frame: Frame, lex: Lexicon,
             clause_ends: Marks | None = None) -> list[tuple[int, int, str, int, Time]]:
    """Period markers ``(start, end, period, reach, time)`` in ``sh[lo:hi]``, titles 《…》 excluded.

    The time phrases of :func:`minsheng.extraction.timewords.phrases`. A marker
    holds from its end to ``reach``: the end of the sentence, or the end of its
    clause for the base year of a change (由2016年…), which says nothing of the
    figures after the change. ``clause_ends``: the positions of ，；： in the
    sentence (or in all of ``sh``), made here when a marker needs them.
    """
    seg = sh[lo:hi]
    titles = list(closed_runs(seg, "《", "》"))
    found: list[tuple[int, int, str, int, Time]] = []
    year = ""  # the last single year stated so far in the sentence: 2024年，…力争1-5月… is 2024's
    for tm in phrases(sh, lo, hi, lex, frame, titles=titles):
        if tm.kind == "year" and tm.period:
            year = tm.period
        elif not tm.period and tm.kind in ("part_year", "as_of") and year:
            tm = replace(tm, period=year)
        reach = hi
        a = tm.start - lo
        if any(seg.startswith(w, a - len(w)) for w in lex.cues["pair_from"]):
            clause_ends = clause_ends or Marks(sh, _CLAUSE_END, lo, hi)
            end = clause_ends.first_from(tm.end, hi)
            reach = end if end is not None else hi
        found.append((tm.start, tm.end, tm.period, reach, tm))
    return found


def _segments(sh: str, lo: int, hi: int, figs: list[Figure]) -> list[tuple[int, int]]:
    """Clauses of a sentence: split at ，；： and at a 、 that follows a figure."""
    # 1,286名: a thousands comma is no clause end (figures are sorted and do not overlap)
    starts, ends = [f.start for f in figs], [f.end for f in figs]
    cuts = [m.start() for m in _CLAUSE_CUT_RE.finditer(sh, lo, hi) if not _covered(starts, ends, m.start())]
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
        "drop_trailing_set": frozenset(c["program_drop_trailing"]),
        "drop_anywhere_re": re.compile("|".join(map(re.escape, sorted(c["program_drop_anywhere"], key=len, reverse=True)))),
        "bare_re": re.compile("|".join(map(re.escape, sorted(c["program_verbs"] + c["program_generic"], key=len, reverse=True)))),
        "drop_leading": frozenset(c["program_drop_leading"]),
        # a span word opening a programme's words is its time, not its name (三年累计1.54万人)
        "span_lead_re": re.compile("^(?:" + "|".join(map(re.escape, sorted(c.get("span_words_years", {}), key=len,
                                                                         reverse=True))) + ")")
        if c.get("span_words_years") else _NEVER,
        "plan_strip": [re.compile("“?" + re.escape(label) + "”?(?:期间|时期|以来)?") for label in c["plans"]],
        "plan_firsts": re.compile("[" + re.escape("".join(sorted({label[0] for label in c["plans"] if label}))) + "]")
        if any(c["plans"]) else _NEVER,
        "bare_words": sorted(c["program_verbs"] + c["program_generic"], key=len, reverse=True),
        "verbs": frozenset(c["program_verbs"]),
        "beneficiary_leads": tuple(c["beneficiary_leads"]),
        # the last money cue before a figure tells whether it is money spent (贷款贴息) or not (贴息贷款)
        "money_cues": {**{w: "spent" for w in c["money_spending_after_cues"]},
                       **{w: "not" for w in c["money_not_spending_cues"]}},
        "item_re": re.compile("|".join(f"(?:{rx})" for rx in c.get("item_markers", []))) if c.get("item_markers") else None,
        "fallback_goals": dict(c.get("goal_fallback_keywords", {})),
        "std_cues": tuple(c["standard_level_cues"]),
        "std_not": tuple(c["standard_level_not"]),
        "std_verbs": frozenset(c["standard_level_verbs"]),
        "std_block": tuple(c["standard_level_block"]),
        "std_bases": dict(c["standard_time_bases"]),
        "std_gap": frozenset(c["standard_gap_words"]),
        "std_joins": frozenset(c["standard_level_joins"]),
        "std_comma": frozenset(c["standard_level_comma"]),
        "jobs_before": frozenset(c.get("output_before", ())),
        "jobs_gap": frozenset(c.get("output_before_gap", ())),
        "cue_patterns": {},  # cue list name -> its pattern, filled by _Clauses.has on first use
    }
    _PREPARED[id(lex)] = (lex, p)  # keeps ``lex`` alive, so its id is not reused
    return p


_DASHES_RE = re.compile(r"[-—–~～]")
_DASHES = frozenset("-—–~～")
_PROGRAM_STRIP = frozenset(" \t\r\n\u3000、，,；;：:。—-")


def _strip_program(core: str, lex: Lexicon, p: dict | None = None) -> str:
    """A clause's words reduced to a program name: dates, list marks, plan labels and the
    leading and trailing words of ``program_drop_leading`` / ``program_drop_trailing`` removed.

    The words at the ends are dropped by moving two indices, not by copying the
    rest of the clause for each word (quadratic in a long clause of such words).
    """
    p = p or _prepared(lex)
    if "年" in core:
        core = p["span_lead_re"].sub("", core, count=1)
    core = p["drop_anywhere_re"].sub("", core)
    if "年" in core:
        core = _YEAR_IN_PROGRAM_RE.sub("", core)
    if "月" in core:
        core = _DATE_RE.sub("", core)
    if not _DASHES.isdisjoint(core):  # a set test of the few characters instead of a pattern's scan
        core = _DASHES_RE.sub("", core)
    core = _LIST_MARK_RE.sub("", core)
    if p["plan_firsts"].search(core):  # a plan label can stand only where its first character does
        for rx in p["plan_strip"]:
            core = rx.sub("", core)
    leading = p["drop_leading"]
    i, j = 0, len(core)
    quotes = core.count("“") - core.count("”") if "“" in core or "”" in core else 0  # open minus closed in core[i:j]
    changed = True
    while changed and i < j:
        changed = False
        while i < j and core[i] in _PROGRAM_STRIP:
            i += 1
        while j > i and core[j - 1] in _PROGRAM_STRIP:
            j -= 1
        if quotes:  # unbalanced: every quote goes (once; none is left to unbalance it again)
            core = core[i:j].replace("“", "").replace("”", "")
            i, j, quotes, changed = 0, len(core), 0, True
        w = longest_prefix(core, i, leading, j)
        if w:
            quotes -= w.count("“") - w.count("”")
            i, changed = i + len(w), True
        t = longest_suffix(core, j, p["drop_trailing_set"], i)  # the longest that ends at j within core[i:j]
        if t:
            quotes -= t.count("“") - t.count("”")
            j, changed = j - len(t), True
    return core[i:j]


def _strip_leading_verbs(program: str, lex: Lexicon) -> str:
    verbs = _prepared(lex)["verbs"]
    pos = 0
    while True:
        w = longest_prefix(program, pos, verbs)
        if not w:
            return program[pos:]
        pos += len(w)
        while pos < len(program) and program[pos] == "、":
            pos += 1


def _is_bare(program: str, lex: Lexicon) -> bool:
    """True when a clause's words do not name a program of their own (建成, 资金, 受益群众)."""
    rest = program
    rest = _prepared(lex)["bare_re"].sub("", rest)
    first = _CJK_ONLY.search(rest)
    return first is None or _CJK_ONLY.search(rest, first.end()) is None


_CJK_ONLY = re.compile(r"[\u4e00-\u9fff]")
_DIGIT_RE = re.compile(r"[0-9]")


_KEYWORD_RE: dict[int, tuple[dict, frozenset, re.Pattern, dict[str, int]]] = {}


def _trie_pattern(words) -> str:
    """A pattern that matches the longest of ``words`` at a position: the words as a trie
    (养(?:老(?:保险)?|…)), so that the engine tries the next character once per branch
    instead of every word in turn; a word that is a prefix of others is an optional tail."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(sub) for ch, sub in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return pattern(trie)


def _keyword_matches(text: str, table: dict) -> list[tuple[int, str]]:
    """``(start, keyword)``: at every position of ``text``, the longest keyword of ``table`` starting there
    (overlapping keywords included; an empty keyword is none).

    The keywords as a trie (:func:`_trie_pattern`), scanned in C: every branch of it opens
    with a character, so the engine skips to the next one that can start a keyword. A scan
    finds the longest keyword at each position where it finds one and goes on after it; the
    positions inside such a match are then tried one by one (where their character can start
    a keyword), so that overlapping keywords are all seen.
    """
    hit = _KEYWORD_RE.get(id(table))
    if hit is None or hit[0] is not table:
        words = [k for k in table if k]
        trie = re.compile(_trie_pattern(words)) if words else _NEVER
        hit = (table, frozenset(k[0] for k in words), trie, {k: i for i, k in enumerate(table)})
        _KEYWORD_RE[id(table)] = hit  # keeps ``table`` alive, so its id is not reused
    _, firsts, trie, _ = hit
    found = []
    for m in trie.finditer(text):
        a, b = m.span()
        found.append((a, m.group()))
        for p in range(a + 1, b):
            if text[p] in firsts:
                k = trie.match(text, p)
                if k:
                    found.append((p, k.group()))
    return found


def _longest_keyword(text: str, table: dict, found: list | None = None) -> str | None:
    """The longest keyword of ``table`` in ``text``; the earlier line of the lexicon breaks ties.
    ``found``: ``_keyword_matches(text, table)`` where the caller has it already."""
    if found is None:
        found = _keyword_matches(text, table)
    if not found:
        return None
    if len(found) == 1:
        return found[0][1]
    order = _KEYWORD_RE[id(table)][3]
    return min((k for _, k in found), key=lambda k: (-len(k), order[k]))


def _nearest_keyword(text: str, table: dict) -> str | None:
    """The keyword of ``table`` that ends last in ``text`` (the longest among those)."""
    found = _keyword_matches(text, table)
    if not found:
        return None
    return max(found, key=lambda m: (m[0] + len(m[1]), len(m[1])))[1]


_NEIGHBOUR: dict[int, tuple[Lexicon, dict]] = {}


def neighbour_keywords(lex: Lexicon) -> dict:
    """The goal keywords read in the clauses before a figure: all but
    ``cues["goal_keywords_own_clause_only"]`` (made once per lexicon)."""
    hit = _NEIGHBOUR.get(id(lex))
    if hit is None or hit[0] is not lex:
        own = set(lex.cues.get("goal_keywords_own_clause_only", ()))
        hit = (lex, {k: g for k, g in lex.goal_keywords.items() if k not in own})
        _NEIGHBOUR[id(lex)] = hit  # keeps ``lex`` alive, so its id is not reused
    return hit[1]


#: A text naming schools of both goals is about schools in general: ``education`` (the contract's "schools
#: and school places"), pre-school only where nothing else is named.
_SCHOOL_LEVELS = frozenset({"education", "early_childhood"})
#: education words that name no school level of their own (幼儿园教育, 幼儿教育 are pre-school)
_SCHOOL_LEVEL_NOT = frozenset({"教育"})


class _Goals:
    """``(goal, program_en)`` of a figure: a lexicon keyword of the nearest text that has one.

    In order: the program (glossary, then goal keywords), its clause, the clauses
    before it back to the last ；, the heading it stands under, the sentence.
    Each text is looked up once (per program, clause, heading and sentence), and
    the clauses before a figure are read once per sentence, not once per clause:
    a sentence of many clauses costs its length, not its length times its clauses.
    """

    def __init__(self, sh: str, lex: Lexicon, heads: list[tuple[int, str]]):
        self.sh, self.lex, self.heads = sh, lex, heads
        self._program: dict[str, tuple[str, str] | None] = {}
        self._clause: dict[tuple[int, int], str | None] = {}
        self._heading: dict[int, str | None] = {}
        self._sentence: dict[int, str | None] = {}
        self._max_len = max(map(len, lex.goal_keywords), default=1)
        self._near: tuple[int, int, tuple[int, int, str] | None] | None = None  # (from, read up to, best so far)
        self.neighbour_keywords = neighbour_keywords(lex)

    def _keyword_goal(self, text: str, program: bool = False) -> str | None:
        """The goal of the longest keyword of ``text``; a share (教育支出占一般公共预算支出的比重)
        is about what stands before its share word, where that names a goal."""
        for w in self.lex.cues.get("share_words", ()):
            cut = text.find(w)
            if cut == 0:
                return None  # 占…的比重 after the subject's own clause: the subject's goal, read there
            if cut > 0:
                k = _longest_keyword(text[:cut], self.lex.goal_keywords)
                if k:
                    return self.lex.goal_keywords[k]
        found = _keyword_matches(text, self.lex.goal_keywords)
        if len(found) > 1 and _SCHOOL_LEVELS <= {self.lex.goal_keywords[k] for _, k in found}:
            # schools of several levels (中小学和幼儿园): schools, not pre-school alone; a keyword inside a
            # longer one (教育 in 学前教育) names nothing of its own
            ends = [(p, p + len(k), k) for p, k in found]
            alone = {self.lex.goal_keywords[k] for p, e, k in ends
                     if k not in _SCHOOL_LEVEL_NOT
                     and not any(q <= p and e <= f and (q, f) != (p, e) for q, f, _ in ends)}
            if _SCHOOL_LEVELS <= alone:
                return "education"
        k = _longest_keyword(text, self.lex.goal_keywords, found)
        if program and k and self.lex.goal_keywords[k] == "overall" and len(found) > 1:
            # a programme named by a goal's words and a word for all livelihood money (教育民生资金): the goal's
            rest = [(p, q) for p, q in found if self.lex.goal_keywords[q] != "overall" and q not in k]
            # only where the other words name one goal: 教育、医疗、养老等方面的民生支出 is all livelihood money
            if rest and len({self.lex.goal_keywords[q] for _, q in rest}) == 1:
                order = _KEYWORD_RE[id(self.lex.goal_keywords)][3]  # made by the _keyword_matches call above
                return self.lex.goal_keywords[min((q for _, q in rest), key=lambda q: (-len(q), order[q]))]
        return self.lex.goal_keywords[k] if k else None

    def _of_program(self, program: str) -> tuple[str, str] | None:
        hit = self._program.get(program, self)
        if hit is self:
            k = _longest_keyword(program, self.lex.programs)
            if k:
                hit = self.lex.programs[k]
            else:  # the goal keywords are read only where no program keyword names the program
                goal = self._keyword_goal(program, program=True)
                hit = (goal, "") if goal else None
            self._program[program] = hit
        return hit

    def _nearest_before(self, lo: int, hi: int) -> str | None:
        """The goal keyword that ends last in ``sh[lo:hi]`` (the longest among those), as
        :func:`_nearest_keyword` finds it, reading only what the last call did not read."""
        state = self._near
        if state is None or state[0] != lo or hi < state[1]:
            state = (lo, lo, None)
        _, upto, best = state
        if hi > upto:
            # a keyword that ends after ``upto`` starts at most max_len - 1 characters before it
            w0 = max(lo, upto - self._max_len + 1)
            for p, k in _keyword_matches(self.sh[w0:hi], self.neighbour_keywords):
                cand = (w0 + p + len(k), len(k), k)
                if best is None or cand[:2] > best[:2]:
                    best = cand
            upto = hi
        self._near = (lo, upto, best)
        return best[2] if best else None

    def _fallback(self, program: str, clause: tuple[int, int]) -> tuple[str, str, str] | None:
        """The goal of a fallback keyword (学位) of the program, else of the clause, or None."""
        fallback = _prepared(self.lex)["fallback_goals"]
        if fallback:
            w = _longest_keyword(program, fallback)
            if w:
                return fallback[w], "", "program"
            w = _longest_keyword(self.sh[clause[0]:clause[1]], fallback)
            if w:
                return fallback[w], "", "clause"
        return None

    def goal(self, program: str, clause: tuple[int, int], before_from: int, heading: int,
             sentence_key, sentence: str) -> tuple[str, str, str]:
        """``(goal, program_en, where)``. In order: the program, its clause, the clauses before it
        back to ``before_from`` (the last ； or item marker), a fallback keyword (学位) of the
        program or clause, the sentence (``sentence``: its text, or the figure's item of it, keyed
        by ``sentence_key``), the heading (index ``heading`` of ``heads``, -1 for none). ``where``
        says what gave the goal: ``program``, ``clause``, ``sentence`` (another clause of its
        sentence), ``heading``, or ``""`` (none: other)."""
        hit = self._of_program(program)
        if hit:
            return hit[0], hit[1], "program"
        if clause not in self._clause:
            self._clause[clause] = self._keyword_goal(self.sh[clause[0]:clause[1]])
        if self._clause[clause]:
            return self._clause[clause], "", "clause"
        k = self._nearest_before(before_from, clause[0])
        near = self.lex.goal_keywords[k] if k else None
        if near is not None and near != "overall" and near not in _SCHOOL_LEVELS:
            return near, "", "sentence"
        # a fallback word of its own (学位) outweighs a word for all livelihood projects before it (十大民生实事…，
        # 计划新增学位4000个) and a school level where the clauses before name schools of both levels
        own = self._fallback(program, clause)
        if own is not None and near is not None and near in _SCHOOL_LEVELS and \
                self._keyword_goal(self.sh[before_from:clause[0]]) == "education":
            return own  # 新建中小学校9所、公办幼儿园7所，新增学位6300个
        if near is not None and (own is None or near != "overall"):
            return near, "", "sentence"
        if own is not None:
            return own
        if sentence_key not in self._sentence:
            self._sentence[sentence_key] = self._keyword_goal(sentence)
        if self._sentence[sentence_key]:
            return self._sentence[sentence_key], "", "sentence"
        if heading not in self._heading:
            self._heading[heading] = self._keyword_goal(self.heads[heading][1]) if heading >= 0 else None
        if self._heading[heading]:
            return self._heading[heading], "", "heading"
        return "other", "", ""


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


_MONEY_WINDOW = 40  # characters before a money figure in which its last money cue is looked for


def _money_not_spent(sh: str, lo: int, fig: Figure, lex: Lexicon) -> bool:
    """The last money cue before the figure in its clause (``sh[lo:fig.start]``, at most
    :data:`_MONEY_WINDOW` characters) says the money is not spent on the programme
    (贷款, 增收, 减税降费, 生产总值 …), and no word of money paid (贴息, 补贴) comes after it."""
    table = _prepared(lex)["money_cues"]
    w0 = max(lo, fig.start - _MONEY_WINDOW)
    found = _keyword_matches(sh[w0:fig.start], table)
    if not found:
        return False
    last = max(found, key=lambda m: (m[0] + len(m[1]), len(m[1])))[1]
    if table[last] == "not" and any(last.endswith(w) for w in lex.cues.get("money_resource_cues", ())):
        # 统筹可用财力3.2亿元用于民生实事: resources put to a use are spent on it
        return not any(sh.startswith(w, fig.end) for w in lex.cues.get("money_used_for", ()))
    return table[last] == "not"


_HEADING_KINDS = [
    ("star", re.compile(r"[★☆●○■□◆◇▲△]")),
    ("cn", re.compile(r"[一二三四五六七八九十]+、")),
    ("(cn)", re.compile(r"[（(][一二三四五六七八九十]+[)）]")),
    ("(n)", re.compile(r"[（(]\d+[)）]")),
    ("n", re.compile(r"\d{1,2}[、.．](?!\d)")),
]


def heading_parents(heads: list[tuple[int, str]]) -> list[int]:
    """For each heading, the index of the heading it stands under (-1 for none), by the
    kind of its list marker (★, 一、, （一）, （1）, 1、; a short line without one is a kind
    of its own): an outline read with a stack, so a list item's parent is never an
    item of the same list. Linear in the headings."""
    parents: list[int] = []
    stack: list[tuple[str, int]] = []
    for idx, (_, body) in enumerate(heads):
        b = body.lstrip(" \t\u3000")
        kind = next((name for name, rx in _HEADING_KINDS if rx.match(b)), "line")
        kinds = [kd for kd, _ in stack]
        if kind in kinds:
            del stack[kinds.index(kind):]  # a sibling: back to the level of that kind
        parents.append(stack[-1][1] if stack else -1)
        stack.append((kind, idx))
    return parents


def _metric(fig: Figure, unit_norm: str, has, sh: str, lex: Lexicon, seg: tuple[int, int],
            paid: bool = False) -> str:
    """The figure's metric; ``has(name)``: whether a cue of ``lex.cues[name]`` stands in its clause
    (``seg``, split at ，；： and after a figure's 、). ``paid``: its clause up to ，；： states
    money (a CNY figure): people counted as output are then recipients of that money."""
    c = lex.cues
    if unit_norm in ("percent", "percentage_point"):
        return "rate"
    if has("gap_cues"):
        return "other"  # a gap to target (资金缺口3000万元, 还差120户)
    if unit_norm.startswith("CNY") and _money_not_spent(sh, seg[0], fig, lex):
        return "other"  # output, income, revenue, loans, tax cuts of a place: not money spent
    if unit_norm == "CNY":
        return "spending"
    if unit_norm.startswith("CNY/person"):
        return "standard"
    if unit_norm == "CNY/unit":
        return "standard" if has("standard_cues") else "other"
    if unit_norm in ("percent", "percentage_point"):
        return "rate"
    if unit_norm == "year" or fig.unit_raw.endswith(("天", "个月")):
        return "duration"
    if unit_norm in ("m2", "km", "mu"):
        return "output"
    if unit_norm == "count":
        if fig.unit_inferred or has("ratio_cues"):
            return "other"
        if fig.unit_raw.endswith("项") or (fig.unit_raw.endswith(("个", "件")) and has("count_cues")):
            return "count"
        if has("stock_cues") or has("target_cues"):
            return "other"  # facilities that merely exist (现有养老机构15家); a target itself
        return "output"
    # people, person-times, households
    # one search each over the few characters before and after the figure (not a loop over the words)
    people = _cue_pattern(lex, "people_nouns")
    everyone = bool(people.search(fig.unit_raw) or people.search(sh, fig.end, fig.end + 6))  # not a group (老年人)
    if (everyone and _cue_pattern(lex, "population_before").search(sh, max(0, fig.start - 4), fig.start)
            or has("population_cues")):
        return "population"
    if has("insured_cues") and not has("insured_paid_cues"):
        return "population"  # the insured (参保人数38.6万人), unless paid for (代缴参保费用)
    at_place = has("place_words") and _cue_pattern(lex, "place_words").search(
        sh, max(seg[0], fig.start - _MONEY_WINDOW), fig.start) is not None
    if at_place and any(n in fig.unit_raw for n in c["everyone_nouns"]):
        return "population"  # 全市…惠及186万城乡居民: everyone of the place
    if has("stock_cues") and not has("beneficiary_leads"):
        if has("recipient_nouns"):
            return "beneficiaries"  # a group counted by its benefit (全县共有城乡低保对象6820户)
        if has("staff_nouns") or not at_place:
            return "other"  # staff in place (现有村医320名), a stock that merely exists
        return "population"  # a whole group of a place (全区共有残疾人1.2万人)
    if has("unemployed_cues") or has("target_cues"):
        return "other"  # the registered unemployed; a target or task itself (目标任务1200户)
    if has("output_cues") or _jobs_before(sh, fig.start, seg[0], lex):
        # trained, new jobs, renovated, approved …; recipients where the clause states the money paid for them
        return "beneficiaries" if paid or has("output_paid_cues") else "output"
    return "beneficiaries"


def _jobs_before(sh: str, pos: int, lo: int, lex: Lexicon) -> bool:
    """就业 / 上岗 (``cues["output_before"]``) ends right before ``pos``, or before one word of
    ``output_before_gap`` (…就业达1200人): people who found jobs. Reads at most a few characters."""
    p = _prepared(lex)
    gap = longest_suffix(sh, pos, p["jobs_gap"], lo)
    if gap:
        pos -= len(gap)
    return longest_suffix(sh, pos, p["jobs_before"], lo) is not None


_GAP_STEPS = 4  # at most this many words of `standard_gap_words` between the verb and the amount


def _standard_level(sh: str, clause_lo: int, fig: Figure, prev: tuple[int, str] | None, lex: Lexicon) -> str | None:
    """The per-person unit of a money amount in a standard's clause written without 每人, or None.

    ``标准提高到城市每月580元`` → CNY/person/month; ``由120元提高到140元`` (标准 before) →
    CNY/person; ``、农村每年5000元`` after such a level (``prev``: the end and unit of the
    figure before in the sentence) → its own time base. ``clause_lo``: where the clause
    (up to ，；：) starts. Reads a bounded window before the figure: constant cost.
    """
    if fig.unit_inferred or "亿" in fig.unit_raw:
        return None
    p = _prepared(lex)
    pos = fig.start
    base = longest_suffix(sh, pos, p["std_bases"])
    if base:
        pos -= len(base)
    for _ in range(_GAP_STEPS):
        w = longest_suffix(sh, pos, p["std_gap"])
        if not w:
            break
        pos -= len(w)
    unit = p["std_bases"][base] if base else "CNY/person"
    join = longest_suffix(sh, pos, p["std_joins"]) or (longest_suffix(sh, pos, p["std_comma"]) if base else None)
    if join and prev is not None and prev[0] == pos - len(join) and prev[1].startswith("CNY/person"):
        return unit  # the next level of the same standard (城市每月580元、农村每年5000元)
    verb = longest_suffix(sh, pos, p["std_verbs"])
    if not verb:
        return None
    v0 = pos - len(verb)
    reach = int(lex.cues.get("standard_level_reach", 14))
    w0 = max(clause_lo, v0 - reach - 2)
    window = sh[w0:v0]
    for cue in p["std_cues"]:
        k = window.rfind(cue)
        while k >= 0:
            a = w0 + k
            if not any(sh.startswith(n, a - n.index(cue)) for n in p["std_not"] if cue in n):
                between = sh[a + len(cue):v0]
                if len(between) <= reach and not any(b in between for b in p["std_block"]):
                    return unit
                break
            k = window.rfind(cue, 0, k)
    return None


def _pairs(sh: str, figs: list[Figure], seg_of: list[tuple[int, int]], lex: Lexicon,
           pair_from: WordIndex | None = None) -> dict[int, int]:
    """From→to pairs within a sentence: ``{index of 'to' figure: index of 'from' figure}``.

    ``pair_from``: where the words of ``lex.cues["pair_from"]`` (由, 从) occur in ``sh``.
    """
    c = lex.cues
    pair_from = pair_from or WordIndex(sh, c["pair_from"])
    pair_to = _cue_pattern(lex, "pair_to")
    out: dict[int, int] = {}
    used: set[int] = set()
    for k in range(1, len(figs)):
        a, b = figs[k - 1], figs[k]
        if k - 1 in used or k - 1 in out:
            continue
        if b.start - a.end > 40:
            continue
        if pair_to.search(sh, a.end, b.start) is None:  # no 提高到, 增加到 … between them
            continue
        if not pair_from.any_within(seg_of[k - 1][0], a.start):  # 由 or 从 earlier in the first one's clause
            continue
        compatible = a.unit_norm == b.unit_norm or (b.unit_norm == "CNY" and a.unit_norm.startswith("CNY/"))
        if compatible and not (a.unit_inferred or b.unit_inferred):
            out[k] = k - 1
            used.update((k - 1, k))
    return out


def _merged(spans) -> tuple[list[int], list[int]]:
    """``(starts, ends)`` of the union of ``spans``, sorted (figures never overlap; this makes sure)."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(spans):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


class _Clauses:
    """What the rules read in each clause of a sentence, worked out once per clause, not per figure.

    A sentence of many figures (a table row, a PDF text without punctuation) would
    otherwise copy and scan its clause for each of them: quadratic in the figures.
    """

    def __init__(self, sh: str, lo: int, segs: list[tuple[int, int]], figs: list[Figure], lex: Lexicon,
                 spans: tuple[list[int], list[int]] | None = None):
        """``spans``: the merged spans of the figures (:func:`_merged`), of the sentence or of the
        whole text (only their parts inside the sentence are read); made from ``figs`` when not given."""
        self.sh, self.lo, self.segs, self.lex = sh, lo, segs, lex
        self.fig_starts, self.fig_ends = spans if spans is not None else _merged((f.start, f.end) for f in figs)
        self._memo: dict[tuple, object] = {}
        self._words: dict[int, str] = {}  # the queries asked for every figure have a dict each (no closure per call)
        self._leads: dict[int, tuple[bool, bool]] = {}
        self._bare: dict[int, bool] = {}
        self._has: dict[tuple[int, str], bool] = {}
        self._p = _prepared(lex)
        self._patterns: dict[str, re.Pattern] = self._p["cue_patterns"]

    def _get(self, key, make):
        hit = self._memo.get(key, self)
        if hit is self:
            hit = self._memo[key] = make()
        return hit

    def words(self, i: int) -> str:
        """The clause's words without its figures, stripped to a program name."""
        hit = self._words.get(i)
        if hit is None:
            s0, s1 = self.segs[i]
            sh = self.sh
            hit = self._words[i] = _strip_program(
                "".join([sh[p:q] for p, q in _gaps(self.fig_starts, self.fig_ends, s0, s1)]), self.lex, self._p)
        return hit

    def _lead(self, i: int) -> tuple[bool, bool]:
        hit = self._leads.get(i)
        if hit is None:
            s0, s1 = self.segs[i]
            lead = self.sh[s0:s1].lstrip()
            hit = self._leads[i] = (lead.startswith(self._p["beneficiary_leads"]), lead.startswith("其中"))
        return hit

    def continues(self, i: int) -> bool:
        """The clause opens with a word that goes on about the item before (受益, 惠及, …)."""
        return self._lead(i)[0]

    def part(self, i: int) -> bool:
        """The clause opens with 其中: a part of the figure before."""
        return self._lead(i)[1]

    def bare(self, i: int) -> bool:
        hit = self._bare.get(i)
        if hit is None:
            hit = self._bare[i] = _is_bare(self.words(i), self.lex)
        return hit

    def only_verbs(self, i: int) -> bool:
        return self._get(("only_verbs", i), lambda: bool(self.words(i)) and not _strip_leading_verbs(self.words(i), self.lex))

    def topic_before(self, i: int) -> str:
        """The item the clause before names (对认定的返乡创业示范村，按每村3-5万元的标准给予奖补), or ''."""
        def make():
            # the clauses end in increasing order, so the one before is the last one ending after the sentence start
            if i == 0 or self.segs[i - 1][1] <= self.lo:
                return ""
            p0, p1 = self.segs[i - 1]
            topic = _strip_program(self.sh[p0:p1], self.lex)
            return topic if topic and not _is_bare(topic, self.lex) and not _DIGIT_RE.search(topic) else ""
        return self._get(("topic", i), make)

    def has(self, i: int, cue: str) -> bool:
        """A word of ``lex.cues[cue]`` stands in the clause (worked out once per clause and list;
        no closure per call: the metric rules ask this many times per figure)."""
        key = (i, cue)
        hit = self._has.get(key)
        if hit is None:
            s0, s1 = self.segs[i]
            rx = self._patterns.get(cue)
            if rx is None:
                rx = self._patterns[cue] = _cue_pattern(self.lex, cue)  # shared by every sentence
            hit = self._has[key] = rx.search(self.sh, s0, s1) is not None
        return hit


_CUE_PATTERNS: dict[tuple[int, str], tuple[Lexicon, re.Pattern]] = {}
_NEVER = re.compile(r"(?!x)x")


def _cue_pattern(lex: Lexicon, cue: str) -> re.Pattern:
    """One pattern for the words of ``lex.cues[cue]`` (a search in C instead of a loop over the words)."""
    hit = _CUE_PATTERNS.get((id(lex), cue))
    if hit is None or hit[0] is not lex:
        words = sorted({w for w in lex.cues[cue] if w}, key=len, reverse=True)
        hit = (lex, re.compile("|".join(map(re.escape, words))) if words else _NEVER)
        _CUE_PATTERNS[(id(lex), cue)] = hit  # keeps ``lex`` alive, so its id is not reused
    return hit[1]


def _last_markers(markers: list[tuple[int, int, str, int, Time]], positions: list[int]) -> list[tuple | None]:
    """For each position, the last marker (in the order of ``markers``) that holds there
    (``end <= position <= reach``), or None: ``[m for m in markers if m[1] <= p <= m[3]][-1]``,
    for all positions in one sweep instead of a scan of the markers per figure."""
    by_end = sorted(range(len(markers)), key=lambda j: markers[j][1])
    out: list[tuple | None] = [None] * len(positions)
    heap: list[int] = []  # -index of the markers whose end is passed; the ones out of reach are dropped lazily
    j = 0
    for q in sorted(range(len(positions)), key=positions.__getitem__):
        pos = positions[q]
        while j < len(by_end) and markers[by_end[j]][1] <= pos:
            heapq.heappush(heap, -by_end[j])
            j += 1
        while heap and markers[-heap[0]][3] < pos:  # out of reach here, so for every later position too
            heapq.heappop(heap)
        out[q] = markers[-heap[0]] if heap else None
    return out


class _Joined:
    """``words + last_program`` without its leading verbs, made once per pair of strings.

    A run of bare clauses (建成12929户，…) takes the program of the clause before
    again and again; the same string is then returned, not a new copy each time.
    """

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self._memo: dict[tuple[str, str], str] = {}

    def __call__(self, words: str, last_program: str) -> str:
        key = (words, last_program)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = words + _strip_leading_verbs(last_program, self.lex)
        return hit


def classify(text: str, figs: list[Figure], lex: Lexicon, document=None) -> list[Context]:
    """The :class:`Context` of every figure of ``text`` (same order as ``figs``).

    ``document``: the report's :class:`~minsheng.extraction.document.Document`
    (read here when not given). A figure's period is its own sentence's, else
    its section's, else the report's (:func:`_fallback`); its status is
    ``planned`` by its own clause, its section or a plan report
    (:func:`minsheng.extraction.status.status`); ``inferred`` names the fallbacks.

    Linear in the text and the figures whatever the layout: what a clause or a
    sentence says is read once (:class:`_Clauses`, :class:`_Goals`), positions of
    cue words are looked up in indexes made once per sentence (:class:`WordIndex`,
    :class:`Marks`), and every figure of a sentence shares its ``sentence`` string.
    """
    from minsheng.extraction.document import read_document  # document reads headings and sentences of this module
    from minsheng.extraction.status import Status

    sh = shadow(text)
    document = document if document is not None else read_document(text, lex)
    frame = document.frame
    doc = frame.doc
    status_of = Status(sh, document, lex)
    sections = status_of.index
    heads = headings(text)
    parents = heading_parents(heads)
    item_re = _prepared(lex)["item_re"]
    # item markers (一是, （2）, ②) and clause marks (，；：, not a thousands comma), once for the text
    items_all = [m.start() for m in item_re.finditer(sh)] if item_re is not None and figs else []
    commas = Marks(sh, "，,；;：:") if figs else Marks("", "，")
    fig_starts, fig_ends = _merged((g.start, g.end) for g in figs)
    commas.pos = [q for q in commas.pos  # not a thousands comma inside a figure (1,286名)
                  if not (sh[q - 1:q].isdigit() and _covered(fig_starts, fig_ends, q))]
    head_starts = [h[0] for h in heads]
    per_prefixes = lex.cues["per_prefixes"]
    per_index: dict[str, WordIndex] | None = None  # where each per-person prefix stands in the text, made on first use
    goals_of = _Goals(sh, lex, heads)
    # where 由, 从 stand, for the pairs of every sentence (built on the first question: an occurrence
    # wholly inside a clause of a sentence is one of that sentence's)
    pair_from = WordIndex(sh, lex.cues["pair_from"])
    joined = _Joined(lex)
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
        raw = text[lo:hi]
        sentence = raw.strip()  # one string, shared by the sentence's figures
        s_start = lo + (len(raw) - len(raw.lstrip()))
        s_end = s_start + len(sentence)
        # positions of words and marks are indexed per sentence, and only in sentences with figures
        semicolons = Marks(sh, "；;", lo, hi)
        # item markers inside the sentence: each item keeps its own goal
        items = items_all[bisect.bisect_left(items_all, lo):bisect.bisect_left(items_all, hi)] if items_all else []
        markers = _markers(sh, lo, hi, frame, lex)
        segs = _segments(sh, lo, hi, sfigs)
        seg_starts = [sg[0] for sg in segs]
        seg_idx = [bisect.bisect_right(seg_starts, f.num_start) - 1 for f in sfigs]
        seg_of = [segs[i] for i in seg_idx]
        pairs = _pairs(sh, sfigs, seg_of, lex, pair_from)
        to_of = {frm: to for to, frm in pairs.items()}
        clauses = _Clauses(sh, lo, segs, sfigs, lex, (fig_starts, fig_ends))
        last_marker = _last_markers(markers, [f.num_start for f in sfigs])

        # programs, clause by clause
        programs: list[str] = []
        last_program = ""
        last_item = -1
        # a table row (序号 | 项目 | 目标 | 进展 | 单位): each cell starts from the row's item, never from the cell before
        row = _table_row(text, lo, hi, lex) if "|" in raw else None
        last_cell = -1
        for k in range(len(sfigs)):
            i = seg_idx[k]
            if items:
                item = bisect.bisect_right(items, sfigs[k].num_start) - 1
                if item != last_item:
                    last_item, last_program = item, ""  # a new item of a list names its own program
            in_cell = False
            if row is not None:
                cell = bisect.bisect_right(row[0], sfigs[k].num_start)
                in_cell = cell > row[2]  # a cell after the item's
                if cell != last_cell:
                    last_cell, last_program = cell, row[1] if in_cell else ""
            program = clauses.words(i)  # figures of one clause share its words
            if k in pairs:
                program = programs[pairs[k]]
            elif clauses.continues(i) and last_program:
                program = last_program
            elif in_cell and clauses.bare(i) and row[1]:
                program = last_program  # 完工19个 in the progress cell of 老旧小区改造: the row's item, or its cell's
            elif (bare := clauses.bare(i)) and last_program:
                # 建成12929户 after 开工建设棚户区改造项目21529户: the clause's own verb
                # with the item named before it
                program = joined(program, last_program) if clauses.only_verbs(i) else last_program
            elif bare:
                # the clause before names the item (对认定的返乡创业示范村，按每村3-5万元的标准给予奖补)
                program = clauses.topic_before(i)
            programs.append(program)
            if program:
                last_program = program

        metrics: list[str] = []
        goals: list[str] = []
        units: list[str] = []
        # clauses up to ，；： (not split at 、), and those that state money: people counted as
        # output in such a clause are the recipients of that money
        comma_of = [bisect.bisect_left(commas.pos, g.num_start) for g in sfigs]
        paid_clauses = {comma_of[j] for j, g in enumerate(sfigs) if g.unit_norm == "CNY" and not g.unit_inferred}
        goal_bys: list[str] = []
        own_plan: list[bool] = []  # planned by its own words (not by its section or the report)
        intro_flags: list[bool] | None = None
        goal_of: dict[tuple, tuple[str, str, str]] = {}
        for k, f in enumerate(sfigs):
            i = seg_idx[k]
            s0, s1 = seg_of[k]
            role, partner, unit_norm = "", None, f.unit_norm
            if unit_norm == "CNY" and not f.unit_inferred:
                # a per-person basis earlier in the clause (人均可支配收入分别达到52316元)
                if per_index is None:  # only the prefixes the text holds at all
                    per_index = {w: WordIndex(sh, (w,)) for w in per_prefixes if w and w in sh}
                per = [w for w, index in per_index.items() if index.any_within(s0, f.start)]
                if per:
                    unit_norm = per_prefixes[max(per, key=len)]
            if unit_norm == "CNY" and k not in pairs:
                c0 = commas.last_before(f.num_start)
                prev = (sfigs[k - 1].end, units[k - 1]) if k else None
                unit_norm = _standard_level(sh, c0 + 1 if c0 >= lo else lo, f, prev, lex) or unit_norm
            if k in pairs:
                role, partner = "to", members[pairs[k]]
                if f.unit_norm == "CNY" and units[pairs[k]].startswith("CNY/"):
                    unit_norm = units[pairs[k]]
            elif k in to_of:
                role, partner = "from", members[to_of[k]]
            period, kind, months, period_by = _period(f, k, sfigs, pairs, to_of, last_marker, doc, unit_norm, sh, lex)
            if period_by == "own" and k not in pairs and last_marker[k] is not None and last_marker[k][4].word == "year_word":
                # 全年 / 今年 is the report's year, but in a section of another year (三、2023年工作计划) the section's
                sec = sections.period_at(f.start)
                if sec is not None and sec.period != period and (b := bounds(sec.period)) is not None and b[0] == b[1]:
                    period, period_by = sec.period, "section"
            if period_by in ("", "year_of"):  # no period of its own: the section's, else the report's
                period, kind, months, period_by = _fallback(period_by, kind, months, f.start, document, sections)
                if kind == "year" and document.title_as_of and status_of.column(f.start) == "progress":
                    kind = "as_of"  # a progress column under a title dated 截至9月底: the year's progress so far
            h = bisect.bisect_right(head_starts, f.start) - 1
            if h >= 0 and heads[h][0] >= lo:
                h = parents[h]  # the heading is this sentence itself (a list item): the one it stands under
            key = (programs[k], s0, s1, h)  # figures of one clause and program share their goal
            if key not in goal_of:
                semi = semicolons.last_before(s0)  # the clauses before it count back to the last ；
                before_from = semi + 1 if semi >= lo else lo
                item_lo, item_hi = lo, hi  # the figure's item of a numbered list within the sentence
                if items:
                    j = bisect.bisect_right(items, f.num_start) - 1
                    if j >= 0:
                        item_lo = items[j]
                        before_from = max(before_from, min(item_lo, s0))
                    if j + 1 < len(items):
                        item_hi = items[j + 1]
                item_text = sentence if (item_lo, item_hi) == (lo, hi) else text[item_lo:item_hi]
                goal_of[key] = goals_of.goal(programs[k], (s0, s1), before_from, h, (lo, item_lo), item_text)
            goal, program_en, goal_by = goal_of[key]
            units.append(unit_norm)
            metric = _metric(f, unit_norm, functools.partial(clauses.has, i), sh, lex, seg_of[k],
                             paid=comma_of[k] in paid_clauses)
            if (k > 0 and metric == "beneficiaries" and metrics[k - 1] == "output" and sfigs[k - 1].unit_norm == unit_norm
                    and programs[k] == programs[k - 1] and not clauses.has(i, "beneficiary_leads")):
                metric = "output"  # 城镇新增就业2021年4860人、2022年5120人，三年累计1.54万人: the same count again
            if k > 0 and clauses.part(i) and sfigs[k - 1].unit_norm == unit_norm:
                metric = metrics[k - 1]  # a part of the figure before it
                if goal_by not in ("program", "clause"):  # a part naming its own goal keeps it (其中民生支出…)
                    goal, goal_by = goals[k - 1], goal_bys[k - 1]
            metrics.append(metric)
            goals.append(goal)
            goal_bys.append(goal_by)
            if metric == "population" and goal == "other":
                goal, goal_by = "overall", ""
            if goal == "overall" and metric not in ("spending", "count", "population", "beneficiaries"):
                goal, program_en, goal_by = "other", "", ""
            if intro_flags is None:
                intro_flags = status_of.intros(segs)
            planned, status_by = status_of(f, (s0, s1), intro_flags[i])
            if planned and status_by == "document" and period_by == "own" and _before_period(period, document.period):
                planned, status_by = False, ""  # 2024年已建成… in a 2025 plan: last year's result, not a target
            if (not planned and k and own_plan[k - 1] and comma_of[k] == comma_of[k - 1] and sh[s0 - 1:s0] == "、"
                    and not status_of.done((s0, s1))):
                planned = True  # 计划新增学位4000个、普惠性托位1500个: the plan word holds for the list after it
            own_plan.append(planned and not status_by)
            inferred = [f"period:{period_by}"] if period_by in ("section", "document") else []
            if goal_by in ("heading", "sentence"):
                inferred.append(f"goal:{goal_by}")
            if status_by:
                inferred.append(f"status:{status_by}")
            out[members[k]] = Context(
                sentence=sentence, period=period, program=programs[k], program_en=program_en,
                goal=goal, metric=metric, pair_role=role, pair_index=partner,
                unit_norm=unit_norm if unit_norm != f.unit_norm else None,
                period_kind=kind, months=months, status="planned" if planned else "actual",
                inferred=";".join(inferred), sentence_start=s_start, sentence_end=s_end,
            )
    return out  # type: ignore[return-value]


def _table_row(text: str, lo: int, hi: int, lex: Lexicon) -> tuple[list[int], str, int] | None:
    """A sentence that is a row of cells (`` | ``): ``(positions of its cell bars, the item's programme,
    the item cell's index)``; the item is the first cell with words and no digit (序号 cells are digits).
    None where the row has fewer than three cells or no such cell."""
    bars = [m.start() for m in _BAR_RE.finditer(text, lo, hi)]
    if len(bars) < 2:
        return None
    edges = [lo, *[b + 1 for b in bars]]
    ends = [*bars, hi]
    for idx, (a, b) in enumerate(zip(edges, ends)):
        cell = text[a:b].strip()
        if cell and not any(ch.isdigit() for ch in cell) and any("\u4e00" <= ch <= "\u9fff" for ch in cell):
            return bars, _strip_program(cell, lex), idx
    return None


_BAR_RE = re.compile(r"\|")


def _before_period(period: str, reference: str) -> bool:
    """``period`` ends before ``reference`` starts (2024 before a plan of 2025); False where either is unknown."""
    a, b = bounds(period), bounds(reference)
    return a is not None and b is not None and a[1] < b[0]


def _gaps(starts: list[int], ends: list[int], lo: int, hi: int):
    """The parts of ``[lo, hi)`` not covered by the sorted, non-overlapping spans ``[starts[i], ends[i])``."""
    pos = lo
    i = bisect.bisect_right(ends, lo)  # the first span that ends after lo
    while i < len(starts) and starts[i] < hi:
        if starts[i] > pos:
            yield pos, starts[i]
        pos = max(pos, ends[i])
        i += 1
    if pos < hi:
        yield pos, hi


def _period(f, k, sfigs, pairs, to_of, last_marker, doc, unit_norm, sh, lex) -> tuple[str, str, int | None, str]:
    """``(period, kind, months, by)`` of a figure from its own sentence.

    ``last_marker[j]``: the last period marker that holds at ``sfigs[j]`` (see
    :func:`_last_markers`). ``by``: ``own`` (its sentence states it), ``document``
    (a pair's final level at the end of the report's span), ``none`` (a duration:
    no period at all), ``year_of`` (a part of a year or a date without its year:
    ``kind`` and ``months`` known, the year to come from the section or report),
    or ``""`` (nothing in the sentence).
    """
    if unit_norm == "year" or f.unit_raw.endswith(("天", "个月")):
        return "", "", None, "none"  # a duration is itself a length of time
    before = last_marker[k]
    if k in pairs:
        frm = sfigs[pairs[k]]
        if before is not None and before[0] >= frm.end:  # a marker of its own, after the 'from' figure
            return _of_marker(before)
        base = last_marker[pairs[k]]
        base_year = base[2] if base else ""
        if doc and (not base_year or (base_year.isdigit() and int(base_year) < doc[1])):
            return str(doc[1]), "year", None, "document"  # the level reached at the end of the report's span
        return "", "", None, "none"
    if before is None and k in to_of:
        if doc and doc[0] == doc[1]:
            offset = _base_year_before(sh, f.start, lex)
            if offset is not None:  # 由上年的每人每月610元 in a 2022 report: the level of 2021
                return str(doc[1] + offset), "year", None, "own"
        return "", "", None, "none"  # the base level of a change (从650元提高到700元): not the report's period
    return _of_marker(before) if before else ("", "", None, "")


def _base_year_before(sh: str, pos: int, lex: Lexicon) -> int | None:
    """The year offset of a relative year word (上年, 去年: ``periods.yaml`` ``relative_base_years``)
    ending right before ``pos``, with or without 的, or None: the year of a change's base level."""
    words = lex.time.get("relative_base_years", {})
    if not words:
        return None
    end = pos - 1 if sh[pos - 1:pos] == "的" else pos
    w = longest_suffix(sh, end, words)
    return int(words[w]) if w else None


def _of_marker(marker) -> tuple[str, str, int | None, str]:
    tm: Time = marker[4]
    if not tm.period and tm.kind == "year":
        return "", "", None, "none"  # 全年 in a multi-year report: one year, which one is not known
    if not tm.period:
        return "", tm.kind, tm.months, "year_of"
    return tm.period, tm.kind, tm.months, "own"


def _fallback(by: str, kind: str, months: int | None, pos: int, document, sections) -> tuple[str, str, int | None, str]:
    """The period of a figure whose sentence states none (``by`` ``""``) or states a part of a
    year without its year (``year_of``): the innermost section's with a period, else the report's.
    ``sections``: the report's :class:`~minsheng.extraction.document.SectionIndex`."""
    sec = sections.period_at(pos)
    if sec is not None:
        return _merge(by, kind, months, sec.period, sec.period_kind, sec.months, "section")
    if document.period:
        return _merge(by, kind, months, document.period, document.period_kind, document.months, "document")
    return "", "", None, "none"


def _merge(by, kind, months, period, p_kind, p_months, source):
    if by != "year_of":
        return period, p_kind, p_months, source
    b = bounds(period)
    if b is None or b[0] != b[1]:
        return "", "", None, "none"  # 1-5月 in a multi-year section: the year is not known
    return str(b[1]), kind, months, source
