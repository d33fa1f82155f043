"""The house style of every plot: fonts, labels, colours, figure making, saving and rendering.

Labels are Chinese (the report's own program words, the 七有 names) when
matplotlib finds a CJK font installed (:func:`cjk_font`); otherwise the English
gloss (``program_en``, English goal names), so a plot never shows empty boxes.
Colours follow the goal, the same in every plot (:data:`GOAL_COLORS`, from
``lexicon/goals.csv``). :func:`render` draws a plotting function on a new
figure and saves it as PNG with fixed metadata, whole or not at all; when the
data hold nothing to draw it returns the reason as Markdown instead.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import matplotlib as mpl

from minsheng import formatting, schema
from minsheng.analysis.per_goal import GOAL_NAMES
from minsheng.io import write_bytes_atomic
from minsheng.reporting import prose

#: CJK font families matplotlib may find, in order of preference.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei", "Sarasa Gothic SC", "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC",
    "STHeiti", "Hiragino Sans GB", "Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN",
    "AR PL UKai CN", "Droid Sans Fallback", "Arial Unicode MS",
)
_PROBE = "民生工程低保元"  # characters a label font must have

#: One colour per goal, the same in every plot and page (``lexicon/goals.csv``: seaborn's colour-blind palette).
GOAL_COLORS: dict[str, str] = {g["goal"]: g["colour"] for g in schema.goals()}

#: The house style: applied to every figure made here.
HOUSE_RC = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 9.5,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "legend.frameon": False,
    "legend.fontsize": 8.5,
    "svg.hashsalt": "minsheng",
}

_UNIT_SUFFIX = {
    "person": ("", ""),
    "person_time": (" (人次)", " (per person-time)"),
    "household": (" (户)", " (per household)"),
}


from minsheng.errors import NothingToPlot  # noqa: E402  (re-exported: plots.NothingToPlot)


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of an installed font with Chinese glyphs that matplotlib can use, or ``None``.

    Known CJK families (:data:`CJK_FAMILIES`) are tried in order; a family is
    accepted only if its file has glyphs for a few common characters.
    """
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    by_name: dict[str, list[str]] = {}
    for f in font_manager.fontManager.ttflist:
        by_name.setdefault(f.name, []).append(f.fname)
    for name in CJK_FAMILIES:
        for fname in by_name.get(name, []):
            try:
                font = FT2Font(fname)
                if all(font.get_char_index(ord(c)) for c in _PROBE):
                    return name
            except Exception:  # an unreadable font file: try the next one
                continue
    return None


def chinese_labels(chinese: bool | None = None) -> bool:
    """Whether to label in Chinese: asked for (default: yes) *and* a CJK font is installed."""
    return (True if chinese is None else bool(chinese)) and cjk_font() is not None


def house_rc(chinese: bool | None = None) -> dict:
    """The house style's rcParams; with a CJK font first in the font list when labels are Chinese."""
    rc = dict(HOUSE_RC)
    if chinese_labels(chinese):
        rc["font.family"] = "sans-serif"
        rc["font.sans-serif"] = [cjk_font(), "DejaVu Sans"]
        rc["axes.unicode_minus"] = False
    return rc


@contextmanager
def house_style(chinese: bool | None = None):
    """A context in which figures and text are made in the house style."""
    with mpl.rc_context(house_rc(chinese)):
        yield


def goal_label(goal: str, chinese: bool | None = None) -> str:
    """A goal's label: its 七有 name in Chinese, else its English name."""
    zh, en = GOAL_NAMES.get(goal, (goal, goal))
    return zh if chinese_labels(chinese) else en


def program_label(row, chinese: bool | None = None, fallback_id: str = "") -> str:
    """A program's label: the report's words in Chinese, else ``program_en`` (else a figure id)."""
    if chinese_labels(chinese) and row["program"]:
        return str(row["program"])
    if row.get("program_en", ""):
        return str(row["program_en"])
    return f"{fallback_id or 'program'} (no English gloss)"


