"""Reading a report as a whole, before its figures: title, period, kind, sections.

:func:`read_document` returns a :class:`Document`: what the report says about
itself, so that every figure whose own sentence states no time can fall back
to the section it stands in, then to the report (the contract's "How a
figure's meaning is judged"). It reads

- the **title** (the first non-empty line, when it is not a sentence) and the
  lines under it (a subtitle, a date line: a date line tells when a government
  work report was delivered, never a period);
- the report's **period**: the first time phrase of its title, else of a
  【heading】 near the top, else of its first heading, else of its opening
  sentence (a work report's title year is its year of delivery, and its first
  heading and opening are the time of a section: its own period stays empty) (``2020年…工作总结``, “十三五”…总结, ``2011年至2018年期间，…``,
  ``2024年1-5月…``); a part of a year keeps its months;
- its **kind**: ``plan`` (a plan or list of targets, from the title's words),
  else ``annual``, ``multi_year``, ``part_year`` from the period, else ``""``;
- the **delivery year** of a government work report (政府工作报告), which
  过去一年, 过去五年 and 今年 are read against;
- its **sections**: spans with their own time or targets: a heading that
  declares a time (``一、2023年工作回顾``) or sets targets (``二、2024年工作安排``,
  ``下一步``) up to the next heading of its level; a paragraph whose first
  sentence opens with a time phrase (``2019年，…``, ``1-5月，…``, ``过去一年，…``);
  and, in the style of a work report, a paragraph opening with 过去一年 /
  过去五年 / 今年 / 明年 (``section_words``) that carries its time to the
  paragraphs after it, until the next such opening or the end of its heading's
  section.

Nothing here is tied to one report; the words are ``lexicon/periods.yaml``'s
and ``lexicon/cues.yaml``'s. The reading is meant to be written as the
report's ``document.json`` (its fields are those of the contract's).
"""

from __future__ import annotations

import bisect
import heapq
import re
from dataclasses import dataclass, field, replace

from minsheng import periods
from minsheng.extraction.find import closed_runs, shadow
from minsheng.extraction.lexicon import Lexicon, load, per_lexicon
from minsheng.extraction.timewords import DATE_RE, YEAR_RE, Frame, Time, kind_of, leading, opening, phrases

REPORT_KINDS = ("annual", "multi_year", "part_year", "plan", "")

_TITLE_MAX = 60         # a first line longer than this is a sentence, not a title
_HEAD_LINES = 3         # the title and the lines under it where a date line or 【heading】 is looked for
_SHORT_HEADING = 30     # a line this short without 。 is a heading
_SENTENCE_END_RE = re.compile(r"[。！？!?]")
_LEVELS = (
    (re.compile(r"^[ \t\u3000]*[★☆●○■□◆◇▲△]"), 1),
    (re.compile(r"^[ \t\u3000]*[一二三四五六七八九十]+、"), 1),
    (re.compile(r"^[ \t\u3000]*[（(][一二三四五六七八九十]+[)）]"), 2),
    (re.compile(r"^[ \t\u3000]*\d{1,2}[、.．](?!\d)"), 3),
    (re.compile(r"^[ \t\u3000]*[（(]\d{1,2}[)）]"), 4),
)


@dataclass(frozen=True)
class Section:
    """A span ``[start, end)`` of the report text with its own time, or one that sets targets.

    ``by``: ``heading`` (a heading line and what stands under it), ``paragraph``
    (one paragraph whose first sentence opens with a time phrase) or ``run`` (a
    paragraph opening with a section word, 过去一年 …, and the paragraphs after it).
    ``period`` may be empty for a section that only sets targets (下一步，…).
    """

    start: int
    end: int
    period: str = ""
    period_kind: str = ""
    months: int | None = None
    targets: bool = False
    by: str = ""
    heading: str = ""  # the heading or opening words it was read from


