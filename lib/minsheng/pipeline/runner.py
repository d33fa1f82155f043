"""The notebook pipeline: ``minsheng run [REPORT ...] [--out DIR] [-p NAME=VALUE ...]``.

``pipeline.yaml`` (beside this file) lists the notebooks in order with their
parameters and products. For each report the runner

1. reads the report and checks every ``-p`` before any kernel starts (papermill
   itself only warns on an unknown name);
2. executes the notebooks with papermill in fresh kernels, into a staging
   folder next to the destination, side by side where they read none of each
   other's tables (:func:`step_groups`);
3. checks the products, writes the data package descriptor and the HTML report;
4. moves the staging folder into place in one rename, so a report's tables
   appear whole or not at all and earlier good outputs survive a failure.

Kernels talk over IPC sockets in a private folder rather than TCP ports, which
avoids the port clashes papermill users report when kernels start in parallel.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from minsheng.errors import InputError, StepFailed
from minsheng.extraction.reading import Report, read_report
from minsheng.paths import DEFAULT_REPORT, NOTEBOOKS_DIR, PACKAGE_DIR, PROCESSED_DIR, PROJ_ROOT

PIPELINE_FILE = PACKAGE_DIR / "pipeline" / "pipeline.yaml"
COMPARE_DIR = "_compare"     # the comparison of a run's reports, beside them
BUILD_SUBDIR = "_build"      # executed notebooks, plots, report.html: beside the tables, git-ignored
FAILED_SUBDIR = "_failed"    # executed notebooks of a failed run, kept for inspection


@dataclass(frozen=True)
class Step:
    notebook: str
    parameters: dict[str, str]
    products: tuple[str, ...]
    function: str | None = None  # the same work in minsheng.pipeline.steps, without a kernel


def _step(spec: dict) -> Step:
    return Step(spec["notebook"], dict(spec.get("parameters", {})), tuple(spec.get("products", [])),
                spec.get("function"))


@cache
def _spec(path: str | None = None) -> dict:
    from minsheng.io import read_yaml

    return read_yaml(path or PIPELINE_FILE)


def load_pipeline(path: str | None = None) -> tuple[Step, ...]:
    """The per-report steps of ``pipeline.yaml`` in order."""
    return tuple(_step(s) for s in _spec(path)["steps"])


def compare_step(path: str | None = None) -> Step | None:
    """The step run once over all reports of a run with two or more."""
    spec = _spec(path).get("compare")
    return _step(spec) if spec else None


def panel_step(path: str | None = None) -> Step | None:
    """The step run beside the comparison when the reports cover two or more places or periods."""
    spec = _spec(path).get("panel")
    return _step(spec) if spec else None


def covers_panel(root: Path) -> bool:
    """Whether the report folders under ``root`` cover two or more places or periods (their ``document.json``).

    A folder whose ``document.json`` is missing or unreadable counts as no place: the comparison says
    what is wrong with it.
    """
    import pandas as pd

    from minsheng.analysis.panel import coverage
    from minsheng.pipeline import collect
    from minsheng.reporting.html import document_of

    rows = [{"doc_id": folder.name, "place_code": doc.get("place_code"), "place_name": doc.get("place_name"),
             "period": doc.get("period")} for folder in collect.report_folders(root) if (doc := document_of(folder))]
    return coverage(pd.DataFrame(rows)).is_panel if rows else False


@cache
def notebook_parameters(notebook: str) -> dict[str, str]:
    """``{name: inferred type}`` of a notebook's ``parameters`` cell."""
    import papermill

    info = papermill.inspect_notebook(str(NOTEBOOKS_DIR / notebook))
    return {name: p["inferred_type_name"] for name, p in info.items()}


def _convert(name: str, raw: str, kind: str):
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "bool":
            if raw.lower() in ("true", "1", "yes"):
                return True
            if raw.lower() in ("false", "0", "no"):
                return False
            raise ValueError
    except ValueError:
        raise InputError(f"parameter {name}={raw!r} is not a valid {kind}; give a {kind} value") from None
    return raw


def declared_parameters(steps=None) -> tuple[dict[str, str], set[str]]:
    """``({name: type} of every notebook's parameters, names the runner sets itself)``."""
    steps = steps or load_pipeline()
    declared: dict[str, str] = {}
    for step in steps:
        declared.update(notebook_parameters(step.notebook))
    return declared, {name for step in steps for name in step.parameters}


