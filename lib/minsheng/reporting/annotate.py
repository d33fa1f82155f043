"""The report text with every extracted figure highlighted, as self-contained HTML.

Figures are coloured by goal (a legend names each colour in Chinese and
English) and can be focused with the keyboard (``tabindex="0"``): on hover and
on focus a tooltip gives the figure's id, value with its unit, goal, metric,
period, qualifier, program and, for spending, its status (the stated total,
counted in its goal, double counted, outside livelihood-project money).
Numbers that were *not* taken as figures (years, list numbers, labels) get a
dotted underline, so a reader sees at a glance what was found and what was not.

The text is cut into segments here (:func:`segments`); the markup is written by
the Jinja2 templates in ``templates/`` with autoescaping, so nothing of a
report's text can become markup. ``report.html`` includes the same template.
"""

from __future__ import annotations

import re

import pandas as pd

from minsheng import schema
from minsheng.errors import InputError
from minsheng.extraction.find import shadow
from minsheng.formatting import fmt_cell, fmt_cny_zh, fmt_number, is_number


def tint(colour: str, share: float = 0.3) -> str:
    """``colour`` (``#rrggbb``) mixed with white: ``share`` of the colour, the rest white.

    The annotated text marks figures with a light tint of their goal's one
    colour (``lexicon/goals.csv``), so text stays readable on it.
    """
    rgb = [int(colour[k:k + 2], 16) for k in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in rgb)


#: The background of a figure of each goal: a tint of the goal's colour.
GOAL_COLOURS = {g["goal"]: tint(g["colour"]) for g in schema.goals()}
_NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?|[〇零一二两三四五六七八九十百千万亿]*[〇零一二两三四五六七八九十][〇零一二两三四五六七八九十百千万亿]*")

#: What a spending figure's status says, in Chinese and English.
STATUS_WORDS = {
    "total": ("报告所述总投入", "the report's stated total"),
    "counted": ("计入所属目标的支出", "counted in its goal's spending"),
    "double_counted": ("重复计算，未计入", "double counted, not added"),
    "outside_scope": ("非民生工程资金，未计入", "not livelihood-project money, never added"),
}


#: The planned/actual status of a figure (figures.csv ``status``), in Chinese.
STATUS_ZH = {"actual": "实际完成", "planned": "计划目标"}
#: A figure a correction changed or added (figures.csv ``source``), in Chinese.
SOURCE_ZH = {"corrected": "人工更正", "added": "人工补录"}


def legend() -> list[dict]:
    """The goals with their colour in the text: ``goal``, ``zh``, ``en``, ``colour`` (the tint)."""
    return [{"goal": g["goal"], "zh": g["zh"], "en": g["en"], "colour": GOAL_COLOURS[g["goal"]]} for g in schema.goals()]


def figure_status(figures: pd.DataFrame) -> dict[str, str]:
    """``{figure_id: status}`` of the spending figures (keys of :data:`STATUS_WORDS`); empty if it cannot be told."""
    from minsheng.analysis import per_goal

    try:
        spend = per_goal.counted_spending(figures)
        total = per_goal.stated_total(figures)
    except (InputError, KeyError):
        return {}
    out = dict(zip(spend["figure_id"], spend["status"]))
    if total:
        out[total["figure_id"]] = "total"
    return out


def _value(row) -> str:
    v, unit = row["value_norm"], row["unit_norm"]
    if not is_number(v):
        return "–"
    if unit == "CNY":
        return f"{fmt_cny_zh(v)} ({fmt_number(v)} CNY)"
    if unit == "percent":
        return f"{fmt_cell(float(v))}%"
    return f"{fmt_cell(float(v))} {unit}"


def _period(row) -> str:
    """``2020``, ``2020 (part_year, 5 months)``, ``2019 (as_of)``, or ``—`` where the report does not say."""
    if not row["period"]:
        return "—"
    kind, months = row.get("period_kind") or "", row.get("months")
    if kind == "part_year" and is_number(months):
        return f"{row['period']} (part_year, {int(months)} months)"
    return f"{row['period']} ({kind})" if kind in ("part_year", "as_of") else str(row["period"])