@dataclass(frozen=True)
class Document:
    """What a report says about itself (see the module's docstring)."""

    title: str = ""
    period: str = ""
    period_kind: str = ""
    months: int | None = None
    report_kind: str = ""
    delivery_year: int | None = None
    work_report: bool = False
    period_from: str = ""  # title, bracket_heading, first_heading, opening, or ""
    title_as_of: bool = False  # the title states a date the figures are as of (…推进情况（截至9月底）)
    sections: tuple[Section, ...] = field(default=())

    @property
    def bounds(self) -> tuple[int, int] | None:
        """First and last year of the report's period, or None."""
        return periods.bounds(self.period)

    @property
    def frame(self) -> Frame:
        """What the report's relative time words are read against (:class:`~.timewords.Frame`)."""
        return Frame(doc=self.bounds, delivery=self.delivery_year if self.work_report else None)

    def sections_at(self, offset: int) -> list[Section]:
        """The sections that contain ``offset``, innermost (latest start) first."""
        hits = [s for s in self.sections if s.start <= offset < s.end]
        return sorted(hits, key=lambda s: (-s.start, s.end))

    def index(self) -> SectionIndex:
        """A lookup of the innermost section at an offset, in logarithmic time (:class:`SectionIndex`)."""
        return SectionIndex(self.sections)

    def as_dict(self) -> dict:
        """The reading as plain data (for ``document.json``; sections as lists of their fields)."""
        return {
            "title": self.title, "period": self.period, "period_kind": self.period_kind,
            "months": self.months, "report_kind": self.report_kind, "delivery_year": self.delivery_year,
            "work_report": self.work_report, "period_from": self.period_from, "title_as_of": self.title_as_of,
            "sections": [s.__dict__.copy() for s in self.sections],
        }


class SectionIndex:
    """The innermost section with a period (:meth:`period_at`) and with a period or targets
    (:meth:`status_at`) at any offset: one sweep over the sections, then a bisect per lookup."""

    def __init__(self, sections):
        self.cuts = sorted({s.start for s in sections} | {s.end for s in sections})
        by_start = sorted(sections, key=lambda s: s.start)
        self._period: list[Section | None] = []
        self._any: list[Section | None] = []
        heaps: tuple[list, list] = ([], [])
        j = 0
        for n, c in enumerate(self.cuts):
            while j < len(by_start) and by_start[j].start <= c:
                sec = by_start[j]
                if sec.period:
                    heapq.heappush(heaps[0], (-sec.start, sec.end, j))
                if sec.period or sec.targets:
                    heapq.heappush(heaps[1], (-sec.start, sec.end, j))
                j += 1
            for heap, out in zip(heaps, (self._period, self._any)):
                while heap and heap[0][1] <= c:
                    heapq.heappop(heap)
                out.append(by_start[heap[0][2]] if heap else None)
            del n

    def _at(self, table: list, pos: int) -> Section | None:
        i = bisect.bisect_right(self.cuts, pos) - 1
        return table[i] if i >= 0 else None

    def period_at(self, pos: int) -> Section | None:
        """The innermost section with a period that contains ``pos``."""
        return self._at(self._period, pos)

    def status_at(self, pos: int) -> Section | None:
        """The innermost section with a period or targets that contains ``pos``."""
        return self._at(self._any, pos)


