"""Benchmark of the pipeline: `minsheng run` against its floor, and batches against single runs.

Run: .venv/bin/python benchmarks/pipeline_bench.py [--repeat 3] [--singles 5] [--out benchmarks/pipeline_results.json]

Measures, in one run, wall time (median of --repeat runs) and the peak RSS of
the largest process (the runner or one of its kernels):
- `minsheng run` on the bundled report (5 notebooks executed with papermill)
  against its floor: the same number of notebooks that only import the
  libraries, executed the same way (papermill, IPC kernels, same runner code);
- the same run with --no-notebooks (in-process steps, no kernel);
- batches of N = 1, 10, 50 reports (copies of the bundled report and the test
  fixtures under distinct names): in-process steps for all, one comparison notebook;
- single runs, one `minsheng run REPORT` per report: --singles of them are
  measured and their median is multiplied by 50 to give "50 single runs"
  (running all 50 would take about 20 minutes; the estimate is labelled as such).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
SOURCES = [ROOT / "data" / "raw" / "yingquan_minsheng_2016_2020.txt",
           *sorted((ROOT / "tests" / "fixtures").glob("*.txt"))]

FLOOR_CELL = ("import pandas, seaborn, statsmodels.api, matplotlib\n"
              "from minsheng.pipeline import steps")  # what every notebook imports (minsheng's modules with it)


_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds, and peak RSS (MiB) of the largest process of the command's tree.

    The command runs under a fresh wrapper process, so the peak is this
    command's own (kernels included), not the largest of the benchmark so far.
    """
    t0 = time.perf_counter()
    proc = subprocess.run([PY, "-c", _WRAPPER, *cmd], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}")
    return wall, int(proc.stdout.strip().splitlines()[-1]) / 1024


def median_of(cmd_factory, repeat: int) -> dict:
    walls, peaks = [], []
    for _ in range(repeat):
        cmd, cleanup = cmd_factory()
        w, p = timed(cmd)
        cleanup()
        walls.append(w)
        peaks.append(p)
    return {"median_s": statistics.median(walls), "runs_s": walls, "peak_rss_mib": max(peaks)}


def floor_notebooks(folder: Path, n: int) -> Path:
    """``n`` notebooks that only import the libraries, and a pipeline file that runs them."""
    import nbformat

    steps = []
    for i in range(n):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
        params = nbformat.v4.new_code_cell("report = ''\ndoc_id = ''\nout_dir = ''")
        params.metadata["tags"] = ["parameters"]
        nb.cells = [params, nbformat.v4.new_code_cell(FLOOR_CELL)]
        path = folder / f"floor{i}.ipynb"
        nbformat.write(nb, path)
        steps.append({"notebook": str(path), "parameters": {"report": "{report}", "doc_id": "{doc_id}", "out_dir": "{tables}"},
                      "products": []})
    return steps


FLOOR_SCRIPT = """
import json, os, sys
from minsheng.pipeline import runner
steps = tuple(runner._step(s) for s in json.loads(sys.argv[1]))
# the floor's notebooks run in the real pipeline's groups (10, then 20-22 side by side, then 29)
groups = runner.step_groups(runner.load_pipeline(), {"report": "r", "doc_id": "r", "corrections": "", "tables": "/t", "build": "/t/_build"})
runner.step_groups = lambda steps, values: groups
runner._run_steps(steps, "floor", __import__("pathlib").Path(sys.argv[3]), {"report": sys.argv[2], "doc_id": "floor"}, {}, "", True,
                  parallel=os.cpu_count() or 1)
"""


