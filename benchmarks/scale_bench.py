"""Throughput and scale (issue 14): long lines, real-size reports against JioNLP, batches.

One command, from the repository root (it sets up the venvs it needs first)::

    bash benchmarks/run.sh scale            # or: .venv/bin/python benchmarks/scale_bench.py [options]

Measured in one run, every measurement in a fresh process (time inside the process after
import and a warm-up, unless said otherwise; peak RSS from ``wait4``), tools and versions
interleaved (A B C A B C …) and repeated, medians reported:

1. **One line of N figures** (N = 1,000 / 10,000 / 100,000): ``figures_from_text`` of a single
   line of ``，``-separated money figures, this work tree against a named baseline commit.
2. **Real-size reports** (300-2,500 characters): the bundled report, the fixtures' texts and
   the bundled report's paragraphs grouped into reports of about 800 characters; each extracted
   by its own call: minsheng's ``figure_columns`` (the columns, no frame) and ``figures_from_text``
   (a frame per report), ``extract_corpus`` (all in one call), the baseline's ``figures_from_text``,
   and JioNLP's ``extract_money`` (money only) in its own venv.
3. **Whole-process ``minsheng extract``** of the bundled report, this tree against the baseline.
4. **Batches** of 10 / 100 / 1,000 reports in one ``minsheng run`` (copies of the texts of 2.
   under distinct names), wall time and peak RSS of the whole process tree (``wait4`` of the
   runner: the largest of it and its workers).

The baseline is a commit of this repository (``--baseline``, default 8f71d7a, the last commit
before this work), exported with ``git archive`` into ``benchmarks/build/`` and run from the
project's ``.venv`` with its ``lib/`` first on ``PYTHONPATH``. Results: ``benchmarks/scale_results.json``
and a Markdown summary on standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = HERE / "build" / "scale"
PY = ROOT / ".venv" / "bin" / "python"
JIONLP_PY = HERE / ".venv-jionlp" / "bin" / "python"
RESULTS = HERE / "scale_results.json"
BUNDLED = ROOT / "data" / "raw" / "yingquan_minsheng_2016_2020.txt"

# -- workers: small programs run in a fresh interpreter, printing one JSON line ---------------

LINE_WORKER = r"""
import json, sys, time
n = int(sys.argv[1])
from minsheng.extraction.clean import figures_from_text
words = ["投入资金", "发放补贴", "其中", "惠及群众", "新增"]
line = "，".join(f"{words[i % 5]}{i + 1}万元" for i in range(n)) + "。"
figures_from_text("发放补贴三十万元，其中两万元。", "warm")  # imports done lazily (pandas, cn2an) are not timed
t = time.perf_counter()
df = figures_from_text(line, "line")
print(json.dumps({"seconds": time.perf_counter() - t, "figures": len(df), "chars": len(line)}))
"""

CORPUS_WORKER = r"""
import json, sys, time
mode, path, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
texts = json.load(open(path, encoding="utf-8"))
if mode == "jionlp":
    import jionlp
    call = lambda t: jionlp.ner.extract_money(t)
    count = len
elif mode == "columns":
    from minsheng.extraction.clean import figure_columns
    call = lambda t: figure_columns(t, "doc")
    count = lambda r: len(r["figure_id"])
elif mode == "frame":
    from minsheng.extraction.clean import figures_from_text
    call = lambda t: figures_from_text(t, "doc")
    count = len
elif mode == "corpus":
    from minsheng.extraction import extract_corpus
    call = None
else:
    raise SystemExit(mode)
runs = []
for r in range(repeats + 1):  # the first run warms up (lexicons, caches) and is not counted
    t = time.perf_counter()
    if call is None:
        found = len(extract_corpus({f"d{i}": x for i, x in enumerate(texts)}))
    else:
        found = sum(count(call(x)) for x in texts)
    if r:
        runs.append(time.perf_counter() - t)
print(json.dumps({"runs": runs, "found": found}))
"""


TREE_HELPER = r"""
import json, os, resource, subprocess, sys, time

