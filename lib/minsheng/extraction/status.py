"""Whether a figure states what was done (``actual``) or a plan or target (``planned``).

In order (the contract's "How a figure's meaning is judged", and
``lexicon/periods.yaml`` for the words):

1. its own clause: a plan word (计划, 拟, 将, 力争, 目标, 任务, 预期, 争取 …) once the
   phrases that only contain one are removed (完成年度计划的103% is a result;
   将近 is a qualifier; 将…纳入 is 把); in a section that sets targets 左右 counts
   too; and a clause before it in its sentence that introduces targets
   (主要预期目标是：…);
2. the column of a table it stands in (cells split by `` | ``, the header row first):
   under a header cell naming targets (年度目标, 计划投资) ``planned`` (``status:section``),
   under one naming progress (完成进度, 实际完成) ``actual`` even where the cell holds a
   plan word (完成年度目标的85.8%);
3. the section it stands in, where that sets targets (工作安排, 下一步, a later
   year than the report reviews): ``status:section``;
4. a report that is a plan as a whole (report_kind ``plan``): ``status:document``;

but a clause that says it was done (已, 已经: ``actual_words``) is ``actual`` in any section or report;
and a part of a planned total (计划总投资3.28亿元，其中区级财政资金1.15亿元) is planned too, unless
its words after the total say it was done (:func:`parts_of_plans`).

Otherwise ``actual``.
"""

from __future__ import annotations

import bisect
import re

from minsheng.extraction.lexicon import Lexicon, per_lexicon

CELL_SEP = " | "


def _alternation(words) -> re.Pattern | None:
    words = [w for w in words if w]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True)))) if words else None


@per_lexicon
def _patterns(lex: Lexicon) -> tuple:
    """The patterns of ``lex.time``'s status words (plan words and the phrases that only contain one,
    target sections and intros, 将 as 把, actual words), compiled once per lexicon."""
    t = lex.time
    return (_alternation(t.get("plan_word_not", [])), _alternation(t.get("plan_words", [])),
            _alternation(t.get("target_section_words", [])), _alternation(t.get("target_intros", [])),
            tuple(t.get("jiang_as_ba", [])), _alternation(t.get("actual_words", [])),
            tuple(t.get("table_target_columns", [])), tuple(t.get("table_progress_columns", [])))


def table_columns(text: str, target_words, progress_words) -> tuple[list[int], list[tuple[int, int, tuple]]]:
    """The body rows of the text's tables with the kind of each column: ``(starts, rows)``, ``rows[k]`` =
    ``(start, end, kinds)`` of a row line, ``kinds[i]`` ``"target"``, ``"progress"`` or ``""`` for its
    i-th cell, from the header cell above it (a table: two or more consecutive lines with `` | ``,
    the first its header). One pass over the lines."""
    starts: list[int] = []
    rows: list[tuple[int, int, tuple]] = []
    if CELL_SEP not in text:
        return starts, rows
    pos, kinds = 0, None
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if CELL_SEP in body:
            if kinds is None:  # the header row
                kinds = tuple(_column_kind(c, target_words, progress_words) for c in body.split(CELL_SEP))
            else:
                starts.append(pos)
                rows.append((pos, pos + len(body), kinds))
        else:
            kinds = None
        pos += len(line)
    return starts, rows


def _column_kind(cell: str, target_words, progress_words) -> str:
    t = min((k for k in (cell.find(w) for w in target_words) if k >= 0), default=-1)
    p = min((k for k in (cell.find(w) for w in progress_words) if k >= 0), default=-1)
    if t >= 0 and p >= 0:  # 计划完成投资, 预计完成: what is planned to be done; a time (计划完成时间) holds no figure
        return "target" if t < p and "时间" not in cell and "时限" not in cell else ""
    return "target" if t >= 0 else "progress" if p >= 0 else ""


