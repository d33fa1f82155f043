"""Many reports in one call: :func:`extract_corpus`.

Extracting a corpus text by text with :func:`minsheng.extraction.clean.figures_from_text`
makes and types one DataFrame per report, which costs more than the extraction of
a short report itself. Here every report's figures are found and checked as plain
columns (:func:`~minsheng.extraction.clean.figure_columns`), the lexicons are loaded
once, and one frame is made at the end for the whole corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from minsheng.errors import InputError
from minsheng.extraction.clean import FIGURE_COLUMNS, figure_columns, to_frame
from minsheng.extraction.doc_ids import check_doc_id
from minsheng.extraction.lexicon import Lexicon, load
from minsheng.extraction.reading import Report

if TYPE_CHECKING:
    import pandas as pd


def _items(texts) -> Iterable[tuple[str, str, Report | None]]:
    if isinstance(texts, Mapping):
        for doc_id, text in texts.items():
            yield doc_id, text, None
        return
    for item in texts:
        if isinstance(item, Report):
            yield item.doc_id, item.text, item
        elif isinstance(item, tuple) and len(item) == 2:
            yield item[0], item[1], None
        else:
            raise InputError(f"extract_corpus takes {{doc_id: text}}, (doc_id, text) pairs or Reports, "
                             f"not {type(item).__name__}; give each text its doc_id")


def extract_corpus(texts, lex: Lexicon | None = None, check: bool = True) -> pd.DataFrame:
    """The figures of many reports in one table: each report's rows as
    :func:`~minsheng.extraction.clean.figures_from_text` gives them alone, in the order given.

    Parameters
    ----------
    texts : mapping or iterable
        ``{doc_id: text}``, ``(doc_id, text)`` pairs, or
        :class:`~minsheng.extraction.reading.Report` objects (read with
        :func:`~minsheng.extraction.reading.read_report`; their PDF pages fill ``page``).
        A doc_id must be ``[a-z0-9_-]+`` (lower-cased) and unique in the corpus.
    lex : Lexicon, optional
        The word lists (default: the package's, loaded once per process).
    check : bool
        Check every report's figures as ``minsheng extract`` does (the schema, each
        span against its text, ``value_norm`` against ``value`` and unit).

    Returns
    -------
    pandas.DataFrame
        The columns of ``figures.csv``; ``figure_id`` restarts at ``F001`` for each
        report, so ``(doc_id, figure_id)`` is the key.

    Raises
    ------
    minsheng.errors.InputError
        A doc_id that is not ``[a-z0-9_-]+``, a doc_id given twice, a text that is not a ``str``.
    minsheng.errors.CheckError
        A report's figures fail their check (the message names the report).

    Examples
    --------
    >>> from minsheng.extraction import extract_corpus
    >>> df = extract_corpus({"a": "发放补贴100万元。", "b": "惠及群众3200人，投入资金5万元。"})
    >>> df[["doc_id", "figure_id", "value_norm", "unit_norm"]].values.tolist()
    [['a', 'F001', 1000000.0, 'CNY'], ['b', 'F001', 3200.0, 'person'], ['b', 'F002', 50000.0, 'CNY']]
    """
    from minsheng.errors import CheckError
    from minsheng.extraction.checks import check_columns

    lex = lex or load()
    out: dict[str, list] = {name: [] for name in FIGURE_COLUMNS}
    seen: set[str] = set()
    for raw_id, text, report in _items(texts):
        doc_id = check_doc_id(str(raw_id))
        if doc_id in seen:
            raise InputError(f"doc_id {doc_id!r} is given twice in the corpus; give each text its own")
        seen.add(doc_id)
        if not isinstance(text, str):
            raise InputError(f"the text of {doc_id!r} is a {type(text).__name__}, not a str; decode it first "
                             "(minsheng.extraction.reading.read_report reads a file)")
        cols = figure_columns(text, doc_id, lex, report=report)
        if check:
            try:
                check_columns(cols, text, lex)
            except CheckError as exc:
                raise CheckError(f"report {doc_id}: {exc}") from None
        for name in FIGURE_COLUMNS:
            out[name].extend(cols[name])
    return to_frame(out)
