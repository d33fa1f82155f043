"""Whether a figure states what was done (``actual``) or a plan or target (``planned``).

In order (the contract's "How a figure's meaning is judged", and
``lexicon/periods.yaml`` for the words):

1. its own clause: a plan word (计划, 拟, 将, 力争, 目标, 任务, 预期, 争取 …) once the
   phrases that only contain one are removed (完成年度计划的103% is a result;
   将近 is a qualifier; 将…纳入 is 把); in a section that sets targets 左右 counts
   too; and a clause before it in its sentence that introduces targets
   (主要预期目标是：…);
2. the section it stands in, where that sets targets (工作安排, 下一步, a later
   year than the report reviews): ``status:section``;
3. a report that is a plan as a whole (report_kind ``plan``): ``status:document``;

but a clause that says it was done (已, 已经: ``actual_words``) is ``actual`` in any section or report.

Otherwise ``actual``.
"""

from __future__ import annotations

import re

from minsheng.extraction.lexicon import Lexicon, per_lexicon


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
            tuple(t.get("jiang_as_ba", [])), _alternation(t.get("actual_words", [])))


class Status:
    """``status(figure, clause, intro_before) -> (planned, by)`` for one report.

    ``by`` is ``""`` (its own words, or actual), ``section`` or ``document``.
    A clause's verdict is worked out once, whatever the number of its figures.
    """

    def __init__(self, sh: str, document, lex: Lexicon):
        self.sh, self.document = sh, document
        self.index = document.index()
        self._not, self._plan, self._target, self._intro, self._ba, self._actual = _patterns(lex)
        self._memo: dict[tuple[int, int, bool], bool] = {}

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
        sec = self.index.status_at(fig.start)
        in_targets = bool(sec and sec.targets)
        if self._plan_words(clause[0], clause[1], in_targets) or intro_before:
            return True, ""
        if self._actual is not None and self._actual.search(self.sh, clause[0], clause[1]):
            return False, ""  # 已拨付, 已开工: done, whatever the section or report
        if in_targets:
            return True, "section"
        if self.document.report_kind == "plan":
            return True, "document"
        return False, ""
