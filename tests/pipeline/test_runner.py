"""The papermill runner: parameters checked first, outputs whole or not at all, reproducible."""

import io
import json
import time

import pytest

from conftest import BUNDLED, run_cli
from minsheng.errors import InputError
from minsheng.pipeline import runner
from minsheng.pipeline.runner import Step, check_params, run_report

sys_path_note = "runs real kernels; about 5-10 s per notebook run"  # tests that start one are marked notebooks


def test_check_params_converts_by_the_defaults_type():
    declared = {"min_share": "float", "top_n": "int", "log_scale": "bool", "title": "str", "out_dir": "str"}
    got = check_params(["min_share=0.05", "top_n=7", "log_scale=false", "title=a=b"], declared, {"out_dir"})
    assert got == {"min_share": 0.05, "top_n": 7, "log_scale": False, "title": "a=b"}


@pytest.mark.parametrize("pair, words", [
    ("nope=1", "unknown parameter 'nope'"),
    ("top_n=seven", "not a valid int"),
    ("min_share=lots", "not a valid float"),
    ("log_scale=maybe", "not a valid bool"),
    ("out_dir=elsewhere/x", "set by the runner"),
    ("justaname", "NAME=VALUE"),
])
def test_check_params_refuses(pair, words):
    declared = {"min_share": "float", "top_n": "int", "log_scale": "bool", "out_dir": "str"}
    with pytest.raises(InputError, match=words):
        check_params([pair], declared, {"out_dir"})


def test_unknown_parameter_fails_with_exit_2_before_any_kernel_starts(tmp_path, cli):
    t0 = time.perf_counter()
    proc = cli("run", "--out", tmp_path, "-p", "no_such_parameter=1")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert "unknown parameter 'no_such_parameter'" in proc.stderr and "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []  # no kernel ran, nothing was written
    assert time.perf_counter() - t0 < 30


def test_bad_reports_are_refused_before_any_kernel(tmp_path, cli):
    a, b = tmp_path / "x" / "same.txt", tmp_path / "y" / "same.txt"
    for p in (a, b):
        p.parent.mkdir()
        p.write_text("发放资金5万元。", encoding="utf-8")
    # two reports named alike are no longer refused: the second gets 'same-2' (tests/extraction/test_doc_ids.py)
    assert [d.doc_id for d in runner._prepare([str(a), str(b)])] == ["same", "same-2"]
    proc = cli("run", a, tmp_path / "missing.txt", "--out", tmp_path / "out")
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_unwritable_output_folder(tmp_path, cli):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = cli("run", "--out", blocker / "sub")
    assert proc.returncode == 2 and "cannot be written" in proc.stderr and "Traceback" not in proc.stderr


FAILING = """{
 "cells": [
  {"cell_type": "code", "execution_count": null, "id": "p", "metadata": {"tags": ["parameters"]}, "outputs": [],
   "source": ["report = ''\\n", "doc_id = ''\\n", "out_dir = ''"]},
  {"cell_type": "code", "execution_count": null, "id": "w", "metadata": {}, "outputs": [],
   "source": ["open(out_dir + '/figures.csv', 'w').write('half')"]},
  {"cell_type": "code", "execution_count": null, "id": "f", "metadata": {}, "outputs": [],
   "source": ["1 / 0"]}
 ],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
 "nbformat": 4, "nbformat_minor": 5
}"""


@pytest.mark.notebooks
def test_failed_notebook_names_report_notebook_and_cell_and_keeps_earlier_outputs(tmp_path):
    root = tmp_path / "out"
    good = root / "demo"
    good.mkdir(parents=True)
    (good / "figures.csv").write_text("earlier good table\n", encoding="utf-8")
    nb = tmp_path / "99-fails.ipynb"
    nb.write_text(FAILING, encoding="utf-8")
    steps = (Step(str(nb), {"report": "{report}", "doc_id": "{doc_id}", "out_dir": "{tables}"}, ("figures.csv",)),)
    with pytest.raises(runner.NotebookFailed) as info:
        run_report(str(BUNDLED), "demo", str(root), {}, steps=steps)
    msg = str(info.value)
    assert "report demo" in msg and "99-fails.ipynb" in msg and "cell 3" in msg and "ZeroDivisionError" in msg
    kept = root / "_failed" / "demo" / "99-fails.ipynb"
    assert kept.is_file() and str(kept) in msg
    assert (good / "figures.csv").read_text(encoding="utf-8") == "earlier good table\n"  # not half-written
    assert sorted(p.name for p in root.iterdir()) == ["_failed", "demo"]  # no staging folder left