def tree_rss(root):
    # the resident memory of root and every process below it (KiB), from /proc; shared pages count once per process
    kids, rss = {}, {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/status") as fh:
                st = dict(line.split(":", 1) for line in fh if ":" in line)
        except OSError:
            continue
        kids.setdefault(int(st["PPid"]), []).append(int(d))
        rss[int(d)] = int(st.get("VmRSS", "0 kB").split()[0])
    total, todo = 0, [root]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += kids.get(p, [])
    return total

t = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
peak = 0
import threading
done = threading.Event()
def sample():
    global peak
    while not done.is_set():
        peak = max(peak, tree_rss(p.pid))
        time.sleep(0.05)
th = threading.Thread(target=sample, daemon=True)
th.start()
out, err = p.communicate()
w = time.perf_counter() - t
done.set(); th.join()
print(json.dumps({"out": out.decode(), "err": err.decode()[-2000:], "rc": p.returncode, "wall": w,
                  "rss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, "tree": peak / 1024,
                  "cpu": resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime}))
"""


def measured(cmd: list[str], env: dict | None = None, tree: bool = False) -> tuple[str, float, float, int]:
    """Run ``cmd`` under a fresh helper that waits for it: ``(stdout, wall s, peak MiB, exit code)``.

    Peak memory is the largest resident set of any one process (``wait4``), or with ``tree`` the
    largest sum over the process and all its workers at once (sampled every 50 ms from ``/proc``;
    pages the workers share with their parent count once for each, so it is an upper bound)."""
    r = measured_run(cmd, env)
    return r["out"], r["wall"], max(r["rss"], r["tree"]) if tree else r["rss"], r["rc"]


def measured_run(cmd: list[str], env: dict | None = None) -> dict:
    """What :func:`measured` measures, as the helper's dict (``cpu``: user + system seconds of the process and
    the children it waited for)."""
    p = subprocess.run([sys.executable, "-c", TREE_HELPER, *map(str, cmd)], capture_output=True, env=env)
    r = json.loads(p.stdout.decode())
    if r["rc"] not in (0, 1):
        raise RuntimeError(f"{' '.join(map(str, cmd[:4]))} … failed ({r['rc']}): {r['err']}")
    return r


def env_for(lib: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if lib is not None:
        env["PYTHONPATH"] = str(lib)
    return env


def export_baseline(commit: str) -> Path:
    dest = BUILD / f"baseline-{commit}"
    if not (dest / "lib" / "minsheng").is_dir():
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "lib"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest / "lib"


def real_size_texts() -> list[str]:
    """The bundled report, every fixture text, and the bundled report's paragraphs grouped into ~800-character reports."""
    sys.path.insert(0, str(ROOT / "lib"))
    from minsheng.extraction.reading import read_report

    files = [ROOT / "data/raw/yingquan_minsheng_2016_2020.txt", *sorted((ROOT / "tests/fixtures").glob("*.txt")),
             *sorted((ROOT / "tests/fixtures/meaning").glob("*.txt"))]
    texts = [read_report(f, "doc").text for f in files]
    chunk, grouped = "", []
    for para in (p for p in texts[0].split("\n") if p.strip()):
        chunk += para + "\n"
        if len(chunk) >= 700:
            grouped.append(chunk)
            chunk = ""
    return [t for t in texts + grouped if 300 <= len(t) <= 2500]


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline", default="8f71d7a", help="commit to compare with (default 8f71d7a)")
    ap.add_argument("--lines", default="1000,10000,100000", help="figures per line (comma-separated)")
    ap.add_argument("--repeats", type=int, default=5, help="fresh processes per measurement (default 5)")
    ap.add_argument("--inner", type=int, default=5, help="runs over the corpus inside each process (default 5)")
    ap.add_argument("--batches", default="10,100,1000", help="batch sizes for minsheng run (comma-separated; '' for none)")
    ap.add_argument("--batch-repeats", type=int, default=1, help="runs per batch size (default 1)")
    ap.add_argument("--jobs", type=int, default=None, help="minsheng run -j for the batches (default: its own, the cores)")
    ap.add_argument("--batches-only", action="store_true",
                    help="only the batches (4.): no baseline, no JioNLP; results to build/scale/batches.json")
    args = ap.parse_args(argv)
    if args.batches_only:
        return batches_only(args)
    BUILD.mkdir(parents=True, exist_ok=True)
    base_lib = export_baseline(args.baseline)
    here_env, base_env = env_for(None), env_for(base_lib)
    res: dict = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                             "load_at_start": os.getloadavg()}, "baseline": args.baseline, "started": time.time()}
    t_all = time.perf_counter()

    # 1. one line of N figures
    res["lines"] = {}
    for n in [int(x) for x in args.lines.split(",") if x]:
        row = {"here": [], "baseline": []}
        reps = args.repeats if n <= 10000 else max(1, args.repeats // 2)
        for _ in range(reps):
            for name, env in (("here", here_env), ("baseline", base_env)):
                out, _, rss, _ = measured([PY, "-c", LINE_WORKER, n], env)
                r = json.loads(out)
                row[name].append({"seconds": r["seconds"], "rss_mib": rss, "figures": r["figures"]})
        res["lines"][n] = row
        print(f"line of {n}: here {median([x['seconds'] for x in row['here']]):.2f} s, "
              f"baseline {median([x['seconds'] for x in row['baseline']]):.2f} s", file=sys.stderr)

    # 2. real-size reports, each by its own call
    texts = real_size_texts()
    corpus = BUILD / "real_size.json"
    corpus.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    chars = sum(map(len, texts))
    tools = [("minsheng columns", PY, "columns", here_env), ("minsheng frame", PY, "frame", here_env),
             ("minsheng extract_corpus", PY, "corpus", here_env), ("baseline frame", PY, "frame", base_env)]
    if JIONLP_PY.is_file():
        tools.append(("JioNLP extract_money", JIONLP_PY, "jionlp", here_env))
    res["corpus"] = {"texts": len(texts), "chars": chars, "sizes": sorted(map(len, texts)), "tools": {}}
    for _ in range(args.repeats):
        for name, py, mode, env in tools:
            out, _, rss, _ = measured([py, "-c", CORPUS_WORKER, mode, corpus, args.inner], env)
            r = json.loads(out.strip().splitlines()[-1])
            t = res["corpus"]["tools"].setdefault(name, {"seconds": [], "rss_mib": [], "found": r["found"]})
            t["seconds"].append(median(r["runs"]))
            t["rss_mib"].append(rss)
    for name, t in res["corpus"]["tools"].items():
        t["chars_per_s"] = chars / median(t["seconds"])
        print(f"{name}: {t['chars_per_s']:,.0f} chars/s", file=sys.stderr)

    # 3. whole-process minsheng extract of the bundled report
    res["extract"] = {"here": [], "baseline": []}
    for _ in range(args.repeats * 2):
        for name, env in (("here", here_env), ("baseline", base_env)):
            _, wall, rss, _ = measured([PY, "-m", "minsheng", "extract", BUNDLED], env)
            res["extract"][name].append({"seconds": wall, "rss_mib": rss})
    print(f"extract: here {median([x['seconds'] for x in res['extract']['here']]):.2f} s", file=sys.stderr)

    # 4. batches
    res["batches"] = run_batches(args, texts, here_env)

    res["seconds"] = time.perf_counter() - t_all
    res["machine"]["load_at_end"] = os.getloadavg()
    RESULTS.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(summary(res))
    return 0


def run_batches(args, texts: list[str], env: dict) -> dict:
    """Batches of ``args.batches`` reports (copies of ``texts`` under distinct names), each in one ``minsheng run``:
    wall time, the process tree's peak RSS and the CPU time of the tree (user + system, ``wait4`` of the helper's children)."""
    out = {}
    for n in [int(x) for x in args.batches.split(",") if x]:
        src = BUILD / f"batch-{n}"
        if not src.is_dir():
            src.mkdir(parents=True)
            for i in range(n):
                (src / f"r{i:04d}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
        runs = []
        for _ in range(args.batch_repeats):
            out_dir = Path(tempfile.mkdtemp(prefix=f"run-{n}-", dir=BUILD))
            jobs = ["-j", str(args.jobs)] if args.jobs else []
            r = measured_run([PY, "-m", "minsheng", "run", *sorted(src.glob("*.txt")), "--out", out_dir, *jobs], env)
            runs.append({"seconds": r["wall"], "rss_mib": max(r["rss"], r["tree"]), "cpu_seconds": r["cpu"], "exit": r["rc"]})
            shutil.rmtree(out_dir, ignore_errors=True)
        out[n] = runs
        print(f"batch of {n}: {median([r['seconds'] for r in runs]):.1f} s", file=sys.stderr)
    return out


def batches_only(args) -> int:
    """``--batches-only``: part 4 alone, on the real-size texts of part 2 (no baseline, no JioNLP venv needed)."""
    BUILD.mkdir(parents=True, exist_ok=True)
    res = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                       "load_at_start": os.getloadavg()}, "started": time.time()}
    res["batches"] = run_batches(args, real_size_texts(), env_for(None))
    res["machine"]["load_at_end"] = os.getloadavg()
    (BUILD / "batches.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print("| batch (`minsheng run`) | wall s | s per report | CPU s per report | peak RSS MiB |\n|---:|---:|---:|---:|---:|")
    for n, runs in res["batches"].items():
        s, cpu = median([r["seconds"] for r in runs]), median([r["cpu_seconds"] for r in runs])
        print(f"| {n:,} | {s:.1f} | {s / n:.3f} | {cpu / n:.3f} | {max(r['rss_mib'] for r in runs):.0f} |")
    return 0


def summary(res: dict) -> str:
    m = res["machine"]
    lines = [f"Run on {m['cores']} cores, Python {m['python']}, load average {m['load_at_start'][0]:.1f} at the start and "
             f"{m['load_at_end'][0]:.1f} at the end; {res['seconds'] / 60:.1f} min. Baseline: commit {res['baseline']}.", "",
             "| one line of | figures | this tree s | MiB | baseline s | MiB | ratio baseline ÷ this |",
             "|---:|---:|---:|---:|---:|---:|---:|"]
    for n, row in res["lines"].items():
        h, b = row["here"], row["baseline"]
        hs, bs = median([x["seconds"] for x in h]), median([x["seconds"] for x in b])
        lines.append(f"| {int(n):,} | {h[0]['figures']:,} | {hs:.2f} | {max(x['rss_mib'] for x in h):.0f} | {bs:.2f} | "
                     f"{max(x['rss_mib'] for x in b):.0f} | {bs / hs:.2f}× |")
    c = res["corpus"]
    jio = c["tools"].get("JioNLP extract_money")
    lines += ["", f"Real-size reports: {c['texts']} texts, {c['chars']:,} characters ({c['sizes'][0]}-{c['sizes'][-1]} each), "
              "each by its own call (extract_corpus: all in one call); median of the processes' medians.", "",
              "| tool | figures found | chars/s | ÷ JioNLP | max RSS MiB |", "|---|---:|---:|---:|---:|"]
    for name, t in c["tools"].items():
        ratio = f"{t['chars_per_s'] / jio['chars_per_s']:.2f}×" if jio else "–"
        lines.append(f"| {name} | {t['found']:,} | {t['chars_per_s']:,.0f} | {ratio} | {max(t['rss_mib']):.0f} |")
    e = res["extract"]
    lines += ["", f"Whole-process `minsheng extract` of the bundled report: this tree {median([x['seconds'] for x in e['here']]):.2f} s "
              f"({max(x['rss_mib'] for x in e['here']):.0f} MiB), baseline {median([x['seconds'] for x in e['baseline']]):.2f} s "
              f"({max(x['rss_mib'] for x in e['baseline']):.0f} MiB); median of {len(e['here'])} each."]
    if res["batches"]:
        lines += ["", "| batch (`minsheng run`) | wall s | s per report | peak RSS MiB |", "|---:|---:|---:|---:|"]
        for n, runs in res["batches"].items():
            s = median([r["seconds"] for r in runs])
            lines.append(f"| {int(n):,} | {s:.1f} | {s / int(n):.2f} | {max(r['rss_mib'] for r in runs):.0f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
