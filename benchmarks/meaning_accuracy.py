"""How well minsheng reads what each figure means: per-field accuracy on the hand-checked reports.

    .venv/bin/python benchmarks/meaning_accuracy.py            # prints a Markdown table
    .venv/bin/python benchmarks/meaning_accuracy.py --json out.json

Each report is extracted alone (``minsheng.extraction.clean.figures_table``) and
scored against its expected table (``minsheng.extraction.score``): the seven
meaning fixtures of ``tests/fixtures/meaning/``, the four older fixtures of
``tests/fixtures/`` and the bundled report, whose reference is its committed,
hand-reviewed ``figures.csv`` (so its numbers say what the regression check
keeps, not an independent measurement). The README's "How well it reads a
report" quotes this output.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from minsheng.extraction.clean import figures_table
from minsheng.extraction.reading import read_report
from minsheng.extraction.score import score

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ("yingquan_minsheng_2016_2020", ROOT / "data/raw/yingquan_minsheng_2016_2020.txt",
           ROOT / "data/processed/yingquan_minsheng_2016_2020/figures.csv")


def cases() -> list[tuple[str, str, Path, Path]]:
    """``(group, doc_id, report, expected)`` of every hand-checked report."""
    out = [("bundled", *BUNDLED)]
    for group, folder in (("meaning fixtures", ROOT / "tests/fixtures/meaning"), ("older fixtures", ROOT / "tests/fixtures"),
                          ("blind fixtures", ROOT / "tests/fixtures/meaning_blind")):
        for exp in sorted(folder.glob("*.expected.csv")):
            stem = exp.name.removesuffix(".expected.csv")
            out.append((group, stem, folder / f"{stem}.txt", exp))
    return out


def measure() -> list[dict]:
    rows = []
    for group, doc_id, report, exp in cases():
        expected = pd.read_csv(exp, dtype=str, keep_default_na=False)
        expected["value_norm"] = expected["value_norm"].astype(float)
        for c in ("start", "end"):
            expected[c] = expected[c].astype(int)
        typed = figures_table(read_report(report, doc_id=doc_id))
        found = typed.astype(object).where(typed.notna(), "").astype(str).assign(
            start=typed["start"], end=typed["end"], value_norm=typed["value_norm"])
        rows.append({"group": group, "doc_id": doc_id, **score(expected, found)})
    return rows


def _pct(v) -> str:
    return "–" if v is None else f"{100 * v:.0f} %"


def markdown(rows: list[dict]) -> str:
    fields = ("f1", "goal", "metric", "period", "qualifier", "all4", "period_kind", "status", "relation")
    lines = ["| report | figures | found F1 | goal | metric | period | qualifier | all four | period_kind | status | relation |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['doc_id']} | {r['n_expected']} | " + " | ".join(_pct(r[f]) for f in fields) + " |")
    for group in dict.fromkeys(r["group"] for r in rows):
        g = [r for r in rows if r["group"] == group]
        n = sum(r["n_matched"] for r in g)
        pooled = {f: (sum((r[f] or 0) * r["n_matched"] for r in g) / n if n and all(r[f] is not None for r in g)
                      else None) for f in fields[1:]}
        tp, ne, nf = n, sum(r["n_expected"] for r in g), sum(r["n_found"] for r in g)
        pooled["f1"] = 2 * tp / (ne + nf) if ne + nf else None
        lines.append(f"| **{group}, pooled** | {ne} | " + " | ".join(_pct(pooled[f]) for f in fields) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, help="also write every number to this file")
    args = ap.parse_args()
    rows = measure()
    print(markdown(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