def _lines(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each line without its line end."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        out.append((pos, pos + len(body)))
        pos += len(line)
    return out


def _level(line: str) -> int | None:
    for rx, level in _LEVELS:
        if rx.match(line):
            return level
    return None


def _is_date_line(body: str) -> bool:
    """A line that is (mostly) a date: when the report was written or delivered."""
    m = DATE_RE.search(body)
    return bool(m) and (len(body) <= 40 or body.lstrip("—- \u3000").startswith(m.group(0)))


def _first_sentence(sh: str, lo: int, hi: int) -> tuple[int, int]:
    m = _SENTENCE_END_RE.search(sh, lo, hi)
    return lo, (m.end() if m else hi)


def _titles(seg: str) -> list[tuple[int, int]]:
    return list(closed_runs(seg, "《", "》"))


def _first_time(sh: str, lo: int, hi: int, lex: Lexicon, frame: Frame) -> Time | None:
    found = phrases(sh, lo, hi, lex, frame, dates=False, titles=_titles(sh[lo:hi]))
    return found[0] if found else None


def _has(text: str, words) -> bool:
    return any(w in text for w in words)


def read_document(text: str, lex: Lexicon | None = None) -> Document:
    """The document-level reading of a report's text (see the module's docstring).

    Examples
    --------
    >>> d = read_document("某县2023年民生工程实施情况\\n全县完成投资5亿元。\\n")
    >>> d.title, d.period, d.period_kind, d.report_kind
    ('某县2023年民生工程实施情况', '2023', 'year', 'annual')
    """
    lex = lex or load()
    t = lex.time
    sh = shadow(text)
    lines = [(a, b) for a, b in _lines(text) if text[a:b].strip()]
    if not lines:
        return Document()

    # the title and the lines under it
    a0, b0 = lines[0]
    first = text[a0:b0].strip()
    has_title = len(first) <= _TITLE_MAX and not _SENTENCE_END_RE.search(first.rstrip("。")) and "。" not in first
    title = first if has_title else ""
    head = lines[:_HEAD_LINES]
    body_from = 1 if has_title else 0
    while body_from < len(lines):  # a subtitle (——…), a date line, an issue number (（第4期）) belong to the head
        a, b = lines[body_from]
        s = text[a:b].strip()
        if s.startswith(("—", "-", "（第", "(第")) or _is_date_line(s):
            body_from += 1
            continue
        break

    head_text = "\n".join(text[a:b] for a, b in head)
    work = _has(title, t.get("work_report_titles", [])) or (
        "报告" in title and _has(head_text, t.get("work_report_lines", [])))
    delivery = None
    if work:  # the year of the line naming the meeting or of the —— subtitle (——2024年1月15日在…会议上), else the head's first
        meeting = t.get("work_report_lines", [])
        for a, b in sorted(head, key=lambda ab: not (ab != (a0, b0) and (
                _has(text[ab[0]:ab[1]], meeting) or text[ab[0]:ab[1]].strip().startswith("—")))):
            m = YEAR_RE.search(sh, a, b)
            if m:
                delivery = int(m.group(1))
                break

    # the report's own period: title, 【heading】, first heading, opening sentence
    frame0 = Frame(delivery=delivery if work else None)
    found: Time | None = None
    found_from = ""
    kind_only: Time | None = None  # a part of a year whose year is still to be found

    def consider(tm: Time | None, where: str) -> bool:
        nonlocal found, found_from, kind_only
        if tm is None:
            return False
        if not tm.period:
            kind_only = kind_only or tm
            return False
        found, found_from = tm, where
        return True

    if title and not work:
        consider(_first_time(sh, a0, b0, lex, frame0), "title")
    elif title and delivery is not None and not _has(title, t.get("work_report_titles", [])):
        # a report delivered at a meeting but not a 政府工作报告 (关于2023年预算执行情况的报告, delivered in 2024):
        # a time of its title that ends before the delivery is the time it reports on
        tm = _first_time(sh, a0, b0, lex, frame0)
        bounds = periods.bounds(tm.period) if tm is not None and tm.period else None
        if bounds is not None and bounds[1] < delivery:
            consider(tm, "title")
    if found is None:
        for a, b in head:
            seg = sh[a:b]
            m = re.search(r"【([^】\n]{1,40})】", seg)
            if m and consider(_first_time(sh, a + m.start(1), a + m.end(1), lex, frame0), "bracket_heading"):
                break
    body_lines = lines[body_from:]
    # a work report's first heading or opening (过去一年…) is one of its sections' times, not the report's
    if found is None and not work:
        for a, b in body_lines:
            s = text[a:b]
            lvl = _level(s)
            if lvl is not None or (len(s.strip()) <= _SHORT_HEADING and "。" not in s and "：" not in s
                                   and not _is_date_line(s.strip())):
                h_lo, h_hi = _first_sentence(sh, a, b) if lvl is not None else (a, b)
                consider(_first_time(sh, h_lo, h_hi, lex, frame0), "first_heading")
                break
    if found is None and not work:
        for a, b in body_lines:
            s = text[a:b]
            if _level(s) is not None or "。" not in s and len(s.strip()) <= _SHORT_HEADING:
                continue
            lo, hi = _first_sentence(sh, a, b)
            consider(_first_time(sh, lo, hi, lex, frame0), "opening")
            break

    period, kind, months = "", "", None
    if found is not None:
        period, kind, months = found.period, found.kind, found.months
        if kind == "part_year" or kind_only is None:
            pass
        elif kind == "year" and kind_only.kind in ("part_year", "as_of"):
            kind, months = kind_only.kind, kind_only.months  # 1-5月全县… under a title that gives the year
    if kind == "as_of" and not period:
        kind = ""
    if kind == "part_year" and periods.single_year(period) is None:
        period, kind, months = "", "", None

    plan = _has(title, t.get("plan_titles", [])) and not _has(title, t.get("result_titles", []))
    report_kind = "plan" if plan else {"year": "annual", "span": "multi_year", "part_year": "part_year",
                                       "as_of": "part_year"}.get(kind, "")
    doc = Document(title=title, period=period, period_kind=kind, months=months if kind == "part_year" else None,
                   report_kind=report_kind, delivery_year=delivery, work_report=work, period_from=found_from,
                   title_as_of=bool(title) and _has(title, t.get("as_of_words", [])))
    sections = _sections(text, sh, body_lines, doc, lex)
    return replace(doc, sections=tuple(sections))


def _future(period: str, doc: Document) -> bool:
    """A section's time lies after what the report reviews: targets."""
    b = periods.bounds(period)
    if b is None:
        return False
    if doc.work_report and doc.delivery_year is not None:
        return b[0] >= doc.delivery_year
    d = doc.bounds
    return d is not None and b[0] > d[1]


def _complete(tm: Time, outer: Section | None, doc: Document) -> tuple[str, str, int | None]:
    """``(period, kind, months)`` of a section's time phrase; a part of a year without its year
    takes the year of the section around it, else of the report."""
    period, kind, months = tm.period, tm.kind, tm.months
    if tm.word == "year_word" and outer is not None and periods.single_year(outer.period) is not None:
        period = outer.period  # 全年，… under 三、2023年工作计划: the section's year, not the report's
    if not period and kind in ("part_year", "as_of"):
        for src in ((outer.period if outer else ""), doc.period):
            y = periods.single_year(src)
            if y is not None:
                period = str(y)
                break
    if not period:
        return "", "", None
    return period, kind or kind_of(period), months if kind == "part_year" else None


@per_lexicon
def _targets_re(lex: Lexicon) -> re.Pattern | None:
    """The words of a section that sets targets (``periods.yaml``: ``target_sections``) as one pattern."""
    words = lex.time.get("target_sections", [])
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True)))) if words else None


