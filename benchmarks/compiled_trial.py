"""Would compiled code close the gap to JioNLP on real-size reports? A trial with mypyc (issue 14).

One command, from the repository root (it sets up the venvs it needs first)::

    bash benchmarks/run.sh compiled        # or: .venv/bin/python benchmarks/compiled_trial.py [--repeats N]

What it does, in one run:

1. Copies this tree's ``lib/`` to ``benchmarks/build/compiled/lib`` and compiles the extractor's
   modules that do the work per figure (``COMPILED`` below) with mypyc (``benchmarks/.venv-mypyc``:
   mypy, MIT), unchanged: no annotations added for speed. The project never ships this; it is an
   experiment to measure what compiling buys.
2. Checks that the compiled extractor gives the same figures, byte for byte, as the pure one on
   every text the tests hold (the bundled report, every ``tests/fixtures/**/*.txt`` it can read)
   and on the real-size corpus.
3. Times ``figure_columns`` on the real-size reports of ``scale_bench.py`` (each by its own
   call; median of ``--inner`` passes in each fresh process, median over ``--repeats`` processes),
   the pure tree, the compiled tree and JioNLP's ``extract_money`` interleaved (A B C A B C …).

Results: ``benchmarks/build/compiled/results.json`` and a summary on standard output.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale_bench as sb  # noqa: E402  (the workers, the corpus and the process measurement are shared)

BUILD = sb.HERE / "build" / "compiled"
MYPYC = sb.HERE / ".venv-mypyc" / "bin" / "mypyc"
COMPILED = ["find", "classify", "lexicon", "timewords", "status", "structure", "document"]
#: mypyc type-checks what it compiles; the trial compiles the code as it is, so type errors that
#: do not change what the code does at run time are reported, not fatal.
MYPY_INI = "[mypy]\nignore_missing_imports = True\nfollow_imports = silent\n[mypy-minsheng.*]\nignore_errors = True\n"

SAME_WORKER = r"""
import hashlib, json, sys
from pathlib import Path
import minsheng.extraction.classify as c
from minsheng.extraction.clean import figure_columns
from minsheng.extraction.reading import read_report
root, corpus = Path(sys.argv[1]), json.load(open(sys.argv[2], encoding="utf-8"))
texts = []
for f in [root / "data/raw/yingquan_minsheng_2016_2020.txt", *sorted((root / "tests/fixtures").rglob("*.txt"))]:
    try:
        texts.append(read_report(f, "doc").text)
    except Exception:
        pass  # a fixture made to be refused
h, n = hashlib.sha256(), 0
for t in texts + corpus:
    cols = figure_columns(t, "doc")
    n += len(cols["figure_id"])
    h.update(json.dumps(cols, ensure_ascii=False, default=str).encode())
print(json.dumps({"texts": len(texts) + len(corpus), "figures": n, "sha256": h.hexdigest(), "classify": c.__file__}))
"""


def build() -> tuple[Path, float]:
    """The compiled copy of ``lib/`` and the seconds its build took."""
    dest = BUILD / "lib"
    shutil.rmtree(BUILD, ignore_errors=True)
    shutil.copytree(sb.ROOT / "lib", dest, ignore=shutil.ignore_patterns("__pycache__", "*.so"))
    (dest / "mypy.ini").write_text(MYPY_INI, encoding="utf-8")
    t = time.perf_counter()
    p = subprocess.run([MYPYC, "--config-file", "mypy.ini", *(f"minsheng/extraction/{m}.py" for m in COMPILED)],
                       cwd=dest, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"compiled_trial: mypyc failed:\n{p.stdout[-3000:]}{p.stderr[-3000:]}")
    return dest, time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=5, help="fresh processes per tool (default 5)")
    ap.add_argument("--inner", type=int, default=10, help="passes over the corpus in each process (default 10)")
    args = ap.parse_args(argv)
    if not MYPYC.is_file():
        raise SystemExit("compiled_trial: benchmarks/.venv-mypyc is missing: run bash benchmarks/setup_venvs.sh")
    lib, build_s = build()
    texts = sb.real_size_texts()
    corpus = BUILD / "real_size.json"
    corpus.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    pure_env, compiled_env = sb.env_for(None), sb.env_for(lib)
    same = {}
    for name, env in (("pure", pure_env), ("compiled", compiled_env)):
        p = subprocess.run([sb.PY, "-c", SAME_WORKER, sb.ROOT, corpus], capture_output=True, text=True, env=env)
        if p.returncode != 0:
            raise SystemExit(f"compiled_trial: the {name} extractor failed:\n{p.stderr[-3000:]}")
        same[name] = json.loads(p.stdout)
    if not same["compiled"]["classify"].endswith(".so"):
        raise SystemExit(f"compiled_trial: the compiled run imported {same['compiled']['classify']}, not the build")
    identical = same["pure"]["sha256"] == same["compiled"]["sha256"]
    tools = [("pure", sb.PY, "columns", pure_env), ("compiled", sb.PY, "columns", compiled_env)]
    if sb.JIONLP_PY.is_file():
        tools.append(("JioNLP", sb.JIONLP_PY, "jionlp", pure_env))
    times: dict[str, list[float]] = {name: [] for name, *_ in tools}
    found: dict[str, int] = {}
    for _ in range(args.repeats):
        for name, py, mode, env in tools:
            out, _, _, _ = sb.measured([py, "-c", sb.CORPUS_WORKER, mode, corpus, args.inner], env)
            r = json.loads(out.strip().splitlines()[-1])
            times[name].append(sb.median(r["runs"]))
            found[name] = r["found"]
    chars = sum(map(len, texts))
    res = {"build_seconds": build_s, "modules": COMPILED, "same": same, "identical": identical,
           "texts": len(texts), "chars": chars, "seconds": times, "found": found}
    (BUILD / "results.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    med = {k: sb.median(v) for k, v in times.items()}
    print(f"mypyc build of {len(COMPILED)} modules: {build_s:.0f} s; same figures as the pure extractor on "
          f"{same['pure']['texts']} texts ({same['pure']['figures']:,} figures): {'yes' if identical else 'NO'}")
    print(f"{len(texts)} real-size reports, {chars:,} characters, each by its own call (median of {args.repeats} "
          f"processes × {args.inner} passes):")
    for name, s in med.items():
        ratio = f", {med['pure'] / s:.2f}× the pure extractor" if name != "pure" else ""
        vs = f", {(med['JioNLP'] / s):.2f}× JioNLP" if "JioNLP" in med and name != "JioNLP" else ""
        print(f"  {name}: {s * 1000:.1f} ms a pass, {chars / s:,.0f} chars/s, {found[name]} figures{ratio}{vs}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
