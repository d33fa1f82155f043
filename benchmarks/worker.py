"""One extractor, timed inside its own process; run by bench.py in the tool's own venv.

Standard library only, so that the same file runs in the project's .venv (minsheng)
and in each peer's venv (JioNLP, Recognizers-Text).

    worker.py TOOL inproc CORPUS DOCS_JSON REPEATS
        import the tool (timed), extract from every annotated document (for accuracy),
        then extract from CORPUS REPEATS times (timed); print one JSON object last.
    worker.py TOOL whole CORPUS
        import, read CORPUS, extract, write the figures as JSON lines to stdout: the
        whole-process run, timed from outside by bench.py (wall clock and max RSS).

TOOL is minsheng, minsheng_find (its scan alone, without the context), jionlp or
recognizers. Every tool answers with figures as
``[start, end, value_norm, unit]``: str offsets into the text, the value in base
units (yuan for money) and a unit (minsheng's unit_norm; ``CNY`` or another ISO
code / JioNLP's currency word for the peers, which find money only).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from importlib import metadata


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


# -- the three extractors: (load) -> (extract raw, to figures) ---------------------------

def load_minsheng():
    from minsheng.extraction.clean import figures_from_text

    def extract(text):
        return figures_from_text(text, "bench")

    def figures(df):
        return [[int(s), int(e), float(v), str(u)]
                for s, e, v, u in zip(df["start"], df["end"], df["value_norm"], df["unit_norm"])]

    versions = {d: _version(d) for d in ("minsheng", "pandas", "numpy", "cn2an")}
    return extract, figures, versions


def load_minsheng_find():
    """minsheng's scan alone (spans, values, units; no sentence, period, program, goal, metric)."""
    from minsheng.extraction.find import find_figures
    from minsheng.extraction.lexicon import load

    lex = load()

    def extract(text):
        return find_figures(text, lex)

    def figures(figs):
        return [[f.start, f.end, float(f.value_norm), f.unit_norm] for f in figs]

    versions = {d: _version(d) for d in ("minsheng", "cn2an")}
    return extract, figures, versions


def load_jionlp():
    import jionlp as jio

    extract_money = jio.ner.extract_money

    def extract(text):
        return extract_money(text)  # defaults: with_parsing=True, ret_all=False

    def figures(items):
        out = []
        for it in items:
            s, e = it["offset"]
            detail = it.get("detail") or {}
            case = detail.get("case", "")
            unit = "CNY" if case == "元" else (case or "?")
            nums = detail.get("num")
            nums = nums if isinstance(nums, list) else [nums]
            for n in nums:  # a range (100-200元) gives both bounds, on the same span
                try:
                    out.append([s, e, float(n), unit])
                except (TypeError, ValueError):
                    out.append([s, e, None, unit])
        return out

    versions = {d: _version(d) for d in ("jionlp", "jiojio")}
    return extract, figures, versions


def load_recognizers():
    from recognizers_number_with_unit import NumberWithUnitRecognizer
    from recognizers_text import Culture

    model = NumberWithUnitRecognizer(Culture.Chinese).get_currency_model()

    def extract(text):
        return model.parse(text)

    def figures(results):
        out = []
        for r in results:
            res = r.resolution or {}
            unit = res.get("isoCurrency") or res.get("unit") or "?"
            try:
                value = float(res.get("value"))
            except (TypeError, ValueError):
                value = None
            out.append([r.start, r.end + 1, value, unit])  # Recognizers' end is inclusive
        return out

    versions = {d: _version(d) for d in (
        "recognizers-text-suite", "recognizers-text", "recognizers-text-number-with-unit", "emoji")}
    return extract, figures, versions


LOADERS = {"minsheng": load_minsheng, "minsheng_find": load_minsheng_find,
           "jionlp": load_jionlp, "recognizers": load_recognizers}


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def inproc(tool: str, corpus_path: str, docs_path: str, repeats: int) -> dict:
    t0 = time.perf_counter()
    extract, figures, versions = LOADERS[tool]()
    import_s = time.perf_counter() - t0
    rss_import = _maxrss_mib()
    with open(docs_path, encoding="utf-8") as fh:
        docs = json.load(fh)
    predictions = {}
    for d in docs:  # accuracy pass, one document at a time; also the warm-up
        predictions[d["name"]] = figures(extract(d["text"]))
    with open(corpus_path, encoding="utf-8", newline="") as fh:  # line ends as written
        corpus = fh.read()
    runs = []
    n_found = None
    for _ in range(repeats):
        t = time.perf_counter()
        raw = extract(corpus)
        runs.append(time.perf_counter() - t)
        n_found = len(figures(raw))
        del raw
    return {
        "tool": tool, "python": sys.version.split()[0], "versions": versions,
        "import_s": import_s, "runs_s": runs, "chars": len(corpus), "n_found": n_found,
        "maxrss_after_import_mib": rss_import, "maxrss_mib": _maxrss_mib(),
        "predictions": predictions,
    }


def whole(tool: str, corpus_path: str) -> int:
    extract, figures, _ = LOADERS[tool]()
    with open(corpus_path, encoding="utf-8", newline="") as fh:  # line ends as written
        corpus = fh.read()
    out = sys.stdout
    for f in figures(extract(corpus)):
        out.write(json.dumps(f) + "\n")
    out.flush()
    return 0


def main(argv: list[str]) -> int:
    tool, mode = argv[0], argv[1]
    if mode == "inproc":
        result = inproc(tool, argv[2], argv[3], int(argv[4]))
        sys.stdout.write("\n" + json.dumps(result, ensure_ascii=False) + "\n")
        return 0
    if mode == "whole":
        return whole(tool, argv[2])
    raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
