"""The clean stage: a report's text becomes the ``figures.csv`` table of the data contract."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from minsheng import io, schema
from minsheng.extraction.classify import classify
from minsheng.extraction.find import find_figures
from minsheng.extraction.lexicon import Lexicon, load
from minsheng.extraction.reading import Report, page_of
from minsheng.extraction.status import parts_of_plans
from minsheng.extraction.structure import links

if TYPE_CHECKING:  # pandas is imported where a frame is made: `minsheng extract` never needs one
    import pandas as pd

#: ``sentence`` is cut to at most this many characters around its figure.
SENTENCE_LIMIT = 200

FIGURES = schema.table("figures")
#: The columns of figures.csv, in order (from the one schema, ``minsheng/schema/tables.yaml``).
FIGURE_COLUMNS = FIGURES.names


def empty_figures() -> pd.DataFrame:
    """A figures table with the contract's columns and no rows."""
    return FIGURES.empty()


def typed(df: pd.DataFrame) -> pd.DataFrame:
    """The figures table with its schema's column types (:func:`minsheng.schema.typed`)."""
    return schema.typed(df, FIGURES)


def cut(text: str, ss: int, se: int, start: int, end: int, limit: int = SENTENCE_LIMIT) -> str:
    """``text[ss:se]`` (a sentence) cut to at most ``limit`` characters around ``text[start:end]``.

    A sentence of ``limit`` characters or fewer is returned whole; else a window of
    ``limit - 2`` characters centred on the figure, kept inside the sentence, with
    ``…`` on each side where something was cut.

    Examples
    --------
    >>> s = "甲" * 300
    >>> c = cut(s, 0, 300, 150, 152)
    >>> len(c), c[0], c[-1]
    (200, '…', '…')
    >>> cut("一二三。", 0, 4, 1, 2)
    '一二三。'
    """
    if se - ss <= limit:
        return text[ss:se]
    n = limit - 2
    mid = (start + end) // 2
    lo = max(ss, min(mid - n // 2, se - n))
    hi = min(se, lo + n)
    return ("…" if lo > ss else "") + text[lo:hi] + ("…" if hi < se else "")


def figure_columns(text: str, doc_id: str, lex: Lexicon | None = None, report: Report | None = None
                   ) -> dict[str, list]:
    """Every figure of ``text`` as the columns of the figures table: ``{column: list of values}``
    in the schema's order, rows in order of ``start``; no pandas.

    The values are those of :func:`figures_from_text` (which makes a frame of them):
    text columns ``str``, integer columns ``int`` (``None`` where empty), number columns
    ``float``. ``report``: the :class:`~minsheng.extraction.reading.Report` the text is of,
    for the PDF page of each figure (``page`` stays empty without it).
    """
    from minsheng.extraction.document import read_document

    lex = lex or load()
    figs = find_figures(text, lex)
    if not figs:
        return {name: [] for name in FIGURE_COLUMNS}
    ctxs = classify(text, figs, lex, read_document(text, lex))
    pages = report is not None and bool(report.page_starts)
    ids = [f"F{i + 1:03d}" for i in range(len(figs))]
    n = len(figs)
    cols = {
        "doc_id": [doc_id] * n, "figure_id": ids, "start": [f.start for f in figs], "end": [f.end for f in figs],
        "text": [f.text for f in figs], "value": [float(f.value) for f in figs], "unit_raw": [f.unit_raw for f in figs],
        "value_norm": [float(f.value_norm) for f in figs],
        "unit_norm": [c.unit_norm or f.unit_norm for f, c in zip(figs, ctxs)],
        "qualifier": [f.qualifier for f in figs], "period": [c.period for c in ctxs], "goal": [c.goal for c in ctxs],
        "program": [c.program for c in ctxs], "program_en": [c.program_en for c in ctxs],
        "metric": [c.metric for c in ctxs],
        "sentence": [c.sentence if len(c.sentence) <= SENTENCE_LIMIT  # the shared string where it is whole
                     else cut(text, c.sentence_start, c.sentence_end, f.start, f.end) for f, c in zip(figs, ctxs)],
        "pair_role": [c.pair_role for c in ctxs],
        "pair_figure_id": [ids[c.pair_index] if c.pair_index is not None else "" for c in ctxs],
        "period_kind": [c.period_kind for c in ctxs], "months": [c.months for c in ctxs],
        "status": [c.status for c in ctxs], "parent_figure_id": [""] * n, "relation": [""] * n,
        "inferred": [c.inferred for c in ctxs], "source": ["rule"] * n,
        "page": [page_of(report, f.start) for f in figs] if pages else [None] * n,
        "sentence_start": [c.sentence_start for c in ctxs], "sentence_end": [c.sentence_end for c in ctxs],
    }
    # parts of a total (其中, 含, 分别) and restatements
    cols["parent_figure_id"], cols["relation"] = links(
        text, ids, cols["start"], cols["value_norm"], cols["unit_norm"], cols["metric"], cols["period"], cols["goal"],
        cols["program"], lex)
    cols["status"] = parts_of_plans(cols["status"], cols["parent_figure_id"], cols["relation"], ids, cols["end"],
                                    text, lex)
    return {name: cols[name] for name in FIGURE_COLUMNS}


def to_frame(columns: dict[str, list]) -> pd.DataFrame:
    """The figures table (a typed frame, :func:`typed`) of :func:`figure_columns`' columns."""
    import pandas as pd

    if not columns["figure_id"]:
        return empty_figures()
    return typed(pd.DataFrame(columns))


def figures_from_text(text: str, doc_id: str, lex: Lexicon | None = None, report: Report | None = None) -> pd.DataFrame:
    """Every figure of ``text`` as a figures table (rows in order of ``start``).

    ``report``: the :class:`~minsheng.extraction.reading.Report` the text is of,
    for the PDF page of each figure (``page`` stays empty without it).
    """
    return to_frame(figure_columns(text, doc_id, lex, report))


def checked_columns(report: Report, lex: Lexicon | None = None, corrections_dir="none"
                    ) -> tuple[dict[str, list], object]:
    """The columns of a report's figures table (:func:`figure_columns`) with its corrections file
    applied (:func:`minsheng.extraction.corrections.correct_columns`), validated against the schema
    and the text; and what was applied (an :class:`~minsheng.extraction.corrections.Applied`).

    ``corrections_dir``: the folder of ``<doc_id>.csv`` corrections files (None or ``""``:
    ``data/corrections/``; ``none``: no corrections). See :mod:`minsheng.extraction.corrections`.
    """
    from minsheng.extraction.checks import check_columns
    from minsheng.extraction.corrections import correct_columns

    lex = lex or load()
    cols, applied = correct_columns(figure_columns(report.text, report.doc_id, lex, report=report), report,
                                    corrections_dir, lex)
    check_columns(cols, report.text, lex)
    return cols, applied


def figures_table(report: Report, lex: Lexicon | None = None) -> pd.DataFrame:
    """The validated figures table of a :class:`~minsheng.extraction.reading.Report` (no corrections)."""
    return to_frame(checked_columns(report, lex)[0])


def figures_csv(report: Report, lex: Lexicon | None = None, corrections_dir="none") -> str:
    """``figures.csv`` of a report as text, validated: ``to_csv(corrected_table(report, corrections_dir)[0])``,
    byte for byte, without making a frame (what ``minsheng extract`` prints)."""
    return io.columns_to_csv_text(checked_columns(report, lex, corrections_dir)[0], FIGURES)


def corrected_table(report: Report, corrections_dir=None, lex: Lexicon | None = None):
    """The validated figures table of ``report`` with its corrections file applied, and what was applied.

    ``corrections_dir``: the folder of ``<doc_id>.csv`` corrections files (None or ``""``:
    ``data/corrections/``; ``none``: no corrections). See :mod:`minsheng.extraction.corrections`.
    """
    cols, applied = checked_columns(report, lex, corrections_dir)
    return to_frame(cols), applied


def to_csv(df: pd.DataFrame) -> str:
    """The table as the contract's CSV: UTF-8, ``,``, header, ``\\n`` line ends, plain numbers."""
    return io.to_csv_text(df)


def write_figures(df: pd.DataFrame, out_dir) -> Path:
    """Write ``figures.csv`` into ``out_dir`` whole (temporary file, then rename)."""
    return io.write_csv(df, Path(out_dir) / FIGURES.file)


def summarise(df: pd.DataFrame) -> pd.DataFrame:
    """Figures per goal and unit: how many, and the sum of values in base units.

    Sums are only meaningful within one unit and one metric; they are shown to
    see the shape of a report, not as results (person-times are not people).
    """
    import pandas as pd

    if df.empty:
        return pd.DataFrame(columns=["goal", "unit_norm", "n_figures", "value_norm_sum"])
    return (
        df.groupby(["goal", "unit_norm"], sort=True)
        .agg(n_figures=("figure_id", "size"), value_norm_sum=("value_norm", "sum"))
        .reset_index()
    )