def check_params(pairs: list[str], declared: dict[str, str] | None = None,
                 set_by_runner: set[str] | None = None) -> dict[str, object]:
    """Parse and check ``NAME=VALUE`` pairs against the notebooks' parameters, before any kernel starts.

    An unknown name, a name the runner sets itself, or a value that is not of
    the type of the parameter's default is an :class:`InputError`.
    """
    if declared is None:
        declared, set_by_runner = declared_parameters()
    set_by_runner = set_by_runner or set()
    out: dict[str, object] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(f"-p {pair!r} is not NAME=VALUE; write e.g. -p min_share=0.05")
        if name not in declared:
            known = ", ".join(sorted(set(declared) - set_by_runner)) or "none"
            raise InputError(f"unknown parameter {name!r}; the notebooks take: {known}")
        if name in set_by_runner:
            instead = "--corrections DIR" if name == "corrections" else "reports and --out"
            raise InputError(f"parameter {name!r} is set by the runner for each report; give {instead} instead")
        out[name] = _convert(name, raw, declared[name])
    return out


def ipc_kernel_manager(folder: str, cwd: str | None = None):
    """A kernel-manager class whose kernels talk over IPC sockets in ``folder``: no TCP port to clash over.

    Each kernel gets its own subfolder; the caller owns ``folder`` and removes it.
    ``cwd``: the kernels' working folder, given to each kernel as it starts (papermill's
    own ``cwd`` changes the folder of the whole process, which notebooks run side
    by side in threads cannot share).
    """
    from queue import Empty

    from jupyter_client.manager import KernelManager
    from nbclient.exceptions import DeadKernelError

    # The blocking manager (Ctrl-C while kernels start or reply is clean with it; with the asynchronous one an
    # interrupt could land inside asyncio's own set-up and print its traceback). nbclient waits for a cell's
    # reply and output with no timeout, in calls that never return if the kernel dies mid-cell: the client's
    # channels wait a second at a time instead and raise DeadKernelError once the kernel is gone.
    class IPCKernelManager(KernelManager):
        def __init__(self, *args, **kwargs):
            sock = tempfile.mkdtemp(prefix="k", dir=folder)
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", os.path.join(sock, "k"))
            kwargs.setdefault("connection_file", os.path.join(sock, "kernel.json"))
            super().__init__(*args, **kwargs)

        def start_kernel(self, **kw):
            if cwd is not None:
                kw.setdefault("cwd", cwd)
            # the kernel's own log (ipykernel's messages, not the cells' output, which papermill records) goes to
            # a file beside its sockets, not to the user's terminal
            with open(os.path.join(os.path.dirname(self.connection_file), "kernel.log"), "ab") as log:
                kw.setdefault("stderr", log)
                return super().start_kernel(**kw)

        def client(self, **kw):
            kc = super().client(**kw)
            wait_for_ready = kc.wait_for_ready
            manager = self

            def ready(*a, **k):  # a kernel is interrupted only once it answers: a starting one would die of it
                out = wait_for_ready(*a, **k)
                started.append(manager)
                return out

            def watched(channel):
                get_msg = channel.get_msg

                def get(timeout=None):
                    if timeout is not None:
                        return get_msg(timeout=timeout)
                    while True:
                        try:
                            return get_msg(timeout=1)
                        except Empty:
                            if not manager.is_alive():
                                raise DeadKernelError("Kernel died") from None

                channel.get_msg = get

            kc.wait_for_ready = ready
            watched(kc.shell_channel)
            watched(kc.iopub_channel)
            return kc

        @staticmethod
        def interrupt_all() -> None:
            """Interrupt every kernel of this class that has started and still runs, as Ctrl-C does a kernel of one's own
            (its cell raises KeyboardInterrupt and the notebook fails): for Ctrl-C while notebooks run in threads."""
            import signal

            for km in list(started):
                proc = getattr(getattr(km, "provisioner", None), "process", None)
                if proc is not None and proc.returncode is None:
                    try:
                        os.killpg(proc.pid, signal.SIGINT)  # the kernel's own session, as interrupt_kernel does
                    except OSError:
                        pass

    started: list = []
    return IPCKernelManager


