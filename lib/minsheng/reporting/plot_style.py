"""The house style of every plot: fonts, labels, colours, figure making, saving and rendering.

Labels are Chinese (the report's own program words, the 七有 names) in the
Noto Sans CJK SC font that comes with the ``noto-cjk-sans-otc`` dependency,
registered with matplotlib when first needed (:func:`shipped_cjk_font`), so no
system font and no font cache matter and every machine draws the same glyphs;
without that package, in a CJK font of the system (:func:`cjk_font`);
otherwise with the English gloss (``program_en``, English goal names), so a
plot never shows empty boxes.
Colours follow the goal, the same in every plot (:data:`GOAL_COLORS`, from
``lexicon/goals.csv``). :func:`render` draws a plotting function on a new
figure and saves it as PNG with fixed metadata, whole or not at all; when the
data hold nothing to draw it returns the reason as Markdown instead.
"""

from __future__ import annotations

import logging
import math
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

#: The family of the shipped font that labels are set in (a face of the Noto Sans CJK collection).
SHIPPED_FAMILY = "Noto Sans CJK SC"


def shipped_font_file() -> Path | None:
    """The Noto Sans CJK collection (OFL-1.1) of the ``noto-cjk-sans-otc`` package, or ``None`` without it."""
    try:
        import noto_cjk_sans_otc
    except ImportError:
        return None
    path = Path(str(noto_cjk_sans_otc.FONT_PATH))
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def shipped_cjk_font() -> str | None:
    """Register the shipped CJK font with matplotlib (once per process) and return its family, or ``None``.

    ``fontManager.addfont`` adds the file's faces at run time, so a stale or
    missing font cache does not matter. The Simplified Chinese face is taken;
    a matplotlib that reads only a collection's first face gets that one
    (Japanese forms of a few shared characters, every Chinese glyph there).
    """
    from matplotlib import font_manager

    path = shipped_font_file()
    if path is None:
        return None
    if not any(f.fname == str(path) for f in font_manager.fontManager.ttflist):
        try:
            font_manager.fontManager.addfont(str(path))
        except (OSError, RuntimeError, ValueError):  # an unreadable file: the system's fonts, then English
            return None
    added = [f.name for f in font_manager.fontManager.ttflist if f.fname == str(path)]
    logging.getLogger("matplotlib.font_manager").addFilter(_regular_only)
    for name in (SHIPPED_FAMILY, *added):
        if name in added and _has_glyphs(str(path), name):
            return name
    return None


def _regular_only(record) -> bool:
    """Drop matplotlib's warning that the shipped font has no bold face (bold titles are set in its regular)."""
    return not (record.getMessage().startswith("findfont: Failed to find font weight")
                and "Noto Sans CJK" in record.getMessage())


