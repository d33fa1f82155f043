"""The report text with every extracted figure highlighted, as self-contained HTML.

Figures are coloured by goal and carry a tooltip (id, value in base units,
metric, period, program). Numbers that were *not* taken as figures (years, list
numbers, labels) get a dotted underline, so a reader sees at a glance what was
found and what was not.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from minsheng import schema
from minsheng.extraction.find import shadow


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

_CSS = """
.ms-report{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;
 white-space:pre-wrap;line-height:1.9;max-width:60em;padding:1em;border:1px solid #ddd;border-radius:6px}
.ms-report mark{border-radius:3px;padding:0 1px;border-bottom:2px solid #555}
.ms-report .ms-missed{text-decoration:underline dotted #999}
.ms-legend span{display:inline-block;margin:0 .6em .3em 0;padding:0 .4em;border-radius:3px;font-size:90%}
"""


def highlight_html(text: str, figures: pd.DataFrame, max_chars: int = 200_000) -> str:
    """HTML of ``text`` with the rows of ``figures`` (a figures table of that text) highlighted.

    Only the first ``max_chars`` characters are shown (a note says so), so that a
    very long report does not make a page no browser can open.
    """
    shown = text if len(text) <= max_chars else text[:max_chars]
    sh = shadow(shown)
    spans = sorted(zip(figures["start"], figures["end"], figures.to_dict("records")), key=lambda t: t[0])
    parts, pos = [], 0
    for start, end, row in spans:
        if end > len(shown):
            break
        parts.append(_plain(shown, sh, pos, start))
        tip = (f"{row['figure_id']} · {row['value_norm']:.15g} {row['unit_norm']} · {row['qualifier']} · "
               f"{row['metric']} · {row['goal']} · period {row['period'] or '—'} · {row['program'] or '—'}")
        colour = GOAL_COLOURS.get(row["goal"], "#eee")
        parts.append(
            f'<mark id="{html.escape(row["figure_id"])}" style="background:{colour}" '
            f'title="{html.escape(tip, quote=True)}">{html.escape(shown[start:end])}</mark>'
        )
        pos = end
    parts.append(_plain(shown, sh, pos, len(shown)))
    legend = "".join(
        f'<span style="background:{c}">{g}</span>' for g, c in GOAL_COLOURS.items()
    ) + '<span class="ms-missed">not a figure</span>'
    note = ""
    if len(shown) < len(text):
        note = (f"<p class='ms-note'>The first {len(shown):,} of {len(text):,} characters are shown; "
                f"figures.csv has every figure.</p>")
    return (f"<style>{_CSS}</style><div class='ms-legend'>{legend}</div>{note}"
            f"<div class='ms-report'>{''.join(parts)}</div>")


def _plain(text: str, sh: str, lo: int, hi: int) -> str:
    """Escaped ``text[lo:hi]`` with numbers that are not figures underlined (``sh``: its shadow)."""
    out, pos = [], lo
    for m in _NUMBER_RE.finditer(sh, lo, hi):
        out.append(html.escape(text[pos:m.start()]))
        out.append(f'<span class="ms-missed">{html.escape(text[m.start():m.end()])}</span>')
        pos = m.end()
    out.append(html.escape(text[pos:hi]))
    return "".join(out)