def step_groups(steps, values: dict) -> list[list[int]]:
    """The steps' indices in groups that can run side by side, in the order the groups must run.

    A step reads an earlier step's product when one of its parameters (formatted with
    ``values``) is that product's path in ``values["tables"]``; it then goes in a group
    after that step's, as it does after an earlier step that makes or names a product it
    makes too (a table corrected in place). Steps that name none of each other's products share a group
    (20, 21 and 22 each read only ``figures.csv``; 30 and 31 only the report folders).
    """
    made_by: dict[str, list[int]] = {}  # a product's path: the earlier steps that make it
    read_by: dict[str, list[int]] = {}  # a path a parameter names: the earlier steps that name it
    level: list[int] = []
    for k, step in enumerate(steps):
        reads = {os.path.normpath(v.format(**values)) for v in step.parameters.values()}
        makes = {os.path.normpath(os.path.join(values["tables"], product)) for product in step.products}
        after = [level[j] for p in reads for j in made_by.get(p, ())]  # it reads what they make
        # it (re)makes what they make or read: the file's order stands
        after += [level[j] for p in makes for j in made_by.get(p, []) + read_by.get(p, [])]
        level.append(1 + max(after) if after else 0)
        for p in makes:
            made_by.setdefault(p, []).append(k)
        for p in reads:
            read_by.setdefault(p, []).append(k)
    groups: list[list[int]] = [[] for _ in range(max(level, default=-1) + 1)]
    for k, lv in enumerate(level):
        groups[lv].append(k)
    return groups


#: A step of a report failed (the package's :class:`~minsheng.errors.StepFailed`; the old name is kept).
NotebookFailed = StepFailed


log = logging.getLogger(__name__)


def _say(msg: str) -> None:
    log.info(msg)


def run_report(report_path: str, doc_id: str, tables_root: str, params: dict, steps=None, label: str = "",
               notebooks: bool = True, update_baseline: bool = False, corrections: str = "",
               parallel: int = 1) -> str:
    """Run the pipeline for one report; return the folder its tables are in.

    With ``notebooks`` the steps' notebooks are executed with papermill; without,
    their functions in :mod:`minsheng.pipeline.steps` do the same work in this process.
    Raises :class:`NotebookFailed` when a step fails; executed notebooks are then
    kept in ``<tables_root>/_failed/<doc_id>/`` and nothing of the report's
    earlier tables is changed. ``corrections``: the folder of corrections files
    (``""``: ``data/corrections/``; ``none``: none). ``parallel``: how many of the notebooks
    that read none of each other's tables run side by side (:func:`step_groups`).
    """
    steps = steps or load_pipeline()
    values = {"report": str(report_path), "doc_id": doc_id, "corrections": corrections}
    return _run_steps(steps, doc_id, Path(tables_root), values, params, label, notebooks,
                      finish=lambda staging: _finish(staging, doc_id, report_path, Path(tables_root) / doc_id,
                                                     update_baseline, corrections), parallel=parallel)


def run_compare(root: Path, params: dict, label: str = "", parallel: int | None = None) -> str | None:
    """The comparison notebook over every report folder under ``root``, into ``root/_compare``,
    and the panel notebook beside it when the reports make a panel: the two side by side
    (``parallel``, default the number of cores, 1: one after the other).

    Then the batch's page, ``root/index.html``: every report's ``report.html``
    and the comparison (its notebook rendered as HTML, its tables, its plots).
    """
    from minsheng.pipeline import collect
    from minsheng.reporting import html

    step = compare_step()
    if step is None or not (NOTEBOOKS_DIR / step.notebook).is_file():
        return None
    steps = (step,)
    panel = panel_step()
    if panel is not None and covers_panel(root):
        steps += (panel,)
    else:
        log.debug(f"  {label}the reports cover fewer than two places and two periods: no panel (notebook 31)")
    compared = _run_steps(steps, COMPARE_DIR, root, {"root": str(root)}, params, label, True,
                          finish=lambda staging: html.render_notebooks(staging / BUILD_SUBDIR),
                          parallel=(os.cpu_count() or 1) if parallel is None else parallel)
    html.write_index(root, collect.report_folders(root), Path(compared))
    return compared