@pytest.mark.notebooks
def test_run_writes_tables_notebooks_and_report(bundled_run):
    out = bundled_run
    assert (out / "figures.csv").is_file() and (out / "datapackage.json").is_file()
    assert (out / "_build" / "notebooks" / "10-clean-figures.ipynb").is_file()
    html = (out / "_build" / "report.html").read_text(encoding="utf-8")
    assert html.count("<mark ") == 43 and "41308.83万元" in html


@pytest.mark.notebooks
def test_two_runs_give_byte_identical_tables(bundled_run, after_ctrl_c):
    # the session's run, and the whole run made after a Ctrl-C into another folder (the fixture below)
    a, b = bundled_run, after_ctrl_c["folder"]
    names = sorted(p.name for p in a.iterdir() if p.is_file())
    assert "figures.csv" in names and names == sorted(p.name for p in b.iterdir() if p.is_file())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.mark.notebooks
def test_datapackage_validates_with_frictionless(bundled_run):
    from frictionless import validate

    report = validate(str(bundled_run / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    desc = json.loads((bundled_run / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in desc["resources"][0]["schema"]["fields"]}
    assert fields["value_norm"]["unit"] == "unit_norm" and fields["start"]["type"] == "integer"


@pytest.fixture(scope="module")
def after_ctrl_c(tmp_path_factory):
    """A run stopped by Ctrl-C, what it left, then the next run into the same folder.

    The next run is a whole run of the bundled report with notebooks: it is also the second run that
    test_two_runs_give_byte_identical_tables compares with the session's (one notebook run fewer).
    """
    import os
    import signal
    import subprocess
    import sys

    from conftest import run_in_process

    out = tmp_path_factory.mktemp("ctrl_c") / "out"
    earlier = out / "yingquan_minsheng_2016_2020"
    earlier.mkdir(parents=True)
    (earlier / "figures.csv").write_text("earlier good table\n", encoding="utf-8")
    # a terminal's Ctrl-C: SIGINT to the process group of a real process. The default handler is restored in the
    # child, since a test run started in the background (nohup, CI) inherits SIGINT ignored.
    proc = subprocess.Popen([sys.executable, "-m", "minsheng.cli", "run", "--out", str(out)],
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 60
    while time.time() < deadline and not list(out.glob(".staging-*/_build/notebooks/*.ipynb")):
        time.sleep(0.05)
    reached_a_notebook = bool(list(out.glob(".staging-*")))
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, err = proc.communicate(timeout=60)
    left = {"reached_a_notebook": reached_a_notebook, "returncode": proc.returncode, "stderr": err,
            "earlier": (earlier / "figures.csv").read_text(encoding="utf-8"),
            "names": sorted(p.name for p in out.iterdir())}
    again = run_in_process("run", "--out", out)
    return {"left": left, "again": again, "folder": earlier}


@pytest.mark.notebooks
def test_ctrl_c_leaves_no_half_written_tables_and_the_next_run_starts_clean(after_ctrl_c):
    left, again, earlier = after_ctrl_c["left"], after_ctrl_c["again"], after_ctrl_c["folder"]
    assert left["reached_a_notebook"], "the run never reached a notebook"
    err = left["stderr"]
    assert left["returncode"] == 130, err
    assert "Traceback" not in err and "interrupted" in err
    assert left["earlier"] == "earlier good table\n"
    assert left["names"] == ["yingquan_minsheng_2016_2020"]
    assert again.returncode == 0, again.stderr
    assert (earlier / "figures.csv").read_text(encoding="utf-8").startswith("doc_id,figure_id")


@pytest.mark.notebooks
def test_regression_check_of_a_fresh_run_against_the_committed_dataset(bundled_run, cli):
    # every notebook was executed by papermill for this run; the check compares its products
    proc = cli("check", "--run-dir", bundled_run)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no change" in proc.stdout


@pytest.mark.notebooks
def test_in_process_steps_give_the_same_tables_as_the_notebooks(bundled_run, tmp_path, cli):
    proc = cli("run", "--no-notebooks", "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    fast = tmp_path / "yingquan_minsheng_2016_2020"
    names = sorted(p.name for p in bundled_run.iterdir() if p.is_file())
    assert names == sorted(p.name for p in fast.iterdir() if p.is_file())
    for name in names:
        assert (fast / name).read_bytes() == (bundled_run / name).read_bytes(), name
    assert sorted(p.name for p in (fast / "_build" / "figures").iterdir()) == sorted(
        p.name for p in (bundled_run / "_build" / "figures").iterdir())


@pytest.mark.notebooks  # notebook 30 compares the reports
def test_several_reports_run_in_process_and_are_compared(tmp_path):
    from conftest import FIXTURES

    reports = sorted(FIXTURES.glob("*.txt"))  # every fixture: the whole pipeline on each kind of report
    assert len(reports) >= 3
    # a real process: what its worker processes log must reach its stderr too
    proc = run_cli("run", *reports, "--out", tmp_path, "-j", "2")
    assert proc.returncode == 0, proc.stderr
    for r in reports:
        folder = tmp_path / r.stem
        for name in ("figures.csv", "programs.csv", "goals.csv", "standards.csv", "metrics.json", "datapackage.json"):
            assert (folder / name).is_file(), (r.stem, name)
        assert not (folder / "_build" / "notebooks" / "10-clean-figures.ipynb").exists()  # no kernel per report
        assert (folder / "_build" / "report.html").is_file()
    assert (tmp_path / "_compare" / "compare_programs.csv").is_file()
    assert (tmp_path / "_compare" / "_build" / "notebooks" / "30-compare-reports.ipynb").is_file()
    assert "in-process" in proc.stderr
    lines = proc.stderr.splitlines()
    # not a terminal: one line per report (no line per step), then a summary saying where everything is
    assert sorted(ln.split("] ", 1)[1] for ln in lines if ln.startswith("  [")) == sorted(
        f"{r.stem}: done" for r in reports)
    assert not any("10-clean-figures" in ln for ln in lines)
    assert f"minsheng run: {len(reports)} of {len(reports)} report(s) done, 0 failed" in proc.stderr
    for r in reports:
        assert f"  report: {tmp_path / r.stem / '_build' / 'report.html'}" in lines
    assert f"  comparison: {tmp_path / '_compare'} (tables)" in proc.stderr


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_one_bar_on_a_terminal_and_one_line_per_report_in_logs(caplog):
    import logging

    from minsheng.pipeline.runner import Progress

    tty = _Tty()
    bar = Progress(3, stream=tty)
    for doc in ("a", "b", "c"):
        bar.report(doc, "done")
    bar.close()
    assert "3/3" in tty.getvalue() and "report" in tty.getvalue()  # tqdm's bar: count and unit
    with caplog.at_level(logging.INFO, logger="minsheng"):
        plain = Progress(2, stream=io.StringIO())
        plain.report("a", "done")
        plain.report("b", "FAILED")
        plain.close()
    assert [r.getMessage() for r in caplog.records] == ["  [1/2] a: done", "  [2/2] b: FAILED"]


def test_every_product_is_checked_against_its_schema_after_a_step(tmp_path):
    from minsheng import schema

    step = Step(notebook="21-per-goal.ipynb", parameters={}, products=("goals.csv",), function="per_goal")
    assert runner.check_products(step, tmp_path, "r1") == "did not write goals.csv"
    cols = schema.table("goals").names
    row = {c: "" for c in cols} | {"doc_id": "r1", "goal": "health", "n_figures": "2"}
    bad = {**row, "goal": "roads"}
    (tmp_path / "goals.csv").write_text(",".join(cols) + "\n" + ",".join(row[c] for c in cols) + "\n"
                                        + ",".join(bad[c] for c in cols) + "\n", encoding="utf-8")
    problem = runner.check_products(step, tmp_path, "r1")
    assert problem.startswith("wrote a product that fails its check: r1: goals.csv does not match its schema")
    assert "row 2 column goal: 'roads'" in problem
    (tmp_path / "goals.csv").write_text(",".join(cols) + "\n" + ",".join(row[c] for c in cols) + "\n" * 1
                                        + ",".join(row[c] for c in cols) + "\n", encoding="utf-8")
    assert "key (goal) repeats" in runner.check_products(step, tmp_path, "r1")
    metrics_step = Step(notebook="29-headline-metrics.ipynb", parameters={}, products=("metrics.json",))
    (tmp_path / "metrics.json").write_text('{"n_figures": 1}', encoding="utf-8")
    assert "metrics.json does not match its schema: keys are not the schema's" in runner.check_products(
        metrics_step, tmp_path, "r1")


def test_a_run_never_silently_rewrites_the_committed_dataset(tmp_path, monkeypatch):
    import shutil

    from conftest import ROOT

    committed = tmp_path / "processed" / "yingquan_minsheng_2016_2020"
    shutil.copytree(ROOT / "data" / "processed" / "yingquan_minsheng_2016_2020", committed,
                    ignore=shutil.ignore_patterns("_build"))
    figures = committed / "figures.csv"
    edited = figures.read_text(encoding="utf-8").replace("57.93亿元", "57.94亿元", 1)
    figures.write_text(edited, encoding="utf-8")
    monkeypatch.setattr(runner, "PROCESSED_DIR", tmp_path / "processed")
    assert runner.run([str(BUNDLED)], notebooks=False) == 1  # differs from the (edited) baseline: refused
    assert figures.read_text(encoding="utf-8") == edited
    assert runner.run([str(BUNDLED)], notebooks=False, update_baseline=True) == 0  # minsheng check --update
    assert figures.read_bytes() == (ROOT / "data" / "processed" / "yingquan_minsheng_2016_2020" / "figures.csv").read_bytes()
    assert runner.run([str(BUNDLED)], notebooks=False) == 0  # now identical: nothing to refuse


def test_step_groups_of_the_pipelines():
    # worked out from pipeline.yaml by hand: 20, 21 and 22 read only figures.csv (made by 10); 29 reads
    # programs.csv, goals.csv and standards.csv (made by 20, 21, 22); 30 and 31 read only the report folders
    values = {"report": "r.txt", "doc_id": "r", "corrections": "", "tables": "/t", "build": "/t/_build"}
    assert runner.step_groups(runner.load_pipeline(), values) == [[0], [1, 2, 3], [4]]
    both = (runner.compare_step(), runner.panel_step())
    assert runner.step_groups(both, {"root": "/runs", "tables": "/t", "build": "/t/_build"}) == [[0, 1]]


def test_step_groups_follow_the_products_a_step_names():
    steps = (Step("a.ipynb", {"out": "{tables}"}, ("a.csv",)),
             Step("b.ipynb", {"src": "{tables}/a.csv"}, ("b.csv",)),
             Step("c.ipynb", {"src": "{tables}/./b.csv", "also": "{tables}/a.csv"}, ("c.csv",)),
             Step("d.ipynb", {"src": "{report}"}, ("d.csv",)),         # reads nothing made here: the first group
             Step("e.ipynb", {"src": "{tables}/a.csv"}, ("e.csv",)))
    assert runner.step_groups(steps, {"tables": "/t", "report": "x.txt"}) == [[0, 3], [1, 4], [2]]


SLEEPER = """{
 "cells": [
  {"cell_type": "code", "execution_count": null, "id": "p", "metadata": {"tags": ["parameters"]}, "outputs": [],
   "source": ["out_dir = ''\\n", "name = ''\\n", "fail = False"]},
  {"cell_type": "code", "execution_count": null, "id": "s", "metadata": {}, "outputs": [],
   "source": ["import json, os, time\\n", "t0 = time.time()\\n", "time.sleep(1.5)\\n",
              "json.dump({'start': t0, 'end': time.time(), 'cwd': os.getcwd()}, open(f'{out_dir}/{name}.json', 'w'))"]},
  {"cell_type": "code", "execution_count": null, "id": "f", "metadata": {}, "outputs": [],
   "source": ["assert not fail, 'asked to fail'"]}
 ],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
 "nbformat": 4, "nbformat_minor": 5
}"""


def _sleepers(tmp_path, fail_b=False):
    steps = []
    for name in ("a", "b"):
        nb = tmp_path / f"{name}.ipynb"
        nb.write_text(SLEEPER.replace('"fail = False"', f'"fail = {fail_b and name == "b"}"'), encoding="utf-8")
        steps.append(Step(str(nb), {"out_dir": "{tables}", "name": name}, ()))
    return tuple(steps)


def _times(folder):
    return [json.loads((folder / f"{n}.json").read_text(encoding="utf-8")) for n in ("a", "b")]


@pytest.mark.notebooks
def test_notebooks_that_read_none_of_each_others_tables_run_side_by_side(tmp_path, monkeypatch):
    import os

    from minsheng.paths import PROJ_ROOT

    monkeypatch.chdir(tmp_path)  # run from elsewhere: the kernels still start in the project root
    here = os.getcwd()
    steps = _sleepers(tmp_path)
    side = runner._run_steps(steps, "side", tmp_path / "runs", {}, {}, "", True, parallel=2)
    a, b = _times(tmp_path / "runs" / "side")
    assert max(a["start"], b["start"]) < min(a["end"], b["end"])  # both kernels were sleeping at once
    assert a["cwd"] == b["cwd"] == str(PROJ_ROOT) and os.getcwd() == here  # the kernels' folder, ours unchanged
    one = runner._run_steps(steps, "one", tmp_path / "runs", {}, {}, "", True, parallel=1)
    a, b = _times(tmp_path / "runs" / "one")
    assert a["end"] <= b["start"]  # one after the other
    assert side.endswith("side") and one.endswith("one")


@pytest.mark.notebooks
def test_a_failed_notebook_of_a_group_waits_for_the_other_and_writes_nothing(tmp_path):
    root = tmp_path / "runs"
    with pytest.raises(runner.NotebookFailed) as info:
        runner._run_steps(_sleepers(tmp_path, fail_b=True), "demo", root, {}, {}, "", True, parallel=2)
    msg = str(info.value)
    assert "report demo: notebook b.ipynb failed in cell 3" in msg and "AssertionError: asked to fail" in msg
    kept = root / "_failed" / "demo"
    assert str(kept / "b.ipynb") in msg
    # a.ipynb ran to its end beside it and is kept whole with it (its last cell executed)
    a_cells = json.loads((kept / "a.ipynb").read_text(encoding="utf-8"))["cells"]
    assert a_cells[-1]["execution_count"] is not None
    assert sorted(p.name for p in root.iterdir()) == ["_failed"]  # no staging folder, no demo folder


def test_step_groups_keep_the_files_order_for_a_table_made_twice():
    # 15 corrects figures.csv in place: 20 reads the corrected table, so it waits for 15, not only for 10;
    # two steps that write one table, or one that re-makes a table an earlier step reads, keep their order
    values = {"tables": "/t", "report": "x.txt"}
    steps = (Step("10.ipynb", {"src": "{report}", "out": "{tables}"}, ("figures.csv",)),
             Step("15.ipynb", {"src": "{tables}/figures.csv", "out": "{tables}"}, ("figures.csv",)),
             Step("20.ipynb", {"src": "{tables}/figures.csv"}, ("programs.csv",)))
    assert runner.step_groups(steps, values) == [[0], [1], [2]]
    a = Step("a.ipynb", {"out": "{tables}"}, ("x.csv",))
    assert runner.step_groups((a, Step("b.ipynb", {"out": "{tables}"}, ("x.csv",))), values) == [[0], [1]]
    c = Step("c.ipynb", {"src": "{tables}/x.csv"}, ("y.csv",))
    assert runner.step_groups((a, c, Step("d.ipynb", {"out": "{tables}"}, ("x.csv",))), values) == [[0], [1], [2]]


CTRL_C_CHILD = r"""
import json, sys
from pathlib import Path
from minsheng.pipeline import runner
from minsheng.pipeline.runner import Step
work = Path(sys.argv[1])
cells = [{"cell_type": "code", "execution_count": None, "id": "p", "metadata": {"tags": ["parameters"]}, "outputs": [],
          "source": "marks = ''\nname = ''"},
         {"cell_type": "code", "execution_count": None, "id": "s", "metadata": {}, "outputs": [],
          "source": "import time\nopen(f'{marks}/{name}.start', 'w').close()"},
         *[{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
            "source": "time.sleep(5)"} for i in range(4)],
         {"cell_type": "code", "execution_count": None, "id": "e", "metadata": {}, "outputs": [],
          "source": "open(f'{marks}/{name}.end', 'w').close()"}]
nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
      "nbformat": 4, "nbformat_minor": 5}
steps = []
for n in "abc":
    (work / f"{n}.ipynb").write_text(json.dumps(nb))
    steps.append(Step(str(work / f"{n}.ipynb"), {"marks": str(work / "marks"), "name": n}, ()))
(work / "marks").mkdir()
try:
    runner._run_steps(tuple(steps), "demo", work / "runs", {}, {}, "", True, parallel=2)
except KeyboardInterrupt:
    sys.exit(130)
"""


@pytest.mark.notebooks
def test_ctrl_c_while_notebooks_run_side_by_side_stops_them_and_starts_no_other(tmp_path):
    import os
    import signal
    import subprocess
    import sys

    # three notebooks of 20 s in one group, two at a time: Ctrl-C once both run
    proc = subprocess.Popen([sys.executable, "-c", CTRL_C_CHILD, str(tmp_path)], stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    marks = tmp_path / "marks"
    deadline = time.time() + 60
    while time.time() < deadline and len(list(marks.glob("*.start"))) < 2:
        time.sleep(0.05)
    assert sorted(p.name for p in marks.iterdir()) == ["a.start", "b.start"]
    time.sleep(1)
    t0 = time.time()
    os.killpg(proc.pid, signal.SIGINT)
    proc.communicate(timeout=60)
    took = time.time() - t0
    assert proc.returncode == 130
    assert took < 10  # the running cells are interrupted (each notebook has 19 s left), not waited for
    assert sorted(p.name for p in marks.iterdir()) == ["a.start", "b.start"]  # c never started; a and b never ended
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").glob(".staging-*"))


@pytest.mark.notebooks
def test_a_kernel_that_dies_mid_cell_fails_its_report_in_seconds_instead_of_hanging(tmp_path):
    import threading

    steps = list(_sleepers(tmp_path))
    dies = tmp_path / "dies.ipynb"  # its kernel is killed as the machine's out-of-memory killer would
    dies.write_text(SLEEPER.replace('"assert not fail, \'asked to fail\'"',
                                    '"import os, signal; os.kill(os.getpid(), signal.SIGKILL)"'), encoding="utf-8")
    steps[1] = Step(str(dies), {"out_dir": "{tables}", "name": "b"}, ())
    root = tmp_path / "runs"
    raised = []

    def go():
        try:
            runner._run_steps(tuple(steps), "demo", root, {}, {}, "", True, parallel=2)
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=go, daemon=True)  # a hang fails the test instead of hanging the suite
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "the run still waits for a dead kernel after 60 s"
    assert len(raised) == 1 and isinstance(raised[0], runner.NotebookFailed), raised
    msg = str(raised[0])
    assert msg.startswith("report demo: notebook dies.ipynb: its kernel died in cell 3 ('import os, signal;")
    assert "\n" not in msg and str(root / "_failed" / "demo" / "dies.ipynb") in msg
    assert sorted(p.name for p in root.iterdir()) == ["_failed"]
