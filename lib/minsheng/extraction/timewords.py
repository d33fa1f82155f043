"""Time phrases: the years, spans, parts of a year and dates a piece of report text states.

One reader for every place a time is read: a figure's own sentence
(:mod:`minsheng.extraction.classify`), and a report's title, headings and
section openings (:mod:`minsheng.extraction.document`). The words are the
lexicons' (``cues.yaml``: plans, span and year words; ``periods.yaml``: parts
of a year, 截至…, years relative to a work report's delivery). Text is read
through its shadow (ASCII digits, same offsets), as everywhere in extraction.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from minsheng.extraction.lexicon import Lexicon
from minsheng.periods import bounds

# ``\s*(?:年\s*)?`` rather than ``\s*年?\s*``: the same strings, without trying every split of a long
# run of spaces between two ``\s*`` (quadratic in the run)
YEAR_RANGE_RE = re.compile(r"((?:19|20)\d{2})\s*(?:年\s*)?(?:-|—|–|~|至|到)\s*((?:19|20)\d{2})\s*年")
YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年(?!代)(以来)?")
#: a calendar date (2024年1月10日, 2024-01-10): a date line tells when a report was written, never a period
DATE_RE = re.compile(r"(?:19|20)\d{2}\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2}(?!\d))")
_MONTH_RANGE_RE = re.compile(r"(?<![\d.])(\d{1,2})\s*(?:-|—|–|~|至|到)\s*(\d{1,2})\s*月(?:份)?(?!\s*\d{1,2}\s*日)")
_LEAD_RE = re.compile(r"[ \t\u3000\r\n]*(?:[★☆●○■□◆◇▲△]+\s*)?(?:[一二三四五六七八九十]+[、是]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d))?\s*")


@dataclass(frozen=True)
class Time:
    """One time phrase: ``sh[start:end]`` states ``period`` of ``kind``.

    ``period`` is ``"2020"`` or ``"2016-2020"``, or ``""`` for a part of a year or a
    date whose year the phrase does not write (``1-5月``, ``截至11月底``): the year
    then comes from the section or the report. ``kind``: ``year``, ``span``,
    ``part_year``, ``as_of``. ``months``: for ``part_year``. ``word``: what was read
    (``range``, ``year``, ``since``, ``plan``, ``span_word``, ``year_word``,
    ``relative``, ``part_year``, ``as_of``).
    """

    start: int
    end: int
    period: str
    kind: str
    months: int | None = None
    word: str = ""


@dataclass(frozen=True)
class Frame:
    """What a relative phrase is read against.

    ``doc``: the first and last year the report covers (``None`` where unknown);
    ``delivery``: the year a government work report was delivered in (``None``
    for other reports). In a work report 过去一年 is ``delivery - 1``, 今年 is
    ``delivery``; elsewhere 五年来 is the report's span and 全年 its single year.
    """

    doc: tuple[int, int] | None = None
    delivery: int | None = None


def fmt(span: tuple[int, int] | None) -> str:
    """``(2016, 2020)`` → ``"2016-2020"``, ``(2020, 2020)`` → ``"2020"``, ``None`` → ``""``."""
    if span is None:
        return ""
    a, b = span
    return str(a) if a == b else f"{a}-{b}"


def kind_of(period: str) -> str:
    """``year`` for ``"2020"``, ``span`` for ``"2016-2020"``, ``""`` for ``""``."""
    return "" if not period else ("span" if "-" in period else "year")


def _alternation(words) -> re.Pattern | None:
    words = [w for w in words if w]
    if not words:
        return None
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


_PREPARED: dict[int, tuple[Lexicon, dict]] = {}


def prepared(lex: Lexicon) -> dict:
    """Compiled patterns of ``lex``'s time words, made once per lexicon."""
    hit = _PREPARED.get(id(lex))
    if hit is not None and hit[0] is lex:
        return hit[1]
    c, t = lex.cues, lex.time
    as_of_words = t.get("as_of_words", [])
    ends = sorted(t.get("as_of_ends", []), key=len, reverse=True)
    as_of = None
    if as_of_words:
        as_of = re.compile(
            "(?:" + "|".join(map(re.escape, sorted(as_of_words, key=len, reverse=True))) + r")\s*"
            r"(?:(?P<y>(?:19|20)\d{2})\s*年)?\s*"
            r"(?:(?P<m>\d{1,2})\s*月\s*(?:底|末|份|\d{1,2}\s*日)?"
            + ("|(?P<e>" + "|".join(map(re.escape, ends)) + ")" if ends else "") + ")?")
    p = {
        "plans": [(re.compile(re.escape(label)), span) for label, span in c.get("plans", {}).items()],
        "span_words": _alternation(c.get("span_words", [])),
        "span_words_n": _alternation(c.get("span_words_years", {})),
        "span_words_n_years": dict(c.get("span_words_years", {})),
        "year_words": _alternation(c.get("year_words", [])),
        "year_word_not_before": tuple(c.get("year_words_not_before", ())),
        "year_word_not_after": tuple(c.get("year_words_not_after", ())),
        "part_year": _alternation(t.get("part_year", {})),
        "part_year_months": dict(t.get("part_year", {})),
        "as_of": as_of,
        "relative_years": _alternation(t.get("relative_years", {})),
        "relative_spans": _alternation(t.get("relative_spans", {})),
        "as_of_words": tuple(as_of_words),
        "plan_labels": tuple(c.get("plans", {})),
        # whether a pass has anything to read in a segment: one search each, not a loop over the words
        "as_of_any": _alternation(as_of_words),
        "as_of_alone": _alternation(t.get("as_of_alone", [])),
        "part_year_any": re.compile("[" + re.escape("".join(sorted({w[-1] for w in t.get("part_year", {}) if w} | {"月"}))) + "]"),
        "plan_any": _alternation(c.get("plans", {})),
        # the characters a phrase can start with (an opening is read only where one stands first)
        "first_chars": frozenset("0123456789") | {w[0] for w in (
            *as_of_words, *t.get("part_year", {}), *t.get("relative_years", {}), *t.get("relative_spans", {}),
            *c.get("span_words", []), *c.get("span_words_years", {}), *c.get("year_words", []), *c.get("plans", {}))
            if w},
    }
    _PREPARED[id(lex)] = (lex, p)  # keeps ``lex`` alive, so its id is not reused
    return p


