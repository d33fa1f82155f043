"""Finding figures: every number in a report that carries a unit, a scale or a per-person basis.

This module only reads the surface: where a figure is, its value, unit and
qualifier. What it is about (period, program, goal, metric) is
:mod:`minsheng.extraction.classify`'s job.

The text is scanned through a *shadow* copy in which full-width digits and
signs are replaced one for one by their ASCII forms, so that every offset found
in the shadow is an offset into the report itself.

A figure whose number a float cannot hold faithfully is skipped with a warning
naming its offset (module logger), so that one absurd number (a run of 200,000
digits before 万元) does not cost the report its other figures. The bound: more
than :data:`MAX_INTEGER_DIGITS` digits before the decimal point (leading zeros
not counted; 10^20 yuan is ten million times the world's yearly product), a
Chinese numeral longer than :data:`MAX_CN_NUMERAL` characters (not read at all:
reading it costs quadratic time), or a value or ``value_norm`` that is not a
finite float or that is not zero but becomes 0.0 as a float.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import math
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from minsheng.extraction.lexicon import Lexicon, load, longest_prefix, longest_suffix, per_lexicon

_SHADOW = str.maketrans({
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    "．": ".", "％": "%", "－": "-", "～": "~", "／": "/", "・": "·", "•": "·",
})
# a number not glued to a letter, digit or point: (?<![0-9A-Za-z.])(?:[0-9]{1,3}(?:[,，][0-9]{3})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?
# written to open with its first digit (the look-behind then spans it), so that the engine skips in C
# to the next digit instead of trying the look-behind and the branches at every position
_ARABIC_RE = re.compile(r"[0-9](?<![0-9A-Za-z.][0-9])(?:[0-9]{0,2}(?:[,，][0-9]{3})+(?![0-9])|[0-9]*)(?:\.[0-9]+)?")
_CN_RE = re.compile(r"[〇零一二两三四五六七八九十百千万亿]+(?:点[〇零一二三四五六七八九]+)?")
_CN_DIGITS = set("〇零一二两三四五六七八九十")
_CN_NUMERAL_CHARS = frozenset("〇零一二两三四五六七八九十百千万亿")
_SPACES = " \t\u3000\u00a0"
_QUOTES = {"“": "”", "《": "》", "「": "」", "『": "』", "‘": "’"}
_SHORT_QUOTE = 12  # a quoted run this short is a label (“351”政策), not a statement
_PERCENT_WORD = "百分之"
MAX_INTEGER_DIGITS = 20  # a figure's number may have at most this many digits before the decimal point
MAX_CN_NUMERAL = 32      # longer runs of Chinese numerals are not read (一千二百三十四亿五千六百七十八万九千零一十二 has 22)
_TOO_LONG = Decimal("Infinity")  # the value of a Chinese numeral too long to read

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Figure:
    """One quantity as written. Offsets are ``str`` indices into the report."""

    start: int
    end: int
    text: str
    value: Decimal
    unit_raw: str
    value_norm: Decimal
    unit_norm: str
    qualifier: str
    num_start: int
    num_end: int
    unit_inferred: bool = False  # unit taken from context (a scale written alone)
    range_role: str = ""         # "low" / "high" for the bounds of a range
    extra: dict = field(default_factory=dict, compare=False)


_SHADOW_CHARS = {chr(k): v for k, v in _SHADOW.items()}
_SHADOW_RE = re.compile("[" + re.escape("".join(_SHADOW_CHARS)) + "]")


def shadow(text: str) -> str:
    """The text with full-width digits and signs replaced by ASCII, same length.

    A regex over the few characters to replace: ``str.translate`` with a dict table
    looks up every character of a CJK text (20x slower on a 5 MB text).
    """
    return _SHADOW_RE.sub(lambda m: _SHADOW_CHARS[m.group()], text)


def format_decimal(d: Decimal) -> str:
    """A plain decimal string without exponent or trailing zeros (``413088300``, ``0.5``)."""
    s = format(d.normalize(), "f")
    return s


@functools.cache
def _run_re(open_q: str, close_q: str) -> re.Pattern:
    return re.compile(re.escape(open_q) + "[^" + re.escape(close_q) + "\n]*(?:" + re.escape(close_q) + "|\n|\\Z)")


def closed_runs(text: str, open_q: str, close_q: str, pos: int = 0, endpos: int | None = None):
    """``(start, end)`` of every ``open_q…close_q`` run within one line, as ``open[^close\n]*close`` finds them.

    In linear time: the plain pattern, tried again at every opening mark that is
    never closed, costs the rest of the line each time (quadratic on a long line
    with many unclosed marks). This one always matches up to the closing mark,
    the line end or the end of the text, and keeps the runs that end in ``close_q``;
    an opening mark inside a run that no mark closes could not start a run either.
    """
    rx = _run_re(open_q, close_q)
    for m in rx.finditer(text, pos, len(text) if endpos is None else endpos):
        if m.end() > m.start() + 1 and text[m.end() - 1] == close_q:
            yield m.start(), m.end()


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Every quoted run (“…”, 「…」, 『…』, ‘…’), whatever its length."""
    spans = []
    for open_q, close_q in _QUOTES.items():
        if open_q != "《":
            spans.extend(closed_runs(text, open_q, close_q))
    return spans