def wrap(label: str, chinese: bool | None = None, width: int | None = None) -> str:
    """``label`` broken into lines (16 characters for Chinese, 34 for English) so long names fit."""
    import textwrap

    if chinese_labels(chinese) and any("\u4e00" <= c <= "\u9fff" for c in label):
        w = width or 16
        return "\n".join(label[i:i + w] for i in range(0, len(label), w))
    return textwrap.fill(label, width or 34, break_on_hyphens=False)


def _ax(ax):
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.gca()
    return ax


def _auto_log(values, log) -> bool:
    if log != "auto":
        return bool(log)
    v = [float(x) for x in values if formatting.is_number(x) and float(x) > 0]
    return len(v) > 1 and max(v) / min(v) > 10


def _plain_log(axis, money: bool = False) -> None:
    """Log ticks at 1, 2, 5 × 10^k written as plain numbers (1,000 rather than 10³; money as 5 m, 1 bn)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    axis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axis.set_major_formatter(FuncFormatter(
        lambda v, _pos: formatting.fmt_tick(v, money)))
    axis.set_minor_formatter(NullFormatter())


def _fix_tick_fonts(ax, chinese):
    if chinese_labels(chinese):
        ax.tick_params(labelfontfamily=[cjk_font(), "DejaVu Sans"])




def _figsize(data) -> tuple[float, float]:
    n = len(data) if hasattr(data, "__len__") else 6
    return (8.0, float(min(max(1.6 + 0.42 * n, 3.6), 12.0)))


def new_figure(figsize=(8.0, 4.5), chinese: bool | None = None):
    """A figure and Axes in the house style (pyplot-managed, closed by :func:`render`)."""
    import matplotlib.pyplot as plt

    with house_style(chinese):
        return plt.subplots(figsize=figsize, layout="constrained")


def save_figure(fig, path: str | Path, chinese: bool | None = None) -> Path:
    """Write ``fig`` as PNG to ``path`` with fixed metadata, whole (temporary file, then rename).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    path : str or pathlib.Path
        Destination; its folder is created if needed.
    chinese : bool, optional
        Whether labels are Chinese (for the fonts used at drawing time).

    Returns
    -------
    pathlib.Path
        The path written.
    """
    buf = io.BytesIO()
    with house_style(chinese):
        fig.savefig(buf, format="png", metadata={"Software": "minsheng"})
    return write_bytes_atomic(path, buf.getvalue())


def render(plot, data, path: str | Path, *, figsize=None, chinese: bool | None = None, **kwargs):
    """Draw ``plot(data, ax=…, **kwargs)`` on a new figure, save it as PNG at ``path`` and return it.

    When the data hold nothing to draw, no figure is made, an earlier PNG at
    ``path`` is removed (it would describe other data) and the reason is
    returned as Markdown for the notebook.

    Parameters
    ----------
    plot : callable
        One of this module's plotting functions.
    data : pandas.DataFrame
        Its data.
    path : str or pathlib.Path
        The PNG to write.
    figsize : tuple of float, optional
        Default: 8 inches wide, height from the number of rows.
    chinese : bool, optional
        Chinese labels if a CJK font is installed (default).
    **kwargs
        Passed to ``plot``.

    Returns
    -------
    matplotlib.figure.Figure or IPython.display.Markdown
    """
    import matplotlib.pyplot as plt

    fig, ax = new_figure(figsize or _figsize(data), chinese)
    try:
        plot(data, ax=ax, chinese=chinese, **kwargs)
    except NothingToPlot as exc:
        plt.close(fig)
        Path(path).unlink(missing_ok=True)
        return prose.say(str(exc))
    save_figure(fig, path, chinese)
    plt.close(fig)
    return fig


def font_note():
    """Markdown saying which labels the plots use (Chinese with a CJK font, else English)."""
    name = cjk_font()
    if name:
        return prose.say(f"Plots are labelled in Chinese with the font *{name}*.")
    return prose.say("No CJK font is installed for matplotlib, so plots are labelled with the English glosses "
                      "(`program_en`, English goal names) rather than Chinese characters.")