def _run_steps(steps, name: str, root: Path, values: dict, params: dict, label: str, notebooks: bool,
               finish=None, parallel: int = 1) -> str:
    """Run ``steps`` into a staging folder, check their products, ``finish`` it and move it into place.

    Notebooks run in the groups of :func:`step_groups`, up to ``parallel`` of one group
    side by side (each in its own kernel; a thread here waits for it); in-process steps
    run one after another. A failed step fails the run once the others of its group end.
    """
    root.mkdir(parents=True, exist_ok=True)
    for stale in root.glob(f".staging-{name}-*"):  # left by a run that was killed outright
        shutil.rmtree(stale, ignore_errors=True)
    final = root / name
    staging = Path(tempfile.mkdtemp(prefix=f".staging-{name}-", dir=root))
    build = staging / BUILD_SUBDIR
    (build / "notebooks").mkdir(parents=True)
    values = {**values, "tables": str(staging), "build": str(build)}
    sockets = tempfile.TemporaryDirectory(prefix="mskrn-", ignore_cleanup_errors=True)  # kernels' IPC sockets, removed at the end
    try:
        km = ipc_kernel_manager(sockets.name, cwd=str(PROJ_ROOT))
        groups = step_groups(steps, values) if notebooks else [[k] for k in range(len(steps))]
        for group in groups:
            jobs = []
            for k in group:
                step = steps[k]
                declared = notebook_parameters(step.notebook)
                step_params = {key: v.format(**values) for key, v in step.parameters.items()}
                step_params.update({key: v for key, v in params.items() if key in declared})
                jobs.append((step, step_params, notebooks or not step.function))
            try:
                for step, how, seconds in _run_group(jobs, staging, name, km, parallel):
                    problem = check_products(step, staging, name)
                    if problem:
                        kept = _keep_failed(staging, root, name)
                        raise NotebookFailed(f"report {name}: step {Path(step.notebook).stem} {problem}"
                                             + (f"; executed notebooks kept in {kept}" if how == "notebook" else ""))
                    log.debug(f"  {label}{name}: {Path(step.notebook).stem} ({how}) done in {seconds:.1f} s")
            except _CellFailed as failed:  # inside the try: a failure to keep the notebooks still removes staging
                kept = _keep_failed(staging, root, name)
                raise NotebookFailed(f"{failed}; executed notebook kept at {kept / failed.notebook}") from None
        if finish is not None:
            finish(staging)
        _swap_into_place(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        sockets.cleanup()
    return str(final)


class _CellFailed(Exception):
    """A notebook's cell raised; the message names the report, the notebook and the cell."""

    def __init__(self, message: str, notebook: str):
        super().__init__(message)
        self.notebook = notebook


def _run_group(jobs, staging: Path, name: str, km, parallel: int):
    """Run one group's steps (``(step, parameters, as_notebook)``); yield ``(step, how, seconds)`` in the
    group's order once all have ended, or raise the first failure in that order."""
    def one(job):
        step, step_params, as_notebook = job
        t0 = time.perf_counter()
        if as_notebook:
            _execute_notebook(step, step_params, staging, name, km)
        else:
            _call_function(step, step_params, name)
        return step, "notebook" if as_notebook else "in-process", time.perf_counter() - t0

    if parallel < 2 or len(jobs) < 2 or not all(as_notebook for _, _, as_notebook in jobs):
        for job in jobs:
            yield one(job)
        return
    from concurrent.futures import ThreadPoolExecutor, wait

    with ThreadPoolExecutor(max_workers=min(parallel, len(jobs)), thread_name_prefix="minsheng-step") as pool:
        futures = [pool.submit(one, job) for job in jobs]
        try:
            results = [f.exception() or f.result() for f in futures]  # every step ends before any failure is raised
        except BaseException:  # Ctrl-C (only this thread sees it): start no queued step, interrupt the running kernels
            for f in futures:
                f.cancel()
            while not all(f.done() for f in futures):
                km.interrupt_all()
                wait(futures, timeout=0.2)
            raise
    for r in results:
        if isinstance(r, BaseException):
            raise r
    yield from results


def _execute_notebook(step: Step, nb_params: dict, staging: Path, name: str, km) -> None:
    import papermill
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    out_nb = staging / BUILD_SUBDIR / "notebooks" / Path(step.notebook).name
    try:
        papermill.execute_notebook(  # no cwd: the kernel manager starts each kernel in the project root
            str(NOTEBOOKS_DIR / step.notebook), str(out_nb), parameters=nb_params,
            progress_bar=False, log_output=False, kernel_manager_class=km,
        )
    except PapermillExecutionError as exc:
        first_line = (exc.source or "").strip().splitlines()[:1]
        raise _CellFailed(
            f"report {name}: notebook {Path(step.notebook).name} failed in cell "
            f"{_original_cell_number(out_nb, exc.cell_index)} ({' '.join(first_line)!r}): "
            f"{exc.ename}: {str(exc.evalue).splitlines()[0] if exc.evalue else ''}",
            Path(step.notebook).name,
        ) from None
    except DeadKernelError:
        number, source = _last_started_cell(out_nb)
        where = f" in cell {number} ({source!r})" if number else ""
        raise _CellFailed(
            f"report {name}: notebook {Path(step.notebook).name}: its kernel died{where}, killed from outside or "
            "for want of memory; see whether the machine ran out of memory, or run with fewer jobs (-j)",
            Path(step.notebook).name,
        ) from None


def _call_function(step: Step, step_params: dict, name: str) -> None:
    import inspect

    from minsheng.pipeline import steps as step_functions

    fn = getattr(step_functions, step.function)
    accepted = inspect.signature(fn).parameters
    try:
        fn(**{k: v for k, v in step_params.items() if k in accepted})
    except Exception as exc:  # a step's own check, or a bug: name the report and the step
        raise NotebookFailed(f"report {name}: step {step.function} failed: {type(exc).__name__}: {exc}") from None


def check_products(step: Step, folder: Path, name: str) -> str | None:
    """What is wrong with the products a step wrote into ``folder``, or ``None``.

    Every product must exist and match its declaration in the schema: a table's
    columns, types, vocabularies, required values and unique key; the keys and
    values of ``metrics.json``. The answer names the file, the row and the column.
    """
    from minsheng import io, schema
    from minsheng.errors import CheckError, InputError

    missing = [p for p in step.products if not (folder / p).is_file()]
    if missing:
        return f"did not write {', '.join(missing)}"
    by_file = {t.file: t for t in schema.tables() if t.file}
    for product in step.products:
        path = folder / product
        try:
            if product == "metrics.json":
                import json

                schema.validate_metrics(json.loads(path.read_text(encoding="utf-8")), where=name, ordered=False)
            elif product == "document.json":
                import json

                schema.validate_document(json.loads(path.read_text(encoding="utf-8")), where=name)
            elif product == "text.txt":
                _check_text(path, folder / "figures.csv", name)
            elif product in by_file:
                schema.validate(io.read_table(path, by_file[product]), by_file[product], where=name)
            else:
                raise CheckError(f"{product} is not declared in the schema (minsheng/schema/tables.yaml)")
        except (CheckError, InputError, ValueError) as exc:
            return f"wrote a product that fails its check: {exc}"
    return None


def _check_text(path: Path, figures_csv: Path, name: str) -> None:
    """``text.txt`` is UTF-8 and every figure's ``text == text.txt[start:end]`` (the provenance of the offsets)."""
    from minsheng import io
    from minsheng.errors import CheckError

    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CheckError(f"{name}: text.txt is not UTF-8 ({exc})") from None
    if figures_csv.is_file():
        figures = io.read_figures(figures_csv)
        for fid, a, b, t in zip(figures["figure_id"], figures["start"], figures["end"], figures["text"]):
            if text[a:b] != t:
                raise CheckError(f"{name}: figures.csv {fid}: text {t!r} is not text.txt[{a}:{b}] ({text[a:b]!r})")


def is_baseline(folder: Path) -> bool:
    """True for the committed dataset's folder (``data/processed/<bundled doc_id>/``), the regression baseline."""
    from minsheng.extraction.reading import make_doc_id

    return Path(folder).resolve() == (PROCESSED_DIR / make_doc_id(DEFAULT_REPORT)).resolve()


def _finish(staging: Path, doc_id: str, report_path: str, final: Path, update_baseline: bool = False,
            corrections: str = "") -> None:
    """Products that follow from the tables (data package descriptor, HTML report); the baseline's guard.

    A run into the committed dataset's folder replaces it only when its tables
    are the committed ones, or with ``update_baseline`` (``minsheng check
    --update``): a run by hand never silently rewrites the regression baseline.
    """
    from minsheng.pipeline import steps

    steps.finish_report(staging, doc_id, report_path, corrections)
    if not update_baseline and final.is_dir() and is_baseline(final):
        from minsheng.pipeline.baseline import compare_folders

        diffs = compare_folders(final, staging)
        if diffs:
            raise NotebookFailed(
                f"report {doc_id}: its tables differ from the committed dataset in {final} ({len(diffs)} change(s), "
                f"first: {diffs[0]}); nothing was replaced. See them with `minsheng check`, accept them with "
                "`minsheng check --update`, or write elsewhere with --out DIR")


def _original_cell_number(executed_nb: Path, cell_index: int) -> int:
    """1-based number of a cell in the notebook as written (papermill's injected cell not counted)."""
    import nbformat

    try:
        cells = nbformat.read(executed_nb, as_version=4).cells
    except (OSError, ValueError):
        return cell_index + 1
    return _number_among(cells, cell_index)


def _number_among(cells, cell_index: int) -> int:
    """1-based number of ``cells[cell_index]`` without papermill's injected cell."""
    injected = sum(1 for c in cells[:cell_index] if "injected-parameters" in c.metadata.get("tags", []))
    return cell_index + 1 - injected


def _last_started_cell(executed_nb: Path) -> tuple[int | None, str]:
    """The number (as :func:`_original_cell_number`) and first line of the last cell papermill started in
    ``executed_nb``, or ``(None, "")``: where a kernel that died was."""
    import nbformat

    try:
        cells = nbformat.read(executed_nb, as_version=4).cells
    except (OSError, ValueError):
        return None, ""
    begun = [i for i, c in enumerate(cells) if c.metadata.get("papermill", {}).get("start_time")]
    if not begun:
        return None, ""
    i = begun[-1]
    return _number_among(cells, i), " ".join(cells[i].source.strip().splitlines()[:1])


def _keep_failed(staging: Path, root: Path, doc_id: str) -> Path:
    dest = root / FAILED_SUBDIR / doc_id
    shutil.rmtree(dest, ignore_errors=True)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(staging / BUILD_SUBDIR / "notebooks", dest)
    return dest


def _swap_into_place(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging`` with renames on one file system."""
    from minsheng.io import current_umask

    os.chmod(staging, 0o777 & ~current_umask())  # mkdtemp makes 0700
    old = None
    if final.exists():
        old = final.with_name(f".old-{final.name}-{uuid.uuid4().hex[:8]}")
        os.replace(final, old)
    try:
        os.replace(staging, final)
    except BaseException:
        if old is not None:
            os.replace(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _prepare(reports: list[str]) -> list[Report]:
    """Read every report (before any kernel starts) and give each a doc_id of its own.

    Paths are made absolute without resolving links, so a report keeps the file
    name it was given by (its ``source_file`` and the id made from it). Reports
    whose ids come out equal are told apart in the order given (``-2``, ``-3``,
    see :func:`minsheng.extraction.doc_ids.unique_doc_ids`), one line each on stderr.
    """
    from dataclasses import replace

    from minsheng.extraction.doc_ids import unique_doc_ids

    paths = [Path(os.path.abspath(r)) for r in reports] if reports else [DEFAULT_REPORT]
    docs = [read_report(p) for p in paths]
    ids, renamed = unique_doc_ids([d.doc_id for d in docs])
    for i, kept, new_id in renamed:
        log.warning(f"minsheng run: {docs[i].path} would get the doc_id {docs[i].doc_id!r} of {docs[kept].path}; "
             f"it gets {new_id!r}")
    return [d if d.doc_id == did else replace(d, doc_id=did) for d, did in zip(docs, ids)]


def _check_corrections(docs: list[Report], corrections: str | None) -> str:
    """The corrections folder as the steps take it (absolute, or ``none``), each report's file applied once
    to the rules' figures first: a stale or wrong correction is an :class:`InputError` before anything runs."""
    from minsheng.extraction import clean
    from minsheng.extraction.corrections import NONE, file_for

    if corrections and corrections != NONE:
        corrections = os.path.abspath(corrections)
    for d in docs:
        if file_for(corrections, d.doc_id) is not None:
            clean.corrected_table(d, corrections)
    return corrections or ""


class Progress:
    """One progress bar over the reports on a terminal (tqdm), one log line per report elsewhere (CI, logs)."""

    def __init__(self, total: int, stream=None):
        self.total, self.count = total, 0
        stream = stream or sys.stderr
        self.bar = None
        if total > 1 and getattr(stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="report", file=stream, dynamic_ncols=True)

    def report(self, doc_id: str, outcome: str) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.set_postfix_str(f"{doc_id}: {outcome}", refresh=False)
            self.bar.update(1)
        else:
            log.info(f"  [{self.count}/{self.total}] {doc_id}: {outcome}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _summary(n: int, done: list[str], failures: list[str], root: Path, compared: str | None, seconds: float) -> None:
    """The end of a run: how many reports were done and failed, and where the tables, reports and comparison are."""
    log.info(f"minsheng run: {len(done)} of {n} report(s) done, {len(failures)} failed, in {seconds:.1f} s")
    if done:
        log.info(f"  tables: {root}/<doc_id>/ ({len(done)} folder(s))")
        shown = done if len(done) <= 10 else done[:10]
        for folder in shown:
            log.info(f"  report: {Path(folder) / BUILD_SUBDIR / 'report.html'}")
        if len(done) > len(shown):
            log.info(f"  … and {len(done) - len(shown)} more, each in {root}/<doc_id>/{BUILD_SUBDIR}/report.html")
    if compared:
        log.info(f"  comparison: {compared} (tables), {Path(compared) / BUILD_SUBDIR / 'notebooks'} (executed notebooks)")
        if (root / "index.html").is_file():
            log.info(f"  index: {root / 'index.html'} (every report and the comparison)")


def _check_writable(root: Path) -> None:
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=root, prefix=".probe-", delete=True)
        probe.close()
    except OSError as exc:
        raise InputError(f"output folder {str(root)!r} cannot be written ({exc.strerror}); choose another with --out") from None


def run(reports: list[str], out: str | None = None, params: list[str] | None = None, jobs: int | None = None,
        notebooks: bool | None = None, update_baseline: bool = False, corrections: str | None = None) -> int:
    """Run the pipeline for every report; the exit code of ``minsheng run``.

    ``notebooks``: execute every report's notebooks (True), compute the same
    tables in-process (False), or the default (None): notebooks for a single
    report, in-process for several — where the comparison notebook is the one
    that must run. ``corrections``: the folder of corrections files (default
    ``data/corrections/``, ``none`` for none); every report's file there is checked
    before anything runs, so a stale or wrong one stops the run with nothing written.
    """
    docs = _prepare(reports)
    values = check_params(params or [])  # before any kernel starts
    corrections = _check_corrections(docs, corrections)
    root = Path(out).resolve() if out else PROCESSED_DIR
    _check_writable(root)
    n = len(docs)
    with_notebooks = (n == 1) if notebooks is None else notebooks
    cores = jobs or os.cpu_count() or 1
    workers = max(1, min(cores, n))
    how = "notebooks" if with_notebooks else "in-process steps"
    _say(f"minsheng run: {n} report(s), {len(load_pipeline())} steps each as {how}, {workers} in parallel -> {root}")
    failures, done = [], []
    t0 = time.perf_counter()
    progress = Progress(n)
    if workers == 1:
        for i, d in enumerate(docs, 1):
            t1 = time.perf_counter()
            try:
                done.append(run_report(str(d.path), d.doc_id, str(root), values, label=f"[{i}/{n}] ",
                                       notebooks=with_notebooks, update_baseline=update_baseline,
                                       corrections=corrections, parallel=cores))
                progress.report(d.doc_id, f"done in {time.perf_counter() - t1:.1f} s")
            except NotebookFailed as exc:
                failures.append(str(exc))
                progress.report(d.doc_id, "FAILED")
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futs = {pool.submit(run_report, str(d.path), d.doc_id, str(root), values, None, f"[{i}/{n}] ",
                                with_notebooks, update_baseline, corrections): d for i, d in enumerate(docs, 1)}
            for fut in as_completed(futs):
                try:
                    done.append(fut.result())
                    progress.report(futs[fut].doc_id, "done")
                except NotebookFailed as exc:
                    failures.append(str(exc))
                    progress.report(futs[fut].doc_id, "FAILED")
    progress.close()
    compared = None
    if n >= 2 and len(failures) < n:
        try:
            compared = run_compare(root, values, label="[compare] ", parallel=cores)
        except NotebookFailed as exc:
            failures.append(str(exc))
    for msg in sorted(failures):
        log.error(f"minsheng: run failed: {msg}")
    _summary(n, sorted(done), failures, root, compared, time.perf_counter() - t0)
    return 1 if failures else 0