_ASCII_QUOTED_RE = re.compile(rf'"([^"\n]{{0,{_SHORT_QUOTE}}})"')


@per_lexicon
def _non_figure_res(lex: Lexicon) -> list[re.Pattern]:
    """One pattern per word of ``cues["non_figures"]`` (each word's own occurrences, as ``re.finditer`` finds them)."""
    return [re.compile(re.escape(word)) for word in lex.cues["non_figures"]]


def _excluded_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Spans in which no number is a figure: non-figure expressions, titles, short quoted labels."""
    spans = []
    for rx in _non_figure_res(lex):
        for m in rx.finditer(text):
            spans.append(m.span())
    for open_q, close_q in _QUOTES.items():
        for a, b in closed_runs(text, open_q, close_q):
            if open_q == "《" or b - a - 2 <= _SHORT_QUOTE:
                spans.append((a, b))
    for m in _ASCII_QUOTED_RE.finditer(text):
        spans.append(m.span())
    return spans


class WordIndex:
    """Where the words of a list occur in a text, overlapping occurrences included.

    Answers "does one of the words lie wholly inside ``text[lo:hi]``" (what
    ``any(w in text[lo:hi] for w in words)`` says) in logarithmic time, without
    copying or scanning the slice: one scan of the text per word instead of one
    scan of the clause per figure, which is quadratic when a clause holds many.
    """

    def __init__(self, text: str, words, pos: int = 0, endpos: int | None = None):
        """Occurrences wholly inside ``text[pos:endpos]`` (the whole text by default), looked
        for on the first question (an index that is never asked costs nothing)."""
        self._args: tuple | None = (text, words, pos, len(text) if endpos is None else endpos)
        self._ends: list[int] = []
        self._max_start: list[int] = []

    def _build(self) -> None:
        text, words, pos, endpos = self._args
        self._args = None
        spans: list[tuple[int, int]] = []
        for w in {w for w in words if w}:
            p = text.find(w, pos, endpos)
            while p >= 0:
                spans.append((p + len(w), p))
                p = text.find(w, p + 1, endpos)
        spans.sort()
        self._ends = [e for e, _ in spans]
        self._max_start = list(itertools.accumulate((a for _, a in spans), max))

    def any_within(self, lo: int, hi: int) -> bool:
        if self._args is not None:
            self._build()
        i = bisect.bisect_right(self._ends, hi) - 1
        return i >= 0 and self._max_start[i] >= lo


@functools.cache
def _char_class(chars: str) -> re.Pattern:
    """``[chars]`` compiled once per set of characters."""
    return re.compile(f"[{re.escape(chars)}]")


class Marks:
    """Sorted positions of a set of characters in a text, for "the last one before" queries."""

    def __init__(self, text: str, chars: str, pos: int = 0, endpos: int | None = None):
        """The positions in ``text[pos:endpos]`` (the whole text by default)."""
        rx = _char_class(chars)
        self.pos = [m.start() for m in rx.finditer(text, pos, len(text) if endpos is None else endpos)]

    def last_before(self, p: int) -> int:
        """The last position ``< p`` holding one of the characters, or -1."""
        i = bisect.bisect_left(self.pos, p) - 1
        return self.pos[i] if i >= 0 else -1

    def first_from(self, p: int, end: int) -> int | None:
        """The first position in ``[p, end)`` holding one of the characters, or None."""
        i = bisect.bisect_left(self.pos, p)
        return self.pos[i] if i < len(self.pos) and self.pos[i] < end else None


class _Spans:
    """Merged, sorted spans with a logarithmic membership test."""

    def __init__(self, spans):
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


@dataclass(slots=True)
class _Num:
    start: int
    end: int
    value: Decimal
    chinese: bool
    scale: str = ""  # a trailing 万/亿 split off a Chinese numeral


@functools.lru_cache(maxsize=4096)
def _cn_value(run: str) -> Decimal | None:
    """A Chinese numeral's value (cn2an is slow; the same numerals recur), or None.

    cn2an is imported on the first Chinese numeral (its import compiles patterns for a
    quarter of a second: a report without Chinese numerals never pays it)."""
    import cn2an

    try:
        return Decimal(str(cn2an.cn2an(run, "smart")))
    except (ValueError, KeyError, IndexError, InvalidOperation):
        return None


def unrepresentable(value: Decimal, value_norm: Decimal) -> str | None:
    """Why a figure's value cannot be written as a float faithfully, or None (see the module's bound)."""
    if value is _TOO_LONG:
        return f"its Chinese numeral is longer than {MAX_CN_NUMERAL} characters"
    if value.is_finite() and value and value.adjusted() >= MAX_INTEGER_DIGITS:
        return (f"its number has {value.adjusted() + 1} digits before the decimal point, "
                f"more than the {MAX_INTEGER_DIGITS} a figure may have")
    for name, d in (("value", value), ("value_norm", value_norm)):
        f = float(d)
        if not math.isfinite(f) or (f == 0.0 and d != 0):
            return f"its {name} {d:.6e} is beyond what a float holds"
    return None


def _numbers(sh: str) -> list[_Num]:
    nums = []
    for m in _ARABIC_RE.finditer(sh):
        raw = m.group(0).replace(",", "").replace("，", "")
        try:
            nums.append(_Num(m.start(), m.end(), Decimal(raw), False))
        except InvalidOperation:  # pragma: no cover - the pattern only admits digits
            continue
    for m in _CN_RE.finditer(sh):
        run = m.group(0)
        if _CN_DIGITS.isdisjoint(run):
            continue  # 万, 千, 百 alone (千家万户, 百姓) are words, not numbers
        if m.start() > 0 and sh[m.start() - 1].isdigit():
            continue  # the scale of an Arabic number (3万)
        scale = ""
        if len(run) > 1 and run[-1] in "万亿" and _CN_DIGITS & set(run[:-1]):
            run, scale = run[:-1], run[-1]
        value = _cn_value(run) if len(run) <= MAX_CN_NUMERAL else _TOO_LONG
        if value is None:
            continue
        nums.append(_Num(m.start(), m.start() + len(run), value, True, scale))
    nums.sort(key=lambda n: n.start)
    return nums


@dataclass(slots=True)
class _Tail:
    """What follows a number: qualifier, scale, unit, qualifier."""

    end: int
    scale: str = ""
    scale_span: tuple[int, int] | None = None
    unit: str = ""
    unit_span: tuple[int, int] | None = None
    qualifier: str = "exact"
    suffix_qualified: bool = False


_PEOPLE_RE: dict = {}


def _people_re(lex: Lexicon) -> re.Pattern:
    """``<up to 4 CJK><people noun>`` (70多万城乡居民), compiled once per lexicon."""
    hit = _PEOPLE_RE.get(id(lex))
    if hit is None or hit[0] is not lex:
        nouns = "|".join(map(re.escape, lex.cues["people_nouns"]))
        hit = (lex, re.compile(rf"[\u4e00-\u9fff]{{0,4}}?(?:{nouns})"))
        _PEOPLE_RE[id(lex)] = hit
    return hit[1]


_NOT_QUALIFIERS: dict = {}


def not_qualifier_words(lex: Lexicon) -> frozenset:
    """``cues["qualifier_not_words"]`` as a set, made once per lexicon: words that merely
    contain a qualifier character (签约, 节约, 多元化) and qualify nothing."""
    hit = _NOT_QUALIFIERS.get(id(lex))
    if hit is None or hit[0] is not lex:
        hit = (lex, frozenset(lex.cues.get("qualifier_not_words", ())))
        _NOT_QUALIFIERS[id(lex)] = hit
    return hit[1]


def _tail(sh: str, pos: int, num: _Num, lex: Lexicon) -> _Tail:
    q = lex.cues["qualifiers"]
    t = _Tail(end=pos)
    if num.scale:  # 一千二百万: the 万 split off the Chinese numeral
        t.scale, t.scale_span = num.scale, (pos, pos + len(num.scale))
        pos += len(num.scale)
    w = longest_prefix(sh, pos, q["infix"])
    if w and longest_prefix(sh, pos, not_qualifier_words(lex)):
        w = None  # 3多元化: a word that starts with the qualifier character
    if w:
        t.qualifier, pos = q["infix"][w], pos + len(w)
    if not t.scale:
        s = longest_prefix(sh, pos, lex.scales)
        if s:
            t.scale, t.scale_span, pos = s, (pos, pos + len(s)), pos + len(s)
            w = longest_prefix(sh, pos, q["infix"])
            if w and t.qualifier == "exact":
                t.qualifier, pos = q["infix"][w], pos + len(w)
    t.end = pos
    upos = pos
    while upos < len(sh) and sh[upos] in _SPACES:
        upos += 1
    u = longest_prefix(sh, upos, lex.units)
    if u:
        t.unit, t.unit_span, pos = u, (upos, upos + len(u)), upos + len(u)
    elif t.scale or t.qualifier != "exact":
        # a people noun after a short modifier, where a scale or 多/余 says it is a
        # head count (70多万城乡居民), not a name or a hotline (12345热线受理群众)
        m = _people_re(lex).match(sh, upos)
        if m and not any(ch in lex.units or ch in lex.scales for ch in m.group(0)[:-2]):
            t.unit, t.unit_span, pos = m.group(0), (upos, m.end()), m.end()
    if t.unit or t.scale:
        w = longest_prefix(sh, pos, q["suffix"])
        if w:
            t.qualifier, pos, t.suffix_qualified = q["suffix"][w], pos + len(w), True
        t.end = pos
    return t


class _Finder:
    def __init__(self, text: str, lex: Lexicon):
        self.text = text
        self.sh = shadow(text)
        self.lex = lex
        self.excluded = _Spans(_excluded_spans(self.sh, lex))
        self.quoted = _Spans(_quoted_spans(self.sh))  # a Chinese numeral in quotes is a slogan (“一件实事、一名领导”)
        self.nums = _numbers(self.sh)
        self._clause_marks: Marks | None = None          # made on first use: most texts never need them
        self._cue_index: dict[str, WordIndex] = {}
        self._skipped: set[int] = set()  # offsets of figures skipped as unrepresentable, warned once each
        self._per_ends: list[int] | None = None  # where a word of per_prefixes ends, made on first use

    def _per_ends_between(self, lo: int, hi: int) -> bool:
        """A word of ``cues["per_prefixes"]`` ends at an offset in ``[lo, hi]``: one scan of the text
        per word, once, instead of a look-up at every offset before every money figure."""
        if self._per_ends is None:
            ends = set()
            for w in self.lex.cues["per_prefixes"]:
                p = self.sh.find(w) if w else -1
                while p >= 0:
                    ends.add(p + len(w))
                    p = self.sh.find(w, p + 1)
            self._per_ends = sorted(ends)
        i = bisect.bisect_left(self._per_ends, lo)
        return i < len(self._per_ends) and self._per_ends[i] <= hi

    # -- helpers -----------------------------------------------------------------
    def _unit_of(self, unit: str) -> tuple[str, Decimal] | None:
        if unit in self.lex.units:
            return self.lex.units[unit]
        if unit and any(unit.endswith(n) for n in self.lex.cues["people_nouns"]):
            return ("person", Decimal(1))
        return None

    def _infer_unit(self, pos: int) -> str:
        """The unit of a scale written alone (5万), from the cue words of its clause before it."""
        if self._clause_marks is None:
            self._clause_marks = Marks(self.sh, "，,；;。！？!?：:\n")
        start = self._clause_marks.last_before(pos) + 1
        for cue_list, unit in (("money_cues", "CNY"), ("people_cues", "person"), ("household_cues", "household")):
            index = self._cue_index.get(cue_list)
            if index is None:
                index = self._cue_index[cue_list] = WordIndex(self.sh, self.lex.cues[cue_list])
            if index.any_within(start, pos):
                return unit
        return "count"

    def _is_candidate(self, num: _Num) -> bool:
        sh = self.sh
        s, e = num.start, num.end
        if s > 0 and sh[s - 1] == "第":
            return False  # an ordinal
        if (s > 0 and sh[s - 1].isascii() and sh[s - 1].isalpha()) or (e < len(sh) and sh[e].isascii() and sh[e].isalpha()):
            return False  # part of a name such as 5G or G20
        if num.chinese and self.quoted.covers(s):
            return False
        return not self.excluded.covers(s)

    # -- one figure ----------------------------------------------------------------
    def _build(self, num: _Num, tail: _Tail, *, inherit: Figure | None = None, role: str = "") -> Figure | None:
        sh, text, lex = self.sh, self.text, self.lex
        start = num.start
        percent_word = sh.startswith(_PERCENT_WORD, num.start - len(_PERCENT_WORD)) if num.start >= len(_PERCENT_WORD) else False
        if inherit is not None:
            unit_norm, factor = inherit.unit_norm, inherit.extra["factor"]
            scale_factor = inherit.extra["scale_factor"]
            unit_raw, inferred = inherit.unit_raw, inherit.unit_inferred
            qualifier = "at_least"
            end = num.end
        else:
            if percent_word:
                unit_norm, factor, unit_raw, inferred = "percent", Decimal(1), _PERCENT_WORD, False
                start = num.start - len(_PERCENT_WORD)
                scale_factor = Decimal(1)
                if tail.unit or tail.scale:
                    return None
                end, qualifier = num.end, "exact"
                w = longest_prefix(sh, end, lex.cues["qualifiers"]["suffix"])
                if w:
                    qualifier, end = lex.cues["qualifiers"]["suffix"][w], end + len(w)
            else:
                if not (tail.unit or tail.scale):
                    return None
                if tail.scale in ("千", "百") and not tail.unit:
                    return None
                scale_factor = lex.scales[tail.scale] if tail.scale else Decimal(1)
                parts = []
                if tail.scale_span:
                    parts.append(text[tail.scale_span[0]:tail.scale_span[1]])
                if tail.unit:
                    unit_norm, factor = self._unit_of(tail.unit)
                    parts.append(text[tail.unit_span[0]:tail.unit_span[1]])
                    inferred = False
                else:
                    unit_norm, factor, inferred = self._infer_unit(num.start), Decimal(1), True
                unit_raw = "".join(parts)
                end, qualifier = tail.end, tail.qualifier
                if unit_norm == "year" and not tail.scale:
                    after = tail.unit_span[1]
                    if (num.value >= 1000 and num.value == num.value.to_integral_value()) or any(
                        sh.startswith(w, after) for w in lex.cues["year_not_duration_after"]
                    ) or sh.endswith(tuple(lex.cues.get("year_not_duration_before", ())), 0, num.start):
                        return None  # a calendar year or a period marker (“十四五”后两年), not a duration
                    end = tail.unit_span[1] if not tail.suffix_qualified else end
        # prefix qualifier and per-person basis, read backwards from the number:
        # 每人每年不低于10元 and 不低于每人每年10元 alike
        if inherit is None:
            pq, per_prefixes = lex.cues["qualifiers"]["prefix"], lex.cues["per_prefixes"]
            p = start
            got_q = got_per = False
            for _ in range(2):
                w = None if got_q else longest_suffix(sh, p, pq)
                if w and (longest_suffix(sh, p, not_qualifier_words(lex))
                          or (unit_norm == "year" and w in lex.cues.get("qualifier_time_prefixes", ()))):
                    w = None  # 签约12万人, 节约300万元: a word that ends with it; 近3年: the last three years
                if w:
                    qualifier = pq[w] if qualifier == "exact" else qualifier
                    p -= len(w)
                    got_q = True
                per = None
                if not got_per and unit_norm == "CNY" and not inferred:
                    per = longest_suffix(sh, p, per_prefixes) if self._per_ends_between(p, p) else None
                    if not per:
                        p, per = self._per_before_gap(p)
                if per:
                    unit_norm = per_prefixes[per]
                    unit_raw = text[p - len(per):p] + "…" + unit_raw
                    p -= len(per)
                    got_per = True
            start = p
        value_norm = num.value * scale_factor * factor
        if unit_norm in ("percent", "percentage_point", "year"):
            value_norm = num.value * scale_factor
        reason = unrepresentable(num.value, value_norm)
        if reason:
            self._skip(start, end, reason)
            return None
        return Figure(
            start=start, end=end, text=text[start:end], value=num.value, unit_raw=unit_raw,
            value_norm=value_norm, unit_norm=unit_norm, qualifier=qualifier,
            num_start=num.start, num_end=num.end, unit_inferred=inferred, range_role=role,
            extra={"factor": factor, "scale_factor": scale_factor},
        )

    def _skip(self, start: int, end: int, reason: str) -> None:
        if start in self._skipped:
            return
        self._skipped.add(start)
        shown = self.text[start:min(end, start + 24)] + ("…" if end > start + 24 else "")
        logger.warning("figure at offset %d (%r, %d characters) skipped: %s", start, shown, end - start, reason)

    def _range_basis(self, low: Figure, high: Figure) -> tuple[Figure, Figure]:
        """A per-unit basis written once before a range (每村3-5万元) holds for both bounds."""
        if high.unit_norm != "CNY" or high.unit_inferred or low.unit_norm != "CNY":
            return low, high
        per_prefixes = self.lex.cues["per_prefixes"]
        p = low.start
        per = longest_suffix(self.sh, p, per_prefixes)
        if not per:
            p, per = self._per_before_gap(p)
        if not per:
            return low, high
        unit_norm = per_prefixes[per]
        written = self.text[p - len(per):p]
        start = p - len(per)
        low = replace(low, start=start, text=self.text[start:low.end], unit_norm=unit_norm,
                      unit_raw=f"{written}…{low.unit_raw}")
        high = replace(high, unit_norm=unit_norm)  # its unit_raw stays as written beside it
        return low, high

    def _per_before_gap(self, p: int) -> tuple[int, str | None]:
        """A per-person basis a few characters before ``p`` (每户补助|1,200元): ``(new p, prefix)``."""
        per_prefixes = self.lex.cues["per_prefixes"]
        max_gap = int(self.lex.cues.get("per_prefix_gap", 0))
        if max_gap < 1 or not self._per_ends_between(p - max_gap, p - 1):
            return p, None  # no such word ends in the gap
        for gap in range(1, max_gap + 1):
            q = p - gap
            if q <= 0 or not ("\u4e00" <= self.sh[q] <= "\u9fff") or self.sh[q] in _CN_NUMERAL_CHARS:
                break  # the gap is words (补助), never a number (每亩一年0~0元)
            per = longest_suffix(self.sh, q, per_prefixes)
            if per:
                return q, per
        return p, None

    def _range_high(self, i: int, pos: int) -> int | None:
        """Index of the number after a range separator at ``pos``, if any."""
        sep = longest_prefix(self.sh, pos, self.lex.cues["range_separators"])
        if not sep or i + 1 >= len(self.nums):
            return None
        nxt = self.nums[i + 1]
        return i + 1 if nxt.start == pos + len(sep) else None

    def find(self) -> list[Figure]:
        figures: list[Figure] = []
        consumed = 0
        nums = self.nums
        i = 0
        while i < len(nums):
            num = nums[i]
            if num.start < consumed or not self._is_candidate(num):
                i += 1
                continue
            tail = _tail(self.sh, num.end, num, self.lex)
            bare = not (tail.unit or tail.scale)
            j = self._range_high(i, num.end if bare else tail.end)
            if bare and j is None and not self.sh.startswith(_PERCENT_WORD, max(0, num.start - len(_PERCENT_WORD)), num.start):
                i += 1  # a bare number (a list number, a date part): not a figure, nothing to build
                continue
            if j is not None and not tail.suffix_qualified and self._is_candidate(nums[j]):
                high_num = nums[j]
                high = self._build(high_num, _tail(self.sh, high_num.end, high_num, self.lex))
                low = None
                if high is not None and bare:
                    low = self._build(num, tail, inherit=high, role="low")
                elif high is not None:
                    low = self._build(num, tail)
                    if low is not None and low.unit_norm != high.unit_norm:
                        low = None
                    elif low is not None:
                        low = replace(low, qualifier="at_least" if low.qualifier == "exact" else low.qualifier, range_role="low")
                if low is not None and high is not None:
                    high = replace(high, qualifier="at_most" if high.qualifier == "exact" else high.qualifier, range_role="high")
                    with_basis = self._range_basis(low, high)
                    if not figures or with_basis[0].start >= figures[-1].end:
                        low, high = with_basis
                    if figures and low.start < figures[-1].end:
                        i += 1  # overlaps the figure before it: not a range of its own
                        continue
                    figures.extend([low, high])
                    consumed = high.end
                    i = j + 1
                    continue
                if bare:  # e.g. 2016-2018年 or 1-5月: a span of dates, both numbers skipped
                    consumed = max(consumed, high_num.end)
                    i = j + 1
                    continue
            fig = self._build(num, tail)
            if fig is not None and (not figures or fig.start >= figures[-1].end):
                figures.append(fig)
                consumed = fig.end
            i += 1
        return figures


def find_figures(text: str, lex: Lexicon | None = None) -> list[Figure]:
    """Every figure of ``text`` in order of position, with spans into ``text``.

    Never raises on text input; a text without figures gives an empty list.
    """
    return _Finder(text, lex or load()).find()