_DIGIT_RE = re.compile(r"[0-9０-９]")
_YEAR_END_RE = re.compile(r"(?<![0-9０-９])(?:12|１２|十二)\s*月|年底|年末")


def _sections(text: str, sh: str, body_lines: list[tuple[int, int]], doc: Document, lex: Lexicon) -> list[Section]:
    t = lex.time
    frame = doc.frame
    targets_words = t.get("target_sections", [])
    targets_re = _targets_re(lex)
    levels = [_level(text[a:b]) for a, b in body_lines]
    section_words = set(t.get("section_words", []))
    end_of_text = len(text)
    out: list[Section] = []

    # heading sections, up to the next heading of the same or a higher level
    heads: list[tuple[int, int, int, int]] = []  # (line start, line end, level, index in body_lines)
    for i, (a, b) in enumerate(body_lines):
        s = text[a:b]
        lvl = levels[i]
        if lvl is None and len(s.strip()) <= _SHORT_HEADING and not _SENTENCE_END_RE.search(s) and "：" not in s \
                and ":" not in s and not _is_date_line(s.strip()):
            lvl = 1
        if lvl is not None:
            heads.append((a, b, lvl, i))
    # the end of each heading's section: the next heading of the same or a higher level (one pass from the end)
    ends = [end_of_text] * len(heads)
    stack: list[tuple[int, int]] = []  # (level, start) of headings after j, levels increasing towards the top
    for j in range(len(heads) - 1, -1, -1):
        lvl = heads[j][2]
        while stack and stack[-1][0] > lvl:
            stack.pop()
        if stack:
            ends[j] = stack[-1][1]
        stack.append((lvl, heads[j][0]))
    head_sections: list[Section] = []
    for j, (a, b, _lvl, _) in enumerate(heads):
        end = ends[j]
        h_lo, h_hi = _first_sentence(sh, a, b)
        words = text[h_lo:h_hi]
        tm = _first_time(sh, h_lo, h_hi, lex, frame)
        period, kind, months = _complete(tm, None, doc) if tm else ("", "", None)
        targets = _has(words, targets_words) or _future(period, doc)
        sec = Section(a, end, period, kind, months, targets, "heading", words.strip())
        head_sections.append(sec)
        if period or targets:
            out.append(sec)

    head_starts = [h.start for h in head_sections]

    def enclosing(pos: int, dated: bool = False) -> Section | None:
        """The innermost heading section around ``pos`` (headings nest: walk back from the last one);
        ``dated``: the innermost one with a period."""
        i = bisect.bisect_right(head_starts, pos) - 1
        while i >= 0:
            if head_sections[i].end > pos and (not dated or head_sections[i].period):
                return head_sections[i]
            i -= 1
        return None

    # paragraphs whose first sentence opens with a time phrase (or sets targets)
    openers: list[tuple[int, int, Time | None, bool]] = []  # (line start, line end, phrase, targets)
    for i, (a, b) in enumerate(body_lines):
        lo, hi = _first_sentence(sh, a, b)
        if levels[i] is not None:  # 一、提高幼有所育，保障学有所教。“十三五”期间，…: the heading is the first sentence
            if hi >= b:
                continue
            lo, hi = _first_sentence(sh, hi, b)
        tm = opening(sh, lo, hi, lex, frame)
        first_words = text[leading(sh, lo, hi):hi]
        first_clause = re.split("[，,：:]", first_words, maxsplit=1)[0]
        # a paragraph opened by its targets (下一步，… / 主要目标任务：…), not a clause stating a figure against
        # its target (农村危房改造目标任务为350户，实际完成改造362户)
        targets = targets_re is not None and bool(targets_re.search(first_clause)) and not _DIGIT_RE.search(first_clause)
        if tm is None and not targets:
            continue
        # after a heading sentence on its line (1. 新建学校2所。2024年已建成…), the time holds from its own sentence on
        openers.append((lo if levels[i] is not None else a, b, tm, targets))
    next_word = [len(openers)] * (len(openers) + 1)  # index of the next opener with a section word
    for k in range(len(openers) - 1, -1, -1):
        tm2 = openers[k][2]
        next_word[k] = k if tm2 is not None and text[tm2.start:tm2.end] in section_words else next_word[k + 1]
    for k, (a, b, tm, targets) in enumerate(openers):
        outer = enclosing(a)
        if tm is not None and tm.word == "year_word":
            outer = enclosing(a, dated=True) or outer  # 全年 under （一）… under 三、2023年工作计划: 2023
        period, kind, months = _complete(tm, outer, doc) if tm else ("", "", None)
        targets = targets or _future(period, doc)
        if not period and not targets:
            continue
        words = text[tm.start:tm.end] if tm else ""
        if kind == "as_of" and _YEAR_END_RE.search(words):
            kind = "year"  # 截至12月底，…: the paragraph's later sentences are the year's, not a stock at a date
        out.append(Section(a, b, period, kind, months, targets, "paragraph", words))
        if tm is not None and words in section_words:
            # a work report's 过去一年，… / 今年，…: its time holds for the paragraphs after it
            end = outer.end if outer else end_of_text
            nxt = next_word[k + 1]
            if nxt < len(openers):
                end = min(end, openers[nxt][0])
            i = bisect.bisect_right(head_starts, a)
            while i < len(head_sections) and head_sections[i].start < end:
                if head_sections[i].period or head_sections[i].targets:
                    end = head_sections[i].start
                    break
                i += 1
            if end > b:
                out.append(Section(a, end, period, kind, months, targets, "run", words))
    out.sort(key=lambda s: (s.start, -s.end, s.by))
    return out


