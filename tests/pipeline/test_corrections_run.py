"""Corrections through the command line: `minsheng run`, `extract` and `review`, and what a run shows of them.

The invented report of tests/extraction/test_corrections.py: 3600万元 of 城乡低保金 to 1.2万人
(social_assistance), 800万元 of 医疗救助资金 to 5000人次 (health), 3所 kindergartens. By
hand: goals.csv without corrections has social_assistance 36,000,000 and health 8,000,000;
moving the 800万元 to social_assistance gives social_assistance 44,000,000 and health no
spending; dropping 1.2万人 leaves 城乡低保金 without recipients, so programs.csv loses its row.
"""

import json

import pandas as pd
import pytest

from minsheng.reporting.review import COLUMNS

TEXT = ("桐溪县2022年民生工程实施情况\n"
        "2022年，全县发放城乡低保金3600万元，惠及困难群众1.2万人；投入医疗救助资金800万元，救助困难群众5000人次。"
        "新建幼儿园3所，“十件民生实事”全部完成。\n")
MOVE_AND_DROP = ("start,end,text,action,goal,note\n"
                 f"{TEXT.index('800万元')},{TEXT.index('800万元') + 5},800万元,set,social_assistance,medical aid of the 救助 programme\n"
                 f"{TEXT.index('1.2万人')},{TEXT.index('1.2万人') + 5},1.2万人,drop,,\n")


@pytest.fixture
def report_file(tmp_path):
    path = tmp_path / "tongxi.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def corrections_dir(tmp_path, content=MOVE_AND_DROP):
    folder = tmp_path / "corrections"
    folder.mkdir(exist_ok=True)
    (folder / "tongxi.csv").write_text(content, encoding="utf-8")
    return folder


def goal_spending(folder):
    goals = pd.read_csv(folder / "goals.csv", keep_default_na=False)
    return {g: (float(s) if s != "" else None) for g, s in zip(goals["goal"], goals["spending_cny"])}


@pytest.mark.notebooks
def test_run_moves_exactly_the_corrected_amount_and_drops_the_pair(tmp_path, report_file, cli):
    folder = corrections_dir(tmp_path)
    before = cli("run", report_file, "--out", tmp_path / "plain", "--corrections", "none")
    after = cli("run", report_file, "--out", tmp_path / "corrected", "--corrections", folder)
    assert before.returncode == 0, before.stderr
    assert after.returncode == 0, after.stderr
    plain, corrected = tmp_path / "plain" / "tongxi", tmp_path / "corrected" / "tongxi"
    b, a = goal_spending(plain), goal_spending(corrected)
    assert b["social_assistance"] == 36_000_000 and b["health"] == 8_000_000
    assert a["social_assistance"] == 44_000_000
    assert not a.get("health")  # no spending left under health
    assert a["social_assistance"] - b["social_assistance"] == 8_000_000 == b["health"] - (a.get("health") or 0)
    progs_b = pd.read_csv(plain / "programs.csv", keep_default_na=False)
    progs_a = pd.read_csv(corrected / "programs.csv", keep_default_na=False)
    assert sorted(progs_b["program"]) == ["医疗救助资金", "城乡低保金"]
    assert progs_a["program"].tolist() == ["医疗救助资金"]
    assert progs_a["goal"].tolist() == ["social_assistance"]
    # the figures say so, the data package names the file, the page counts it
    figures = pd.read_csv(corrected / "figures.csv", keep_default_na=False)
    assert figures.loc[figures["text"] == "800万元", "source"].tolist() == ["corrected"]
    assert "1.2万人" not in set(figures["text"])
    sources = json.loads((corrected / "datapackage.json").read_text(encoding="utf-8"))["sources"]
    assert [s["title"] for s in sources] == ["tongxi.txt", "corrections: tongxi.csv"]
    page = (corrected / "_build" / "report.html").read_text(encoding="utf-8")
    assert "2 行 rows (1 修改 set, 1 删除 drop, 0 新增 add); 1 个数字经更正 figures corrected, 0 个新增 added" in page


def test_a_stale_correction_stops_run_with_exit_2_and_nothing_written(tmp_path, report_file, cli):
    stale = "start,end,text,action,goal\n32,38,3700万元,set,other\n"
    out = tmp_path / "out"
    proc = cli("run", report_file, "--out", out, "--corrections", corrections_dir(tmp_path, stale), "--no-notebooks")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "tongxi.csv, row 2" in lines[0] and "is no longer at 32..38" in lines[0]
    assert "Traceback" not in proc.stderr
    assert not out.exists() or not any(out.iterdir())


def test_extract_applies_corrections_and_refuses_wrong_ones(tmp_path, report_file, cli):
    good = cli("extract", report_file, "--corrections", corrections_dir(tmp_path))
    assert good.returncode == 0, good.stderr
    df = pd.read_csv(__import__("io").StringIO(good.stdout), keep_default_na=False)
    assert df["text"].tolist() == ["3600万元", "800万元", "5000人次", "3所"]
    assert df["source"].tolist() == ["rule", "corrected", "rule", "rule"]
    bad = cli("extract", report_file, "--corrections", corrections_dir(tmp_path, "start,end,text,action,metric\n"
                                                                     f"{TEXT.index('3所')},{TEXT.index('3所') + 2},3所,set,outputs\n"))
    assert bad.returncode == 2 and bad.stdout == ""
    assert "row 2: metric 'outputs' is not in its vocabulary" in bad.stderr
    missing = cli("extract", report_file, "--corrections", tmp_path / "no-such-folder")
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_review_sheet_lists_what_the_analyses_use_first_and_is_a_valid_corrections_file(tmp_path, report_file, cli):
    sheet = tmp_path / "review.csv"
    proc = cli("review", report_file, "--out", sheet, "--corrections", "none")
    assert proc.returncode == 0, proc.stderr
    df = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    assert list(df.columns) == list(COLUMNS)
    # by hand: both pairs are the programmes rows (paired), 3所 is an output (not listed)
    assert df["text"].tolist() == ["3600万元", "1.2万人", "800万元", "5000人次"]
    assert df["why"].tolist() == ["paired, spending", "paired, beneficiaries", "paired, spending", "paired, beneficiaries"]
    assert set(df["action"]) == {"set"} and set(df["goal"]) == {""}
    assert df["rule_goal"].tolist() == ["social_assistance", "social_assistance", "health", "health"]
    # saved untouched as the corrections file it changes nothing and warns of nothing
    folder = tmp_path / "corrections"
    folder.mkdir()
    sheet.rename(folder / "tongxi.csv")
    plain = cli("extract", report_file, "--corrections", "none")
    reviewed = cli("extract", report_file, "--corrections", folder)
    assert reviewed.returncode == 0 and reviewed.stdout == plain.stdout
    assert "retired" not in reviewed.stderr


def test_review_keeps_the_existing_corrections_first(tmp_path, report_file, cli):
    proc = cli("review", report_file, "--corrections", corrections_dir(tmp_path))
    df = pd.read_csv(__import__("io").StringIO(proc.stdout), dtype=str, keep_default_na=False)
    assert df["why"].tolist()[:2] == ["your correction", "your correction"]
    assert df["text"].tolist()[:2] == ["1.2万人", "800万元"]  # in order of the text
    assert df["action"].tolist()[:2] == ["drop", "set"] and df["goal"].tolist()[1] == "social_assistance"
    # figures the corrections cover are not listed again
    assert df["text"].tolist()[2:] == ["3600万元", "5000人次"]