class Status:
    """``status(figure, clause, intro_before) -> (planned, by)`` for one report.

    ``by`` is ``""`` (its own words, or actual), ``section`` or ``document``.
    A clause's verdict is worked out once, whatever the number of its figures.
    """

    def __init__(self, sh: str, document, lex: Lexicon):
        self.sh, self.document = sh, document
        self.index = document.index()
        (self._not, self._plan, self._target, self._intro, self._ba, self._actual,
         target_cols, progress_cols) = _patterns(lex)
        self._memo: dict[tuple[int, int, bool], bool] = {}
        self._done_memo: dict[tuple[int, int], bool] = {}
        self._row_starts, self._rows = table_columns(sh, target_cols, progress_cols)

    def column(self, pos: int) -> str:
        """``"target"``, ``"progress"`` or ``""``: the kind of the table column ``pos`` stands in."""
        k = bisect.bisect_right(self._row_starts, pos) - 1
        if k < 0:
            return ""
        a, b, kinds = self._rows[k]
        if pos >= b:
            return ""
        i = self.sh.count(CELL_SEP, a, pos)
        return kinds[i] if i < len(kinds) else ""

    def _plan_words(self, a: int, b: int, in_targets: bool) -> bool:
        key = (a, b, in_targets)
        hit = self._memo.get(key)
        if hit is None:
            words = self.sh[a:b]
            hit = False
            if self._not is not None and self._plan is not None and self._plan.search(words):
                words = self._not.sub("", words)  # only where a plan word stands at all
            for m in self._plan.finditer(words) if self._plan is not None else ():
                if m.group(0) == "将" and any(w in words[m.end():] for w in self._ba):
                    continue
                hit = True
                break
            if not hit and in_targets and self._target is not None:
                hit = bool(self._target.search(words))
            self._memo[key] = hit
        return hit

    def done(self, clause: tuple[int, int]) -> bool:
        """An actual word (已, 实际) in ``sh[clause]``: looked for once per clause, which all the
        figures of a line without punctuation share."""
        hit = self._done_memo.get(clause)
        if hit is None:
            hit = self._done_memo[clause] = self._actual.search(self.sh, clause[0], clause[1]) is not None
        return hit

    def intros(self, clauses: list[tuple[int, int]]) -> list[bool]:
        """For each clause of a sentence: whether a clause before it ends in ：/: and introduces
        targets (主要预期目标是：…). One pass over the sentence's clauses."""
        out, seen = [], False
        for a, b in clauses:
            out.append(seen)
            if not seen and b < len(self.sh) and self.sh[b] in "：:" and self._intro is not None:
                seen = bool(self._intro.search(self.sh, a, b))
        return out

    def __call__(self, fig, clause: tuple[int, int], intro_before: bool) -> tuple[bool, str]:
        column = self.column(fig.start) if self._rows else ""
        if column == "progress":
            return False, ""  # the progress column says what was done
        sec = self.index.status_at(fig.start)
        in_targets = bool(sec and sec.targets)
        if self._plan_words(clause[0], clause[1], in_targets) or intro_before:
            return True, ""
        if self._actual is not None and self.done(clause):
            return False, ""  # 已拨付, 已开工, 实际完成: done, whatever the section or report
        if column == "target":
            return True, "section"
        if in_targets:
            return True, "section"
        if self.document.report_kind == "plan":
            return True, "document"
        return False, ""


def parts_of_plans(status: list[str], parents: list[str], relations: list[str], ids: list[str], ends: list[int],
                   text: str, lex: Lexicon) -> list[str]:
    """``status`` with each ``part_of`` a ``planned`` total made ``planned`` too, unless an actual word (已, 已经)
    stands between the total and the part (计划投资3亿元，其中已拨付2亿元 stays ``actual``)."""
    actual = _patterns(lex)[5]
    where = {fid: k for k, fid in enumerate(ids)}
    out = list(status)
    for i, (parent, relation) in enumerate(zip(parents, relations)):
        if relation != "part_of" or out[i] != "actual":
            continue
        p = where.get(parent)
        if p is None or out[p] != "planned":  # out: a part of a part of a plan (its parent made planned above)
            continue
        if actual is not None and actual.search(text, ends[p], ends[i]):
            continue
        out[i] = "planned"
    return out