def _has_glyphs(fname: str, name: str | None = None) -> bool:
    """Whether a font file (its face called ``name``, in a collection) has every character of :data:`_PROBE`."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    index = 0
    if name is not None:
        index = next((getattr(f, "index", 0) for f in font_manager.fontManager.ttflist
                      if f.fname == fname and f.name == name), 0)
    try:
        font = FT2Font(fname, face_index=index) if index else FT2Font(fname)
        return all(font.get_char_index(ord(c)) for c in _PROBE)
    except Exception:  # an unreadable font file
        return False


def system_fonts() -> list[tuple[str, str]]:
    """``(family, file)`` of every font matplotlib knows besides the shipped one: the system's, from its cache."""
    from matplotlib import font_manager

    shipped = str(shipped_font_file() or "")
    return [(f.name, f.fname) for f in font_manager.fontManager.ttflist if f.fname != shipped]


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of a font with Chinese glyphs that matplotlib can use, or ``None``.

    The shipped font first (:func:`shipped_cjk_font`: the same on every
    machine); then the known CJK families of the system (:data:`CJK_FAMILIES`)
    in order, each accepted only if its file has glyphs for a few common
    characters.
    """
    shipped = shipped_cjk_font()
    if shipped:
        return shipped
    by_name: dict[str, list[str]] = {}
    for name, fname in system_fonts():
        by_name.setdefault(name, []).append(fname)
    for name in CJK_FAMILIES:
        for fname in by_name.get(name, []):
            if _has_glyphs(fname):
                return name
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
    elif cjk_font() is not None:
        # English labels, with the CJK font as matplotlib's per-glyph fallback for a program without a gloss
        # (a list of families in font.family: matplotlib falls back glyph by glyph only along that list)
        rc["font.family"] = ["DejaVu Sans", cjk_font()]
        rc["font.sans-serif"] = ["DejaVu Sans", cjk_font()]
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
    """A program's label: the report's words in Chinese, else ``program_en``.

    Where no English gloss exists the report's Chinese words are used in an
    English plot too (drawn in the CJK font that :func:`house_rc` puts after
    the Latin one); only a program with neither gets its figure id.
    """
    program = str(row.get("program", "") or "")
    gloss = str(row.get("program_en", "") or "")
    if chinese_labels(chinese) and program:
        return program
    if gloss:
        return gloss
    if program and cjk_font() is not None:
        return program
    if program:  # no font could draw the Chinese words: never empty boxes
        return f"{fallback_id or 'program'} (Chinese name only; no CJK font installed)"
    return f"{fallback_id or 'program'} (unnamed)"


def fit_text(ax, text: str, fontsize: float | None = None, share: float = 1.0) -> str:
    """``text`` broken into lines that fit ``share`` of the figure's width, so a title or caption is never clipped.

    A Chinese character is counted as wide as two Latin ones; lines break at
    spaces (English) or anywhere (Chinese); existing line breaks are kept.
    """
    import textwrap

    size = float(fontsize or mpl.rcParams["font.size"])
    width_pt = ax.figure.get_figwidth() * 72.0 * share
    per_line = max(int(width_pt / (0.56 * size)), 12)  # Latin characters per line, a little under the average width
    out = []
    for para in str(text).split("\n"):
        if any("\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in para):
            line, n = "", 0
            for c in para:
                w = 2 if ("\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef") else 1
                if n + w > per_line:
                    out.append(line)
                    line, n = "", 0
                line, n = line + c, n + w
            out.append(line)
        else:
            out.extend(textwrap.wrap(para, per_line, break_on_hyphens=False) or [""])
    return "\n".join(out)


def set_title(ax, text: str, share: float = 0.9) -> None:
    """The Axes' title in the house style, broken into lines of ``share`` of the figure's width (never clipped:
    a title starts at the Axes' left edge, so a plot with wide row labels asks for less)."""
    ax.set_title(fit_text(ax, text, mpl.rcParams["axes.titlesize"] if isinstance(mpl.rcParams["axes.titlesize"], float)
                          else 11.0, share=share))


def set_caption(ax, text: str, share: float = 0.85) -> None:
    """The x-axis label as a caption, broken into lines of ``share`` of the figure's width (never clipped: the
    caption is centred under the Axes, so a plot with its legend beside the Axes asks for less)."""
    ax.set_xlabel(fit_text(ax, text, 9.5, share=share))


def wrap(label: str, chinese: bool | None = None, width: int | None = None) -> str:
    """``label`` broken into lines (16 characters for Chinese, 34 for English) so long names fit."""
    import textwrap

    if chinese_labels(chinese) and any("\u4e00" <= c <= "\u9fff" for c in label):
        w = width or 16
        return "\n".join(label[i:i + w] for i in range(0, len(label), w))
    return textwrap.fill(label, width or 34, break_on_hyphens=False)


def _ax(ax):
    """The Axes to draw on: ``ax``, the current one for ``None``, or what a callable makes (:func:`render`'s:
    the figure is made only once the data hold something to draw)."""
    if ax is None:
        import matplotlib.pyplot as plt

        ax = plt.gca()
    elif callable(ax):
        ax = ax()
    return ax


def _auto_log(values, log) -> bool:
    if log != "auto":
        return bool(log)
    v = [float(x) for x in values if formatting.is_number(x) and float(x) > 0]
    return len(v) > 1 and max(v) / min(v) > 10


#: A horizontal log axis spanning more than this many decades is labelled at 10^k only: at 1, 2 and 5 × 10^k
#: its labels (100,000 beside 200,000 …) run into each other on an 8-inch figure.
MAX_DECADES_AT_125 = 3.0


def _plain_log(axis, money: bool = False) -> None:
    """Log ticks at 1, 2, 5 × 10^k (10^k only on a horizontal axis of more than :data:`MAX_DECADES_AT_125`
    decades) written as plain numbers (1,000 rather than 10³; money as 5 m, 1 bn)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    class Log125(LogLocator):
        def tick_values(self, vmin, vmax):
            lo, hi = sorted((vmin, vmax))
            wide = axis.axis_name == "x" and lo > 0 and math.log10(hi / lo) > MAX_DECADES_AT_125
            self.set_params(subs=(1.0,) if wide else (1.0, 2.0, 5.0))
            return super().tick_values(vmin, vmax)

    axis.set_major_locator(_in_view(Log125(base=10, subs=(1.0, 2.0, 5.0))))
    axis.set_minor_locator(_in_view(axis.get_minor_locator()))
    axis.set_major_formatter(FuncFormatter(
        lambda v, _pos: formatting.fmt_tick(v, money)))
    axis.set_minor_formatter(NullFormatter())


def _in_view(locator):
    """``locator`` giving only its ticks inside the axis' view: the same ticks drawn, fewer made.

    matplotlib makes a tick (two lines, two labels, a grid line) for every value a locator returns and
    draws those inside the view; a log locator returns a decade beyond each end, a third or more of its
    ticks on these plots, and making ticks is most of drawing an axis.
    """
    from matplotlib.ticker import Locator

    class InView(Locator):
        def set_axis(self, axis):
            super().set_axis(axis)
            locator.set_axis(axis)

        def __call__(self):
            lo, hi = sorted(self.axis.get_view_interval())
            return self._inside(locator(), lo, hi)

        def tick_values(self, vmin, vmax):
            return self._inside(locator.tick_values(vmin, vmax), *sorted((vmin, vmax)))

        @staticmethod
        def _inside(values, lo, hi):
            slack = (hi - lo) * 1e-9  # a tick on an end of the view is drawn: kept whatever the rounding
            return [v for v in values if lo - slack <= v <= hi + slack]

        def view_limits(self, vmin, vmax):
            return locator.view_limits(vmin, vmax)

        def nonsingular(self, vmin, vmax):
            return locator.nonsingular(vmin, vmax)

    return InView()


def _fix_tick_fonts(ax, chinese):
    if chinese_labels(chinese):
        ax.tick_params(labelfontfamily=[cjk_font(), "DejaVu Sans"])




def _figsize(data) -> tuple[float, float]:
    n = len(data) if hasattr(data, "__len__") else 6
    return (8.0, float(min(max(1.6 + 0.42 * n, 3.6), 12.0)))


def new_figure(figsize=(8.0, 4.5), chinese: bool | None = None):
    """A figure and Axes in the house style (pyplot-managed, closed by :func:`render`).

    No layout engine: :func:`save_figure` places the Axes once (:func:`fit_layout`)."""
    import matplotlib.pyplot as plt

    with house_style(chinese):
        return plt.subplots(figsize=figsize)


#: Room kept between what a plot draws and the figure's edge, in inches: constrained layout's pad (3 pt) and a
#: point more, for what moves a little once the Axes is placed (a tick label more or less on a resized axis).
FIT_PAD_IN = 4 / 72

#: The least share of the figure's width and height left to the Axes; where its decorations would leave less
#: (a legend of hundreds of reports), the Axes stays where it was made, as constrained layout leaves it then.
FIT_MIN_SHARE = 0.1


def fit_layout(fig, renderer) -> bool:
    """Place the figure's one Axes so that everything drawn around it fits in the figure; whether it moved.

    What constrained layout does, in one measurement instead of its two passes: where the Axes was made,
    the room its decorations take beyond each edge (tick labels, axis labels, title, legend; of the caption
    and the title only their height, of the y label its width, as constrained layout) is measured once, and
    so is each text placed at a point that moves with the Axes' box (a data point: a point's label, a bar's
    value; a share of the box: a note under the Axes), as its offset from that point. Decorations are sized
    in points and keep their room when the Axes moves; such a point keeps its share of the box, so where its
    text ends follows from the box. The box is the largest that keeps all of it :data:`FIT_PAD_IN` inside
    the figure's edges. A figure of several Axes gets constrained layout itself (no plot here makes one).
    """
    if len(fig.axes) != 1:
        fig.set_layout_engine("constrained")
        return False
    (ax,) = fig.axes
    placed = {id(t): anchor for t in ax.texts if t.get_visible() and (anchor := _box_anchor(ax, t)) is not None}
    others = [a for a in ax.get_default_bbox_extra_artists() if id(a) not in placed]
    tight = ax.get_tightbbox(renderer, for_layout_only=True, bbox_extra_artists=others)  # the limits are set now
    if tight is None:
        return False
    box = ax.get_window_extent(renderer)
    pad = FIT_PAD_IN * fig.dpi
    # the Axes' box in pixels along each direction: as far out as its decorations let it
    lo_x, hi_x = pad + box.x0 - tight.x0, fig.bbox.width - pad - (tight.x1 - box.x1)
    lo_y, hi_y = pad + box.y0 - tight.y0, fig.bbox.height - pad - (tight.y1 - box.y1)
    spans_x, spans_y = [], []
    for t in ax.texts:
        if id(t) not in placed:
            continue
        transform, point = placed[id(t)]
        px, py = transform.transform(point)
        bb = t.get_window_extent(renderer)
        spans_x.append(((px - box.x0) / box.width, bb.x0 - px, bb.x1 - px))
        spans_y.append(((py - box.y0) / box.height, bb.y0 - py, bb.y1 - py))
    lo_x, hi_x = _fit_span(lo_x, hi_x, spans_x, pad, fig.bbox.width - pad)
    lo_y, hi_y = _fit_span(lo_y, hi_y, spans_y, pad, fig.bbox.height - pad)
    width, height = (hi_x - lo_x) / fig.bbox.width, (hi_y - lo_y) / fig.bbox.height
    if width < FIT_MIN_SHARE or height < FIT_MIN_SHARE:
        return False
    ax.set_position([lo_x / fig.bbox.width, lo_y / fig.bbox.height, width, height])
    return True


def _box_anchor(ax, text):
    """``(transform, point)`` of where a text of the Axes is anchored when that point moves with the Axes'
    box (data coordinates, a share of the box, or one in each direction), the text at a fixed offset from
    it; ``None`` for a text placed otherwise (measured with the decorations)."""
    from matplotlib.text import Annotation

    if isinstance(text, Annotation):
        coords = {"data": ax.transData, "axes fraction": ax.transAxes}
        transform = coords.get(text.xycoords) if isinstance(text.xycoords, str) else None
        if transform is None:
            return None
        if text.anncoords in (None, text.xycoords):
            return transform, text.xyann
        if isinstance(text.anncoords, str) and text.anncoords.startswith("offset"):
            return transform, text.xy
        return None
    transform = text.get_transform()
    return (transform, text.get_position()) if all(transform.contains_branch_seperately(ax.transAxes)) else None


def _fit_span(lo: float, hi: float, spans, low_edge: float, high_edge: float) -> tuple[float, float]:
    """The Axes' extent ``(lo, hi)`` along one direction, narrowed until every text at a data point fits
    between the edges: a text at share ``f`` of the extent, offset ``(d0, d1)`` from its point, spans
    ``lo + f (hi - lo) + d0`` to ``lo + f (hi - lo) + d1``. Each step only narrows, so a few settle it."""
    for _ in range(4):
        moved = False
        for f, d0, d1 in spans:
            if lo + f * (hi - lo) + d1 > high_edge + 0.5 and f > 0:  # past the far edge: bring hi in
                hi = (high_edge - d1 - lo * (1 - f)) / f
                moved = True
            if lo + f * (hi - lo) + d0 < low_edge - 0.5 and f < 1:  # past the near edge: move lo out
                lo = (low_edge - d0 - f * hi) / (1 - f)
                moved = True
        if not moved:
            break
    return lo, hi


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
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with house_style(chinese):
        # The pixels ``fig.savefig(buf, format="png")`` writes, in one draw instead of two: with a layout
        # engine savefig first draws the figure without rendering only to lay it out, then again.
        # The Axes is placed once at the saving resolution (fit_layout), then drawn once.
        shown_dpi = fig.dpi
        dpi = shown_dpi if mpl.rcParams["savefig.dpi"] == "figure" else mpl.rcParams["savefig.dpi"]
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        fig.dpi = dpi
        try:
            if fig.get_layout_engine() is None:
                fit_layout(fig, canvas.get_renderer())
            canvas.draw()
            rgba = np.asarray(canvas.buffer_rgba())
        finally:
            fig.dpi = shown_dpi
    # an opaque figure (the house style's) as RGB: the same pixels as savefig's RGBA
    return write_bytes_atomic(path, png_bytes(rgba[..., :3] if (rgba[..., 3] == 255).all() else rgba, dpi))


def png_bytes(pixels, dpi: float, software: str = "minsheng") -> bytes:
    """A PNG of ``pixels`` (height × width × 3 or 4 bytes: RGB or RGBA) at ``dpi``, named as made by ``software``.

    Rows unfiltered (filter type 0) and deflated at zlib level 3. A plot is mostly flat colour, which
    deflate packs as well without PNG's row filters as with the per-row filter that Pillow picks by
    trying each (files within a few per cent either way); picking it was two thirds of Pillow's time.
    """
    import struct
    import zlib

    import numpy as np

    height, width, channels = pixels.shape
    rows = np.zeros((height, width * channels + 1), dtype=np.uint8)  # each row: its filter type (0), its bytes
    rows[:, 1:] = np.ascontiguousarray(pixels, dtype=np.uint8).reshape(height, width * channels)
    per_metre = int(dpi / 0.0254 + 0.5)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2 if channels == 3 else 6, 0, 0, 0)),
        chunk(b"tEXt", b"Software\0" + software.encode("latin-1")),
        chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        chunk(b"IDAT", zlib.compress(rows.tobytes(), 3)),
        chunk(b"IEND", b""),
    ))


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

    made = []

    def make_axes():  # called by the plot after its check that there is something to draw
        fig, ax = new_figure(figsize or _figsize(data), chinese)
        made.append(fig)
        return ax

    try:
        plot(data, ax=make_axes, chinese=chinese, **kwargs)
    except NothingToPlot as exc:
        for fig in made:
            plt.close(fig)
        Path(path).unlink(missing_ok=True)
        return prose.say(str(exc))
    except BaseException:
        for fig in made:
            plt.close(fig)
        raise
    (fig,) = made
    save_figure(fig, path, chinese)
    plt.close(fig)
    return fig


def font_note():
    """Markdown saying which labels the plots use (Chinese with a CJK font, else English)."""
    name = cjk_font()
    if name and name == shipped_cjk_font():
        return prose.say(f"Plots are labelled in Chinese with the font *{name}* that comes with minsheng's "
                         "dependencies (`noto-cjk-sans-otc`, SIL Open Font License).")
    if name:
        return prose.say(f"Plots are labelled in Chinese with the font *{name}*.")
    return prose.say("No CJK font is installed for matplotlib, so plots are labelled with the English glosses "
                      "(`program_en`, English goal names) rather than Chinese characters.")
