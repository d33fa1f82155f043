"""What reading document.json costs: the name index once, then the head, issuer and place of a long report.

Run: .venv/bin/python benchmarks/place_bench.py  (prints seconds; median of 5 runs)
"""

from __future__ import annotations

import statistics
import time
from dataclasses import replace

from minsheng.extraction import place
from minsheng.extraction.document import describe, read_document, read_head
from minsheng.extraction.reading import read_report
from minsheng.paths import DEFAULT_REPORT


def _median(fn, n=5):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    t0 = time.perf_counter()
    index = place.name_index()
    print(f"name index (once per process): {time.perf_counter() - t0:.3f} s, {len(index.forms):,} forms of "
          f"{len(index.units):,} units")
    report = read_report(DEFAULT_REPORT)
    big = replace(report, text=report.text * (500_000 // len(report.text) + 1))
    text = big.text
    doc = read_document(text)
    print(f"report of {len(text):,} characters")
    print(f"  read_document (already run by the clean stage): {_median(lambda: read_document(text)):.3f} s")
    print(f"  read_head (zones, issuer):                      {_median(lambda: read_head(text, doc.title)):.4f} s")
    zones = read_head(text, doc.title).zones
    print(f"  match_place (incl. self-reference count):       {_median(lambda: place.match_place(text, zones)):.4f} s")
    print(f"  describe (document.json, all of the above):     {_median(lambda: describe(big)):.3f} s")


if __name__ == "__main__":
    main()
