"""pyinstrument's profile of one in-process run of minsheng's extractor on a corpus.

    benchmarks/.venv-tools/bin/python benchmarks/profile_minsheng.py CORPUS OUT.txt

Runs in benchmarks/.venv-tools (pyinstrument, minsheng editable from lib/), so the
profiler is never installed in the project's .venv.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pyinstrument import Profiler

from minsheng.extraction.clean import figures_from_text


def main(corpus: str, out: str) -> int:
    with open(corpus, encoding="utf-8", newline="") as fh:  # line ends as written (\r\n kept)
        text = fh.read()
    figures_from_text(text[:5000], "warmup")  # lexicon loaded, caches warm
    prof = Profiler(interval=0.001)
    t = time.perf_counter()
    prof.start()
    df = figures_from_text(text, "bench")
    prof.stop()
    secs = time.perf_counter() - t
    root = str(Path(__file__).resolve().parents[1]) + "/"
    head = (f"minsheng figures_from_text on {Path(corpus).name} ({len(text):,} chars): {len(df):,} figures "
            f"in {secs:.2f} s under the profiler ({len(text) / secs:,.0f} chars/s)\n\n")
    body = prof.output_text(unicode=True, color=False, show_all=False).replace(root, "")  # paths relative to the repository
    Path(out).write_text(head + body, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