def figure_tip(row, status: str = "") -> str:
    """The tooltip of a figure, one fact a line.

    Id and value, goal, metric, period, qualifier; where the table has them, the
    planned/actual ``status``, the fields that came from a fallback
    (``inferred``) and a hand correction (``source``); how a spending figure is
    counted in the goal sums (``status`` here, :data:`STATUS_WORDS`); the program.
    """
    names = {g["goal"]: (g["zh"], g["en"]) for g in schema.goals()}
    zh, en = names.get(row["goal"], (row["goal"], row["goal"]))
    lines = [f"{row['figure_id']} · {_value(row)}",
             f"目标 goal: {zh} · {en}",
             f"指标 metric: {row['metric']}",
             f"时期 period: {_period(row)}",
             f"限定 qualifier: {row['qualifier']}"]
    if row.get("status"):
        lines.append(f"状态 status: {STATUS_ZH.get(row['status'], row['status'])} · {row['status']}")
    if status in STATUS_WORDS:
        lines.append(f"计入 counting: {' · '.join(STATUS_WORDS[status])}")
    if row.get("inferred"):
        lines.append(f"推断 inferred (check): {row['inferred']}")
    if row.get("source") in ("corrected", "added"):
        lines.append(f"来源 source: {SOURCE_ZH[row['source']]} · {row['source']} by hand")
    if row.get("program"):
        lines.append(f"项目 program: {row['program']}" + (f" · {row['program_en']}" if row.get("program_en") else ""))
    return "\n".join(lines)


def segments(text: str, figures: pd.DataFrame, max_chars: int = 200_000,
             status: dict[str, str] | None = None) -> dict:
    """The text cut into plain runs, numbers that are no figure, and figures, for the templates.

    Parameters
    ----------
    text : str
        The report's text.
    figures : pandas.DataFrame
        Its figures table.
    max_chars : int
        Only the first ``max_chars`` characters are shown (the page says so),
        so that a very long report does not make a page no browser can open.
    status : dict, optional
        ``{figure_id: status}``; by default :func:`figure_status`.

    Returns
    -------
    dict
        ``segments``: dicts with ``kind`` (``text``, ``missed`` or ``figure``)
        and ``text``, a figure also with ``id``, ``goal``, ``colour`` and
        ``tip``; ``shown`` and ``total``: characters shown and in the text.
    """
    shown = text if len(text) <= max_chars else text[:max_chars]
    sh = shadow(shown)
    status = figure_status(figures) if status is None else status
    spans = sorted(zip(figures["start"], figures["end"], figures.to_dict("records")), key=lambda t: t[0])
    out: list[dict] = []
    pos = 0
    for start, end, row in spans:
        if end > len(shown):
            break
        out.extend(_plain(shown, sh, pos, start))
        out.append({"kind": "figure", "text": shown[start:end], "id": row["figure_id"], "goal": row["goal"],
                    "colour": GOAL_COLOURS.get(row["goal"], "#eeeeee"),
                    "tip": figure_tip(row, status.get(row["figure_id"], ""))})
        pos = end
    out.extend(_plain(shown, sh, pos, len(shown)))
    return {"segments": out, "shown": len(shown), "total": len(text)}


def _plain(text: str, sh: str, lo: int, hi: int) -> list[dict]:
    """``text[lo:hi]`` as segments, numbers that are not figures apart (``sh``: its shadow)."""
    out, pos = [], lo
    for m in _NUMBER_RE.finditer(sh, lo, hi):
        if m.start() > pos:
            out.append({"kind": "text", "text": text[pos:m.start()]})
        out.append({"kind": "missed", "text": text[m.start():m.end()]})
        pos = m.end()
    if hi > pos:
        out.append({"kind": "text", "text": text[pos:hi]})
    return out


def highlight_html(text: str, figures: pd.DataFrame, max_chars: int = 200_000) -> str:
    """HTML of ``text`` with the rows of ``figures`` (a figures table of that text) highlighted, with the legend.

    A fragment with its own style, for a notebook (``IPython.display.HTML``);
    ``report.html`` shows the same. Only the first ``max_chars`` characters are
    shown, and a note says so.
    """
    from minsheng.reporting.html import environment

    return environment().get_template("annotated.html.j2").render(
        annotated=segments(text, figures, max_chars), legend=legend())
