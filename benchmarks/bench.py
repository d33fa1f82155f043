"""minsheng's extractor against JioNLP and Recognizers-Text: throughput, accuracy, memory.

Run through ``bash benchmarks/run.sh`` (it sets up the venvs first); see README.md.
Runs in benchmarks/.venv-tools (matplotlib, pyinstrument, minsheng editable for
``read_report``). Each extractor runs in its own venv as a subprocess:
minsheng in the project's .venv, each peer in benchmarks/.venv-<peer>.

Outputs: benchmarks/results.json, benchmarks/benchmark.png, the results block of
benchmarks/README.md (between its markers), and benchmarks/minsheng_profile.txt when
a target is missed. Scratch files (corpora, raw outputs) go to benchmarks/build/.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BUILD = HERE / "build"
README = HERE / "README.md"
RESULTS_JSON = HERE / "results.json"
PLOT = HERE / "benchmark.png"
PROFILE = HERE / "minsheng_profile.txt"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"

BUNDLED = ROOT / "data" / "raw" / "yingquan_minsheng_2016_2020.txt"
BUNDLED_GOLD = ROOT / "tests" / "data" / "yingquan_expected_figures.csv"
FIXTURES = ROOT / "tests" / "fixtures"

PY = {
    "minsheng": ROOT / ".venv" / "bin" / "python",
    "minsheng_find": ROOT / ".venv" / "bin" / "python",
    "jionlp": HERE / ".venv-jionlp" / "bin" / "python",
    "recognizers": HERE / ".venv-recognizers" / "bin" / "python",
}
LABEL = {"minsheng": "minsheng", "minsheng_find": "minsheng scan only", "jionlp": "JioNLP", "recognizers": "Recognizers-Text"}
WHAT = {
    "minsheng": "`figures_from_text` (every figure)",
    "jionlp": "`jionlp.ner.extract_money` (money)",
    "recognizers": "Chinese currency model (money)",
}
BASELINE = "jionlp"


# -- inputs ---------------------------------------------------------------------------

def collect_documents() -> tuple[list[dict], list[str]]:
    """The bundled report and every tests/fixtures/*.txt, decoded as minsheng reads them."""
    from minsheng.errors import InputError
    from minsheng.extraction.reading import read_report

    sources = [(BUNDLED, BUNDLED_GOLD)]
    for p in sorted(FIXTURES.glob("*.txt")):
        gold = p.with_name(p.stem + ".expected.csv")
        sources.append((p, gold if gold.exists() else None))
    docs, skipped = [], []
    for path, gold_path in sources:
        try:
            rep = read_report(path, doc_id="doc")
        except InputError as exc:  # fixtures that test refusals are not reports to time
            skipped.append(f"{path.relative_to(ROOT)}: {exc}")
            continue
        gold, bad = (read_gold(gold_path, rep.text) if gold_path else (None, 0))
        docs.append({
            "name": path.stem, "path": str(path.relative_to(ROOT)), "encoding": rep.encoding,
            "text": rep.text, "gold": gold,
            "gold_path": str(gold_path.relative_to(ROOT)) if gold_path else None,
            "gold_rows_text_mismatch": bad,
        })
    return docs, skipped


def read_gold(path: Path, text: str) -> tuple[list[list], int]:
    """Gold figures ``[start, end, value_norm, unit_norm, text]``; also how many rows' text
    is not ``text[start:end]`` (kept, but counted, so a stale annotation shows)."""
    rows, bad = [], 0
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            s, e = int(r["start"]), int(r["end"])
            surface = r.get("text", "")
            if surface and text[s:e] != surface:
                bad += 1
            rows.append([s, e, float(r["value_norm"]), r["unit_norm"], surface])
    return rows, bad


def build_corpus(docs: list[dict], target_bytes: int) -> tuple[str, int]:
    """All documents joined by a blank line, repeated until about ``target_bytes`` of UTF-8."""
    unit = "".join(d["text"].rstrip("\n") + "\n\n" for d in docs)
    copies = max(1, round(target_bytes / len(unit.encode("utf-8"))))
    return unit * copies, copies


# -- running the tools -------------------------------------------------------------------

def run_inproc(tool: str, corpus: Path, docs_json: Path, repeats: int) -> dict:
    cmd = [str(PY[tool]), str(HERE / "worker.py"), tool, "inproc", str(corpus), str(docs_json), str(repeats)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, cwd=BUILD)
    if p.returncode != 0:
        raise RuntimeError(f"{tool} in-process worker failed ({p.returncode}):\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def run_inproc_interleaved(tools: list[str], corpus: Path, docs_json: Path, repeats: int) -> dict:
    """``repeats`` in-process workers per tool, one timed run each, interleaved across tools
    (A B C A B C …), so a change in the machine's load hits every tool alike."""
    out: dict = {}
    for _ in range(repeats):
        for t in tools:
            r = run_inproc(t, corpus, docs_json, 1)
            if t not in out:
                out[t] = dict(r, runs_s=[], import_s=[], maxrss_mib=0.0)
            out[t]["runs_s"] += r["runs_s"]
            out[t]["import_s"].append(r["import_s"])
            out[t]["maxrss_mib"] = max(out[t]["maxrss_mib"], r["maxrss_mib"])
    return out


def run_whole_once(cmd: list[str], out_path: Path) -> tuple[float, float, int]:
    """Wall-clock seconds, max RSS (MiB) and exit code of one fresh process."""
    with out_path.open("wb") as out, (out_path.with_suffix(".stderr")).open("wb") as err:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=BUILD)
        _, status, ru = os.wait4(p.pid, 0)
        elapsed = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, ru.ru_maxrss / 1024, p.returncode


def whole_cmds(tool: str, corpus: Path) -> dict[str, list[str]]:
    """The whole-process commands of a tool: for minsheng the CLI (validation + CSV)
    and the plain function (as the peers: import, read, extract, JSON lines)."""
    plain = [str(PY[tool]), str(HERE / "worker.py"), tool, "whole", str(corpus)]
    if tool == "minsheng":
        return {"cli": [str(ROOT / ".venv" / "bin" / "minsheng"), "extract", str(corpus), "--doc-id", "corpus"],
                "plain": plain}
    return {"plain": plain}


def count_output(path: Path, kind: str) -> int:
    """Figures written by a whole-process run: CSV rows (a sentence may hold a line end) or JSON lines."""
    if kind == "cli":
        with path.open(encoding="utf-8", newline="") as fh:
            return sum(1 for _ in csv.DictReader(fh))
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def run_whole(tools: list[str], corpus: Path, tag: str, repeats: int) -> dict:
    """``repeats`` fresh processes per tool and command, interleaved across tools."""
    res: dict = {t: {k: {"runs_s": [], "maxrss_mib": []} for k in whole_cmds(t, corpus)} for t in tools}
    for _ in range(repeats):
        for t in tools:
            for kind, cmd in whole_cmds(t, corpus).items():
                out = BUILD / f"whole_{tag}_{t}_{kind}.out"
                secs, rss, rc = run_whole_once(cmd, out)
                if rc != 0:
                    err = out.with_suffix(".stderr").read_text(errors="replace")[-3000:]
                    raise RuntimeError(f"{t} {kind} whole-process run failed ({rc}):\n{err}")
                r = res[t][kind]
                r["runs_s"].append(secs)
                r["maxrss_mib"].append(rss)
                r["n_found"] = count_output(out, kind)
    return res


# -- accuracy ---------------------------------------------------------------------------

def family(unit: str) -> str:
    """Money in yuan is one family (CNY, CNY/person/year, …): a peer's 10元 can be a standard."""
    return "CNY" if unit == "CNY" or unit.startswith("CNY/") else unit


def is_money(unit: str) -> bool:
    return family(unit) == "CNY"


def match(gold: list[list], preds: list[list], strict_unit: bool = False) -> tuple[int, list[list]]:
    """One-to-one matches: overlapping span, same value in base units, same unit family
    (or the same unit_norm with ``strict_unit``). Returns (matched, missed gold)."""
    used: set[int] = set()
    matched, missed = 0, []
    for g in gold:
        gs, ge, gv, gu = g[:4]
        best, best_ov = None, 0
        for i, (ps, pe, pv, pu) in enumerate(preds):
            if i in used or pv is None:
                continue
            ov = min(ge, pe) - max(gs, ps)
            if ov <= 0 or not math.isclose(pv, gv, rel_tol=1e-9, abs_tol=1e-6):
                continue
            if (pu != gu) if strict_unit else (family(pu) != family(gu)):
                continue
            if ov > best_ov:
                best, best_ov = i, ov
        if best is None:
            missed.append(g)
        else:
            used.add(best)
            matched += 1
    return matched, missed


def prf(matched: int, n_gold: int, n_pred: int) -> dict:
    p = matched / n_pred if n_pred else None
    r = matched / n_gold if n_gold else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"gold": n_gold, "predicted": n_pred, "matched": matched, "precision": p, "recall": r, "f1": f}


def accuracy(docs: list[dict], predictions: dict, tool: str) -> dict:
    tot = {"money": [0, 0, 0], "all": [0, 0, 0], "money_strict": [0, 0, 0]}
    per_doc, missed_money = {}, []
    for d in docs:
        if d["gold"] is None:
            continue
        gold, preds = d["gold"], predictions[d["name"]]
        g_money = [g for g in gold if is_money(g[3])]
        p_money = [p for p in preds if tool != "minsheng" or is_money(p[3])]
        m_money, miss = match(g_money, p_money)
        m_all, _ = match(gold, preds)
        m_strict, _ = match(g_money, p_money, strict_unit=True)
        for key, m, ng, npred in (("money", m_money, len(g_money), len(p_money)),
                                  ("all", m_all, len(gold), len(preds)),
                                  ("money_strict", m_strict, len(g_money), len(p_money))):
            tot[key][0] += m
            tot[key][1] += ng
            tot[key][2] += npred
        per_doc[d["name"]] = {"money": prf(m_money, len(g_money), len(p_money)), "all": prf(m_all, len(gold), len(preds))}
        missed_money += [f"{d['name']}:{g[0]}-{g[1]} {g[4]} ({g[3]})" for g in miss]
    out = {k: prf(*v) for k, v in tot.items()}
    out["per_document"] = per_doc
    out["missed_money"] = missed_money
    return out


# -- report ---------------------------------------------------------------------------

def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(),
        "cpu": cpu, "kernel": platform.release(),
        "date_utc": subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip(),
    }


def summarise(r: dict, chars: int) -> dict:
    med = statistics.median(r["runs_s"])
    out = {"median_s": med, "chars_per_s": chars / med, "runs_s": r["runs_s"], "n_found": r.get("n_found")}
    if "maxrss_mib" in r and isinstance(r["maxrss_mib"], list):
        out["maxrss_mib"] = max(r["maxrss_mib"])
    return out


def fmt_rate(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f}"


def fmt_pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def fmt_ratio(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}×"


def render(res: dict) -> str:
    m, c = res["machine"], res["corpora"]
    L = []
    L.append(f"Run of {m['date_utc']} on {m['nproc']} cores ({m['cpu']}), Linux {m['kernel']}; "
             f"Python {res['python']['minsheng']} in every venv.")
    L.append("")
    L.append("Versions: " + "; ".join(
        f"{k} {v}" for t in res["tools"] for k, v in res["versions"][t].items() if v) + ".")
    L.append("")
    docs_line = ", ".join(f"`{d['path']}` ({d['encoding']}{', annotated' if d['gold_path'] else ''})" for d in res["documents"])
    L.append(f"Documents: {docs_line}.")
    if res["skipped"]:
        L.append("Refused by `read_report`, so left out: " + "; ".join(res["skipped"]) + ".")
    for tag, cc in c.items():
        L.append(f"Corpus **{tag}**: {cc['copies']} copies of the documents, {cc['chars']:,} characters "
                 f"({cc['bytes'] / 1e6:.2f} MB UTF-8); tools: {', '.join(LABEL[t] for t in cc['tools'])}; "
                 f"{cc['repeats']} runs per measurement.")
    L.append("")
    L.append("Throughput: median of the runs, characters per second "
             "(higher is better); ratio = minsheng ÷ the other tool on the same corpus and timing; "
             "max RSS of the fresh process (the largest over its runs).")
    L.append("")
    L.append("| corpus | tool | finds | in-process chars/s | whole-process chars/s | import s | max RSS MiB | found in corpus |")
    L.append("|---|---|---|---:|---:|---:|---:|---:|")
    for tag, cc in c.items():
        for t in cc["tools"]:
            th = res["throughput"][tag][t]
            wp = th["whole"]["plain"]
            L.append(f"| {tag} | {LABEL[t]} | {WHAT[t]} | {fmt_rate(th['inproc']['chars_per_s'])} | "
                     f"{fmt_rate(wp['chars_per_s'])} | {th['import_s']:.2f} | {wp['maxrss_mib']:.0f} | {wp['n_found']:,} |")
            if "cli" in th["whole"]:
                cl = th["whole"]["cli"]
                L.append(f"| {tag} | minsheng CLI | `minsheng extract` (checks + CSV) | — | {fmt_rate(cl['chars_per_s'])} | — | "
                         f"{cl['maxrss_mib']:.0f} | {cl['n_found']:,} |")
                sc = res["throughput"][tag]["minsheng_find"]
                L.append(f"| {tag} | minsheng scan only | `find_figures`: spans, values, units, without the context "
                         f"(sentence, period, program, goal, metric) | {fmt_rate(sc['inproc']['chars_per_s'])} | — | "
                         f"{sc['import_s']:.2f} | — | {sc['inproc']['n_found']:,} |")
    L.append("")
    L.append("| corpus | ratio minsheng ÷ | in-process | whole-process (plain) | whole-process (minsheng CLI) | in-process, minsheng scan only |")
    L.append("|---|---|---:|---:|---:|---:|")
    for tag, cc in c.items():
        for t in cc["tools"]:
            if t == "minsheng":
                continue
            rr = res["ratios"][tag][t]
            name = LABEL[t] + (" (baseline)" if t == BASELINE else "")
            L.append(f"| {tag} | {name} | {fmt_ratio(rr['inproc'])} | {fmt_ratio(rr['whole_plain'])} | {fmt_ratio(rr['whole_cli'])} "
                     f"| {fmt_ratio(rr['inproc_scan_only'])} |")
    L.append("")
    n_ann = sum(1 for d in res["documents"] if d["gold_path"])
    L.append(f"Accuracy on the {n_ann} annotated document(s), each run alone "
             f"({', '.join('`' + d['gold_path'] + '`' for d in res['documents'] if d['gold_path'])}). "
             "A match: the spans overlap, the value in base units (`value_norm`, yuan for money) is the same, "
             "and the unit is the same (money in yuan counts as one unit: CNY, CNY/person/year, … — "
             "the peers do not tell a per-person standard from a sum). "
             "Money = gold rows with `unit_norm` CNY or CNY/…; all = every gold row, where the peers, which find only money, "
             "cannot compete.")
    L.append("")
    L.append("| tool | money P | money R | money F1 | money gold / found / matched | all-figure P | all-figure R | all gold / found / matched |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for t in res["tools"]:
        a = res["accuracy"][t]
        mo, al = a["money"], a["all"]
        L.append(f"| {LABEL[t]} | {fmt_pct(mo['precision'])} | {fmt_pct(mo['recall'])} | {fmt_pct(mo['f1'])} | "
                 f"{mo['gold']} / {mo['predicted']} / {mo['matched']} | {fmt_pct(al['precision'])} | {fmt_pct(al['recall'])} | "
                 f"{al['gold']} / {al['predicted']} / {al['matched']} |")
    L.append("")
    L.append("Recall per document, money (all figures):")
    L.append("")
    L.append("| document | money gold | all gold | " + " | ".join(LABEL[t] for t in res["tools"]) + " |")
    L.append("|---|---:|---:|" + "---:|" * len(res["tools"]))
    for d in res["documents"]:
        if not d["gold_path"]:
            continue
        pd_ = {t: res["accuracy"][t]["per_document"][d["name"]] for t in res["tools"]}
        first = pd_[res["tools"][0]]
        cells = [f"{fmt_pct(pd_[t]['money']['recall'])} ({fmt_pct(pd_[t]['all']['recall'])})" for t in res["tools"]]
        L.append(f"| {d['name']} | {first['money']['gold']} | {first['all']['gold']} | " + " | ".join(cells) + " |")
    L.append("")
    ms = res["accuracy"]["minsheng"]["money_strict"]
    L.append("")
    L.append(f"minsheng with its exact `unit_norm` required (CNY/person/year ≠ CNY): money recall {fmt_pct(ms['recall'])}, "
             f"precision {fmt_pct(ms['precision'])}.")
    L.append("")
    L.append("Targets (issue 6):")
    L.append("")
    for tg in res["targets"]:
        L.append(f"- {'met' if tg['met'] else '**missed**'}: {tg['what']} — {tg['detail']}")
    if res.get("notes"):
        L.append("")
        for n in res["notes"]:
            L.append(f"- {n}")
    L.append("")
    L.append(f"![throughput and recall]({PLOT.name})")
    return "\n".join(L)


def plot(res: dict) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colors = {"minsheng": "#c0392b", "jionlp": "#2e86c1", "recognizers": "#7d8c8d"}
    tags = list(res["corpora"])
    fig, axes = plt.subplots(1, len(tags) + 1, figsize=(4.2 * (len(tags) + 1), 4.2))
    for ax, tag in zip(axes, tags):
        tools = res["corpora"][tag]["tools"]
        th = res["throughput"][tag]
        x = range(len(tools))
        w = 0.38
        inp = [th[t]["inproc"]["chars_per_s"] / 1e3 for t in tools]
        who = [th[t]["whole"]["plain"]["chars_per_s"] / 1e3 for t in tools]
        ax.bar([i - w / 2 for i in x], inp, w, label="in-process", color=[colors[t] for t in tools])
        ax.bar([i + w / 2 for i in x], who, w, label="whole process", color=[colors[t] for t in tools], alpha=0.5, hatch="//")
        ax.set_xticks(list(x), [LABEL[t] for t in tools])
        if BASELINE in tools:
            target = 2 * th[BASELINE]["inproc"]["chars_per_s"] / 1e3
            ax.axhline(target, color="black", ls="--", lw=1)
            ax.text(len(tools) - 0.5, target, "2× JioNLP in-process (target)", ha="right", va="bottom", fontsize=7)
            ax.set_ylim(0, max(max(inp), target) * 1.3)
        cc = res["corpora"][tag]
        ax.set_title(f"throughput, {tag} corpus ({cc['bytes'] / 1e6:.2f} MB)")
        ax.set_ylabel("thousand characters / s (median)")
        ax.legend(fontsize=8, loc="upper left")
    ax = axes[-1]
    tools = res["tools"]
    x = range(len(tools))
    w = 0.38
    mr = [100 * (res["accuracy"][t]["money"]["recall"] or 0) for t in tools]
    ar = [100 * (res["accuracy"][t]["all"]["recall"] or 0) for t in tools]
    ax.bar([i - w / 2 for i in x], mr, w, label="money recall", color=[colors[t] for t in tools])
    ax.bar([i + w / 2 for i in x], ar, w, label="all-figure recall", color=[colors[t] for t in tools], alpha=0.5, hatch="//")
    for i, (a, b) in enumerate(zip(mr, ar)):
        ax.text(i - w / 2, a + 1, f"{a:.0f}", ha="center", fontsize=8)
        ax.text(i + w / 2, b + 1, f"{b:.0f}", ha="center", fontsize=8)
    ax.set_xticks(list(x), [LABEL[t] for t in tools])
    ax.set_ylim(0, 125)
    ax.set_ylabel("recall on the annotated figures, %")
    ax.set_title("recall (money / all figures)")
    ax.legend(fontsize=8, loc="upper center", ncol=2)
    fig.suptitle(f"minsheng vs JioNLP vs Recognizers-Text — {res['machine']['date_utc']}", fontsize=9)
    fig.tight_layout()
    fig.savefig(PLOT, dpi=110)
    plt.close(fig)


def write_readme_block(text: str) -> None:
    doc = README.read_text(encoding="utf-8")
    if BEGIN not in doc or END not in doc:
        raise SystemExit(f"{README} lacks the {BEGIN} … {END} markers")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{BEGIN}\n{text}\n{END}{tail}", encoding="utf-8")


def profile_minsheng(corpus: Path) -> str:
    """pyinstrument's call tree of one in-process run of minsheng on ``corpus`` (in .venv-tools)."""
    cmd = [sys.executable, str(HERE / "profile_minsheng.py"), str(corpus), str(PROFILE)]
    subprocess.run(cmd, check=True, cwd=BUILD, timeout=1800)
    return PROFILE.read_text(encoding="utf-8")


# -- main -------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=5.0, help="size of the full corpus in MB of UTF-8 (default 5)")
    ap.add_argument("--small-mb", type=float, default=0.1,
                    help="size of the small corpus, on which Recognizers-Text also runs (default 0.1)")
    ap.add_argument("--repeats", type=int, default=5,
                    help="runs per measurement on the small corpus, the median is reported (default 5)")
    ap.add_argument("--full-repeats", type=int, default=3,
                    help="runs per measurement on the full corpus (default 3, to keep a run near 5 minutes on 2 cores)")
    ap.add_argument("--recognizers-full", action="store_true",
                    help="also run Recognizers-Text on the full corpus (slow: it is superlinear in the text length)")
    ap.add_argument("--profile", choices=("auto", "always", "never"), default="auto",
                    help="pyinstrument profile of minsheng: when a target is missed (auto), always, never")
    ap.add_argument("--no-readme", action="store_true", help="do not rewrite README.md's results block")
    ap.add_argument("--replot", action="store_true",
                    help="measure nothing: redraw benchmark.png and the README block from results.json")
    args = ap.parse_args(argv)
    if args.replot:
        res = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
        plot(res)
        if not args.no_readme:
            write_readme_block(render(res))
        print(f"bench: redrawn from {RESULTS_JSON.relative_to(ROOT)}")
        return 0

    for py in PY.values():
        if not py.exists():
            raise SystemExit(f"{py} is missing: run benchmarks/setup_venvs.sh (or `make setup` for the project's .venv)")
    BUILD.mkdir(exist_ok=True)
    t_start = time.perf_counter()
    docs, skipped = collect_documents()
    (BUILD / "docs.json").write_text(json.dumps([{"name": d["name"], "text": d["text"]} for d in docs], ensure_ascii=False),
                                     encoding="utf-8")
    corpora = {}
    all_tools = ["minsheng", "jionlp", "recognizers"]
    for tag, mb, tools in (("full", args.mb, all_tools if args.recognizers_full else ["minsheng", "jionlp"]),
                           ("small", args.small_mb, all_tools)):
        text, copies = build_corpus(docs, int(mb * 1e6))
        path = BUILD / f"corpus_{tag}.txt"
        path.write_text(text, encoding="utf-8", newline="")  # \r\n kept as read
        corpora[tag] = {"path": path, "copies": copies, "chars": len(text), "bytes": len(text.encode("utf-8")), "tools": tools,
                        "repeats": args.full_repeats if tag == "full" else args.repeats}
        print(f"bench: corpus {tag}: {copies} copies, {len(text):,} chars, {corpora[tag]['bytes']:,} bytes", flush=True)

    throughput: dict = {}
    inproc: dict = {}
    for tag, cc in corpora.items():
        throughput[tag] = {}
        tools = cc["tools"] + ["minsheng_find"]
        print(f"bench: {tag}: in-process x{cc['repeats']} ({', '.join(tools)})", flush=True)
        runs = run_inproc_interleaved(tools, cc["path"], BUILD / "docs.json", cc["repeats"])
        for t in tools:
            r = runs[t]
            inproc.setdefault(t, r)  # keeps the first corpus's predictions and versions
            throughput[tag][t] = {"inproc": summarise(r, cc["chars"]), "import_s": statistics.median(r["import_s"]),
                                  "inproc_maxrss_mib": r["maxrss_mib"]}
        print(f"bench: {tag}: whole-process x{cc['repeats']} ({', '.join(cc['tools'])})", flush=True)
        whole = run_whole(cc["tools"], cc["path"], tag, cc["repeats"])
        for t in cc["tools"]:
            throughput[tag][t]["whole"] = {k: summarise(v, cc["chars"]) for k, v in whole[t].items()}

    ratios = {}
    for tag, cc in corpora.items():
        ratios[tag] = {}
        ms = throughput[tag]["minsheng"]
        for t in cc["tools"]:
            if t == "minsheng":
                continue
            o = throughput[tag][t]
            ratios[tag][t] = {
                "inproc": ms["inproc"]["chars_per_s"] / o["inproc"]["chars_per_s"],
                "whole_plain": ms["whole"]["plain"]["chars_per_s"] / o["whole"]["plain"]["chars_per_s"],
                "whole_cli": ms["whole"]["cli"]["chars_per_s"] / o["whole"]["plain"]["chars_per_s"],
                "inproc_scan_only": throughput[tag]["minsheng_find"]["inproc"]["chars_per_s"] / o["inproc"]["chars_per_s"],
            }
    acc = {t: accuracy(docs, inproc[t]["predictions"], t) for t in all_tools}
    acc_scan = accuracy(docs, inproc["minsheng_find"]["predictions"], "minsheng")

    rf = ratios["full"][BASELINE]
    targets = [
        {"what": "minsheng ≥ 2× JioNLP's throughput, in-process, full corpus", "met": rf["inproc"] >= 2,
         "detail": f"{fmt_ratio(rf['inproc'])}"},
        {"what": "minsheng ≥ 2× JioNLP's throughput, whole process (plain), full corpus", "met": rf["whole_plain"] >= 2,
         "detail": f"{fmt_ratio(rf['whole_plain'])} (minsheng CLI with checks and CSV: {fmt_ratio(rf['whole_cli'])})"},
        {"what": "minsheng's money recall ≥ JioNLP's", "met": (acc["minsheng"]["money"]["recall"] or 0) >= (acc[BASELINE]["money"]["recall"] or 0),
         "detail": f"{fmt_pct(acc['minsheng']['money']['recall'])} vs {fmt_pct(acc[BASELINE]['money']['recall'])}"},
    ]
    notes = []
    if not args.recognizers_full:
        notes.append("Recognizers-Text runs on the small corpus only (`--recognizers-full` to force it): its time grows "
                     "faster than the text (in a trial on this machine, 29k chars/s on 25k characters, 11k chars/s on 100k), "
                     "so the full corpus would take hours. Its chars/s on the small corpus flatters it against full-corpus "
                     "figures; compare it with minsheng and JioNLP on the small corpus, where all three ran.")
    notes.append("Whole process = a fresh interpreter: start, import, read the corpus file, extract, write the figures "
                 "(JSON lines; the minsheng CLI writes its checked figures.csv). In-process = the call alone, after import and a warm-up on the documents.")
    bad_gold = [f"{d['gold_path']}: {d['gold_rows_text_mismatch']} row(s)" for d in docs if d["gold_rows_text_mismatch"]]
    if bad_gold:
        notes.append("Gold rows whose `text` is not the document's `text[start:end]` (kept; check the annotation): " + "; ".join(bad_gold))

    res = {
        "machine": machine(), "python": {t: inproc[t]["python"] for t in all_tools},
        "versions": {t: inproc[t]["versions"] for t in all_tools}, "tools": all_tools,
        "documents": [{k: d[k] for k in ("name", "path", "encoding", "gold_path")} for d in docs], "skipped": skipped,
        "corpora": {k: {kk: (str(vv.relative_to(ROOT)) if isinstance(vv, Path) else vv) for kk, vv in v.items()} for k, v in corpora.items()},
        "throughput": throughput, "ratios": ratios, "accuracy": acc,
        "accuracy_minsheng_scan_only": acc_scan, "targets": targets, "notes": notes,
    }
    missed = [t for t in targets if not t["met"]]
    if args.profile == "always" or (args.profile == "auto" and missed):
        print("bench: profiling minsheng with pyinstrument", flush=True)
        prof = profile_minsheng(corpora["full"]["path"])
        res["profile"] = str(PROFILE.relative_to(ROOT))
        res["notes"].append(f"A target was missed or a profile was asked for: pyinstrument's profile of one in-process run "
                            f"on the full corpus is in [`{PROFILE.name}`]({PROFILE.name}).")
        print(prof[:4000])
    res["elapsed_s"] = time.perf_counter() - t_start
    RESULTS_JSON.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    plot(res)
    block = render(res)
    if not args.no_readme:
        write_readme_block(block)
    print(block)
    print(f"bench: done in {res['elapsed_s']:.0f} s; results in {RESULTS_JSON.relative_to(ROOT)}, "
          f"{PLOT.relative_to(ROOT)}{'' if args.no_readme else ', ' + str(README.relative_to(ROOT))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
