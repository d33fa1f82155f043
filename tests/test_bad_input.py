"""Bad input to `minsheng run` and `minsheng extract`: one clear line, the documented exit code,
no traceback, nothing half-written, and no earlier good output lost."""

import resource
import subprocess
import sys
import time

import pandas as pd
import pytest

from conftest import BUNDLED

BAD = {
    "missing": None,
    "empty": b"",
    "binary": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8,
    "big5": "五年來，累計發放救助金四萬元，受益群眾一萬人次。".encode("big5"),
    "latin1": "Rapport 2020 : 1 234 bénéficiaires, coût élevé.".encode("latin-1"),
}
WORDS = {"missing": "does not exist", "empty": "is empty", "binary": "binary", "big5": "neither UTF-8",
         "latin1": "neither UTF-8"}


@pytest.mark.parametrize("case", sorted(BAD))
def test_run_refuses_bad_reports_and_keeps_earlier_output(tmp_path, case, cli):
    report = tmp_path / f"{case}.txt"
    if BAD[case] is not None:
        report.write_bytes(BAD[case])
    out = tmp_path / "out"
    earlier = out / "yingquan_minsheng_2016_2020"
    earlier.mkdir(parents=True)
    (earlier / "figures.csv").write_text("earlier good table\n", encoding="utf-8")
    # a good report and a bad one in the same run: nothing runs, nothing is written
    proc = cli("run", BUNDLED, report, "--out", out)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and WORDS[case] in lines[0] and "Traceback" not in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["yingquan_minsheng_2016_2020"]
    assert (earlier / "figures.csv").read_text(encoding="utf-8") == "earlier good table\n"


@pytest.mark.notebooks
def test_report_without_figures_runs_and_says_so(tmp_path, cli):
    report = tmp_path / "no_figures.txt"
    report.write_text("关于做好民生工程宣传工作的通知\n各单位要高度重视，认真落实。\n", encoding="utf-8")
    proc = cli("run", report, "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    folder = tmp_path / "out" / "no_figures"
    assert (folder / "figures.csv").read_text(encoding="utf-8").count("\n") == 1  # header only
    for name in ("programs.csv", "goals.csv", "standards.csv"):
        assert len(pd.read_csv(folder / name)) == 0, name
    assert (folder / "_build" / "notebooks" / "20-per-beneficiary.ipynb").is_file()
    assert not list((folder / "_build").glob("figures/*.png"))  # no empty plots


def test_a_20_mb_report_works_in_bounded_memory_and_time(tmp_path):
    # a process of its own: its peak memory is the child's ru_maxrss
    # 20 MB of report text: the bundled report every ~200 kB among paragraphs of prose
    text = BUNDLED.read_text(encoding="utf-8")
    prose = text[text.index("二、主要工作措施"):text.index("三、主要工作成果")]
    block = text + prose * 30
    report = tmp_path / "big.txt"
    data = (block * (20_000_000 // len(block.encode()) + 1)).encode("utf-8")
    report.write_bytes(data)
    assert len(data) >= 20_000_000
    t0 = time.perf_counter()
    with (tmp_path / "figures.csv").open("w") as out:
        proc = subprocess.run([sys.executable, "-m", "minsheng.cli", "extract", str(report)],
                              stdout=out, stderr=subprocess.PIPE, text=True, timeout=600)
    wall = time.perf_counter() - t0
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert proc.returncode == 0, proc.stderr
    n_blocks = data.count(text.encode("utf-8"))
    # the bundled report has 43 figures; the prose section one (扎实推进33项民生工程建设)
    assert prose.count("33项") == 1
    assert sum(1 for _ in (tmp_path / "figures.csv").open()) == 1 + (43 + 30) * n_blocks
    assert wall < 300, wall
    assert peak_mib < 2048, peak_mib