# --------------------------------------------------------------------------- issuer, place: document.json

_LABEL_SEP = "：:"
_DATE_TAIL_RE = re.compile(r"[\s\u3000]*(?:[12０-９0-9]{4}|[一二〇○零]{4})\s*年.*$")
_HEAD_MAX = 4       # lines under the title looked at for a subtitle, an issuer or a date
_TAIL_LINES = 4     # last lines looked at for the issuer's signature
_ORG_MAX = 30       # an organisation's name is shorter than this
_OPENING_MAX = 200  # characters of the opening sentence where the place is looked for


def _org(line: str, endings) -> str | None:
    """The organisation a line names (``青禾县民生工程工作领导小组办公室　2024年1月12日`` → its first part), or None."""
    s = _DATE_TAIL_RE.sub("", line.strip()).strip(" \u3000")
    if not (4 <= len(s) <= _ORG_MAX) or any(ch in s for ch in "。，,；;：:、！？“”《》"):
        return None
    return s if s.endswith(tuple(endings)) else None


def _labelled(line: str, labels) -> str | None:
    """The value of a ``来源：…`` line, cut at the next space."""
    s = line.strip()
    for lab in labels:
        if s.startswith(lab) and len(s) > len(lab) and s[len(lab)] in _LABEL_SEP:
            value = re.split(r"[\s\u3000|｜]", s[len(lab) + 1:].strip(), maxsplit=1)[0]
            return value or None
    return None


@dataclass(frozen=True)
class Head:
    """Where a report says what it is: its title, the lines under it, its issuer and its opening sentence.

    ``zones`` are :class:`minsheng.extraction.place.Zone` spans for the place
    match; ``issuer`` the issuing body as written, or None.
    """

    zones: tuple
    issuer: str | None