def make_reports(folder: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        src = SOURCES[i % len(SOURCES)]
        dst = folder / f"r{i:02d}_{src.stem[:20]}.txt"
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def plot(results: dict, path: Path) -> None:
    """Two panels: one report (pipeline, floor, in-process) and 50 reports (batch, 50 single runs)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 3.6))
    one = {"minsheng run\n(5 notebooks)": results["pipeline_notebooks"]["median_s"],
           "floor: 5 notebooks\nthat only import": results["floor_5_import_notebooks"]["median_s"],
           "--no-notebooks\n(in-process)": results["pipeline_in_process"]["median_s"]}
    a.barh(list(one), list(one.values()), color=["#4c72b0", "#bbbbbb", "#55a868"])
    a.set_xlabel("seconds (median)")
    a.set_title(f"one report: pipeline / floor = {results['ratio_pipeline_to_floor']:.2f}")
    many = {"batch of 50\n(one run)": results["batch"]["50"]["median_s"] if "50" in results["batch"] else results["batch"][50]["median_s"],
            "50 single runs\n(estimated)": results["single_runs"]["estimated_50_singles_s"]}
    b.barh(list(many), list(many.values()), color=["#55a868", "#c44e52"])
    b.set_xlabel("seconds")
    b.set_title(f"50 reports: singles / batch = {results['ratio_50_singles_to_batch_50']:.1f}")
    for ax in (a, b):
        ax.invert_yaxis()
        ax.grid(axis="x", alpha=.3)
    fig.suptitle(f"minsheng pipeline, {results['machine']['nproc']} cores, Python {results['machine']['python']}, "
                 f"{results['machine']['date']}", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110, metadata={"Software": "minsheng benchmarks"})
    plt.close(fig)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--singles", type=int, default=5)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "pipeline_results.json"))
    ap.add_argument("--plot-only", action="store_true", help="redraw pipeline.png from --out, measure nothing")
    args = ap.parse_args()
    if args.plot_only:
        plot(json.loads(Path(args.out).read_text(encoding="utf-8")), Path(args.out).with_name("pipeline.png"))
        return
    cli = [PY, "-m", "minsheng.cli"]
    results: dict = {"machine": {"nproc": os.cpu_count(), "python": sys.version.split()[0],
                                 "date": time.strftime("%Y-%m-%d", time.gmtime())}}
    work = Path(tempfile.mkdtemp(prefix="msbench-"))
    bundled = SOURCES[0]

    def out_dir():
        d = Path(tempfile.mkdtemp(dir=work))
        return d, lambda: shutil.rmtree(d, ignore_errors=True)

    def run_cmd(*extra):
        def factory():
            d, cleanup = out_dir()
            return [*cli, "run", *map(str, extra), "--out", str(d)], cleanup
        return factory

    results["pipeline_notebooks"] = median_of(run_cmd(bundled), args.repeat)
    steps = floor_notebooks(work, 5)

    def floor_factory():
        d, cleanup = out_dir()
        return [PY, "-c", FLOOR_SCRIPT, json.dumps(steps), str(bundled), str(d)], cleanup

    results["floor_5_import_notebooks"] = median_of(floor_factory, args.repeat)
    results["pipeline_in_process"] = median_of(run_cmd("--no-notebooks", bundled), args.repeat)
    results["ratio_pipeline_to_floor"] = (results["pipeline_notebooks"]["median_s"]
                                          / results["floor_5_import_notebooks"]["median_s"])
    batches = {}
    for n in (1, 10, 50):
        folder = work / f"reports{n}"
        folder.mkdir()
        reports = make_reports(folder, n)
        batches[n] = median_of(run_cmd(*reports), 1 if n == 50 else args.repeat)
        batches[n]["per_report_s"] = batches[n]["median_s"] / n
    results["batch"] = batches
    singles_folder = work / "singles"
    singles_folder.mkdir()
    single_reports = make_reports(singles_folder, args.singles)
    walls = []
    for r in single_reports:
        d, cleanup = out_dir()
        w, _ = timed([*cli, "run", str(r), "--out", str(d)])
        cleanup()
        walls.append(w)
    single = statistics.median(walls)
    results["single_runs"] = {"measured": len(walls), "median_s": single, "runs_s": walls,
                              "estimated_50_singles_s": 50 * single}
    results["ratio_50_singles_to_batch_50"] = 50 * single / batches[50]["median_s"]
    shutil.rmtree(work, ignore_errors=True)
    Path(args.out).write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    plot(results, Path(args.out).with_name("pipeline.png"))
    print(json.dumps({k: v for k, v in results.items() if k.startswith("ratio")}, indent=2))
    print(f"results in {args.out}")


if __name__ == "__main__":
    main()