#: After a plan label (“十四五”): its end (末, 期末) or its first or last years (前三年, 后两年).
_PLAN_PART_RE = re.compile(r"”?(?:(?P<end>期末|末期|末)|(?P<side>前|后)(?P<n>[一两二三四五1-5])年)")
_SMALL_NUMBERS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}


def _covered(starts: list[int], ends: list[int], pos: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < ends[i]


def _part_year_at(seg: str, pos: int, p: dict) -> tuple[int, int] | None:
    """``(end, months)`` of a part of a year written at ``seg[pos]`` (1-5月, 上半年), or None."""
    m = _MONTH_RANGE_RE.match(seg, pos)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        return (m.end(), b - a + 1) if 1 <= a < b <= 12 else None
    if p["part_year"] is not None:
        m = p["part_year"].match(seg, pos)
        if m:
            return m.end(), int(p["part_year_months"][m.group(0)])
    return None


def phrases(sh: str, lo: int, hi: int, lex: Lexicon, frame: Frame = Frame(), *,
            dates: bool = True, titles: list[tuple[int, int]] | None = None) -> list[Time]:
    """Every time phrase in ``sh[lo:hi]``, in order of start (offsets into ``sh``).

    ``titles``: spans (relative to ``lo``) of 《…》 titles, whose years are a name's.
    ``dates=False``: a year that begins a calendar date (2024年1月10日) is no phrase
    (titles, headings, openings: a date there says when the report was written).
    A year followed by a part of a year (2024年1-5月, 2023年上半年) is one
    ``part_year`` phrase; 截至… with or without a year is an ``as_of`` phrase.
    """
    seg = sh[lo:hi]
    p = prepared(lex)
    t_starts, t_ends = ([a for a, _ in titles], [b for _, b in titles]) if titles else ([], [])
    found: list[Time] = []
    taken_starts: list[int] = []  # sorted starts of the phrases taken, and their ends (a bisect, not a scan:
    taken_ends: list[int] = []    # a line of 20,000 dated figures is one sentence)

    def free(a: int) -> bool:
        return not _covered(t_starts, t_ends, a) and not _covered(taken_starts, taken_ends, a)

    def add(a, b, period, kind, months=None, word=""):
        if free(a):
            found.append(Time(lo + a, lo + b, period, kind, months, word))
            i = bisect.bisect_left(taken_starts, a)
            taken_starts.insert(i, a)
            taken_ends.insert(i, b)

    # each pass runs only where its words can stand (a substring test is cheap; a scan per pass is not)
    has_year = "年" in seg
    if p["as_of"] is not None and p["as_of_any"].search(seg):
        for m in p["as_of"].finditer(seg):
            if m.group("y") or m.group("m") or m.groupdict().get("e"):
                add(m.start(), m.end(), m.group("y") or "", "as_of", None, "as_of")
    for m in YEAR_RANGE_RE.finditer(seg) if has_year else ():
        add(m.start(), m.end(), f"{m.group(1)}-{m.group(2)}", "span", None, "range")
    for m in YEAR_RE.finditer(seg) if has_year else ():
        if not free(m.start()):
            continue
        if not dates and DATE_RE.match(seg, m.start()):
            continue
        y = int(m.group(1))
        if m.group(2):
            if frame.doc and frame.doc[1] > y:
                add(m.start(), m.end(), f"{y}-{frame.doc[1]}", "span", None, "since")
            else:
                add(m.start(), m.end(), str(y), "year", None, "since")
            continue
        j = m.end()
        while j < len(seg) and seg[j] in " \t\u3000":
            j += 1
        part = _part_year_at(seg, j, p)
        if part:
            add(m.start(), part[0], str(y), "part_year", part[1], "part_year")
        else:
            add(m.start(), m.end(), str(y), "year", None, "year")
    if p["as_of_alone"] is not None and has_year:
        for m in p["as_of_alone"].finditer(seg):  # 年末城镇登记失业人员1320人: a stock at the year's end
            add(m.start(), m.end(), "", "as_of", None, "as_of")
    if "月" in seg:
        for m in _MONTH_RANGE_RE.finditer(seg):
            part = _part_year_at(seg, m.start(), p)
            if part:
                add(m.start(), part[0], "", "part_year", part[1], "part_year")
    if p["part_year"] is not None and p["part_year_any"].search(seg):
        for m in p["part_year"].finditer(seg):
            add(m.start(), m.end(), "", "part_year", int(p["part_year_months"][m.group(0)]), "part_year")
    if p["plan_any"] is not None and p["plan_any"].search(seg):
        for rx, span in p["plans"]:
            for m in rx.finditer(seg):
                end, period, kind = m.end(), span, "span"
                part = _PLAN_PART_RE.match(seg, m.end())
                b = bounds(span) if part else None
                if b is not None:
                    if part.group("end"):  # 到“十四五”末: the plan's last year
                        sub = (b[1], b[1])
                    else:  # “十四五”后两年: its last two years; 前三年: its first three
                        n = _SMALL_NUMBERS[part.group("n")]
                        sub = (b[1] - n + 1, b[1]) if part.group("side") == "后" else (b[0], b[0] + n - 1)
                    if b[0] <= sub[0] <= sub[1] <= b[1]:
                        end, period, kind = part.end(), fmt(sub), "span" if sub[0] < sub[1] else "year"
                add(m.start(), end, period, kind, None, "plan")
    rel = lex.time.get("relative_years", {})
    rel_spans = lex.time.get("relative_spans", {})
    if not has_year:  # every relative, span and year word below has 年 (过去一年, 五年来, 全年)
        pass
    elif frame.delivery is not None:
        y = frame.delivery
        if p["relative_spans"] is not None:
            for m in p["relative_spans"].finditer(seg):
                n = int(rel_spans[m.group(0)])
                add(m.start(), m.end(), fmt((y - n, y - 1)), "span", None, "relative")
        if p["relative_years"] is not None:
            for m in p["relative_years"].finditer(seg):
                add(m.start(), m.end(), str(y + int(rel[m.group(0)])), "year", None, "relative")
    elif frame.doc:
        if p["span_words"] is not None and frame.doc[0] < frame.doc[1]:
            for m in p["span_words"].finditer(seg):
                add(m.start(), m.end(), fmt(frame.doc), "span", None, "span_word")
        if p["span_words_n"] is not None and frame.doc[0] < frame.doc[1]:
            n_years = frame.doc[1] - frame.doc[0] + 1
            for m in p["span_words_n"].finditer(seg):  # 三年累计 in a 2021-2023 report: the span; in a longer one, no
                if int(p["span_words_n_years"][m.group(0)]) == n_years:
                    add(m.start(), m.end(), fmt(frame.doc), "span", None, "span_word")
        if p["year_words"] is not None:
            for m in p["year_words"].finditer(seg):  # one year: the report's, where it covers one
                if seg.startswith(p["year_word_not_before"], m.end()) and seg.endswith(p["year_word_not_after"], 0, m.start()):
                    continue  # 完成全年计划的60.8%: measured against the year's plan, not the figure's time
                add(m.start(), m.end(), str(frame.doc[0]) if frame.doc[0] == frame.doc[1] else "", "year", None,
                    "year_word")
    found.sort(key=lambda t: (t.start, t.end))
    return found


def leading(sh: str, lo: int, hi: int) -> int:
    """The offset after the indentation and list mark (一、 （一） 1、 ★ 一是) that open ``sh[lo:hi]``."""
    m = _LEAD_RE.match(sh, lo, hi)
    return m.end() if m else lo


def opening(sh: str, lo: int, hi: int, lex: Lexicon, frame: Frame = Frame()) -> Time | None:
    """The time phrase that opens ``sh[lo:hi]`` (after indentation and a list mark), or None.

    ``2019年，…``, ``1-5月，…``, ``“十三五”期间，…``, ``过去一年，…`` (a work report),
    ``五年来，…`` (a report that declares its span), also after a reporting lead-in
    (``据介绍，2024年…``: ``periods.yaml`` ``opening_lead_ins``). Calendar dates are no opening.
    """
    pos = leading(sh, lo, hi)
    for w in lex.time.get("opening_lead_ins", ()):  # 据介绍，2024年…: the time phrase after a reporting lead-in
        if sh.startswith(w, pos) and sh[pos + len(w):pos + len(w) + 1] in ("，", ","):
            pos += len(w) + 1
            break
    if pos < hi and sh[pos] in "“\"":
        pos += 1
    if pos >= hi or sh[pos] not in prepared(lex)["first_chars"]:
        return None
    for t in phrases(sh, pos, min(hi, pos + 40), lex, frame, dates=False):
        return t if t.start == pos else None
    return None