def read_head(text: str, title: str = "", work_report: bool = False) -> Head:
    """The zones of ``text`` that say what the report is (:class:`Head`), and its issuer where stated.

    The issuer is, in order: the value of a ``来源：`` / ``发布机构：`` line among the
    first or last lines; an organisation's name (ending in 人民政府, 办公室, 领导小组,
    局 … of ``lexicon/places.yaml``) on a line under the title or among the last
    lines (a signature, a date after it allowed); the 人民政府 of a government
    work report's title (``望川区人民政府工作报告`` → 望川区人民政府). Else None.

    Examples
    --------
    >>> text = "青禾县2023年民生工程实施情况\\n全县投入9.86亿元。\\n青禾县民生工程工作领导小组办公室\\n2024年1月12日\\n"
    >>> h = read_head(text, title="青禾县2023年民生工程实施情况")
    >>> h.issuer, [z.kind for z in h.zones]
    ('青禾县民生工程工作领导小组办公室', ['title', 'opening', 'issuer'])
    """
    from minsheng.extraction.place import Zone, words

    w = words()
    endings, labels = w["issuer_endings"], w["issuer_labels"]
    lines = [(a, b) for a, b in _lines(text) if text[a:b].strip()]
    zones: list = []
    issuer: str | None = None
    if not lines:
        return Head((), None)
    i = 0
    if title and text[lines[0][0]:lines[0][1]].strip() == title:
        zones.append(Zone("title", *lines[0]))
        i = 1
    while i < min(len(lines), 1 + _HEAD_MAX):  # a subtitle, an issuer, a date line, an issue number
        a, b = lines[i]
        s = text[a:b].strip()
        org = _org(s, endings)
        value = _labelled(s, labels)
        if value or org or s.startswith(("—", "-", "（第", "(第")) or _is_date_line(s):
            zones.append(Zone("head", a, b))
            issuer = issuer or value or org
            i += 1
            continue
        break
    # the opening: the first sentence of the first paragraph (not a salutation such as 各位代表：, not a heading)
    for a, b in lines[i:]:
        s = text[a:b].strip()
        if (s.endswith(("：", ":")) and len(s) <= 20) or _level(text[a:b]) is not None or (
                len(s) <= _SHORT_HEADING and not _SENTENCE_END_RE.search(s)):
            continue
        m = _SENTENCE_END_RE.search(text, a, b)
        zones.append(Zone("opening", a, min(m.end() if m else b, a + _OPENING_MAX)))
        break
    tail_from = max(i, len(lines) - _TAIL_LINES)
    for a, b in reversed(lines[tail_from:]):
        s = text[a:b].strip()
        value = _labelled(s, labels)
        org = None if value else _org(s, endings)
        if value or org:
            zones.append(Zone("issuer", a, b))
            issuer = issuer or value or org
            break
    if issuer is None and work_report:
        m = re.match(r"(.{2,20}?(?:人民政府|政府))工作报告", title)
        issuer = m.group(1) if m else None
    return Head(tuple(zones), issuer)


def describe(report, lex: Lexicon | None = None) -> dict:
    """The ``document.json`` record of a :class:`~minsheng.extraction.reading.Report` (the contract's fields,
    then ``months``, ``place_scope``, ``place_found_in``, ``text_sha256``; unknown fields None).

    The place is matched by :func:`minsheng.extraction.place.match_place` in the
    zones of :func:`read_head`, never from the file's name.
    """
    import hashlib

    from minsheng.extraction.place import match_place

    doc = read_document(report.text, lex)
    head = read_head(report.text, doc.title, doc.work_report)
    place = match_place(report.text, head.zones)
    return {
        "doc_id": report.doc_id, "source_file": report.source_file or report.path.name, "sha256": report.sha256,
        "format": report.format, "reader": report.reader, "title": doc.title or None,
        "period": doc.period or None, "period_kind": doc.period_kind or None, "report_kind": doc.report_kind or None,
        "issuer": head.issuer, "place_name": place.name, "place_code": place.code, "place_level": place.level,
        "place_candidates": place.candidates, "population_census_2020": place.population_census_2020,
        "months": doc.months, "place_scope": place.scope, "place_found_in": place.found_in,
        "text_sha256": hashlib.sha256(report.text.encode("utf-8")).hexdigest(),
    }
