"""minsheng.pipeline.collect: the report folders of a run, and their tables stacked."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES
from minsheng.errors import CheckError, InputError
from minsheng.pipeline import collect, steps

#: A five-year review by hand: 1000万元 to 500 persons (20,000 each, 4,000 a year over 2016-2020)
#: and one standard 3000 → 5000 CNY/person/year; four figures.
TINY = (
    "某区“十三五”民生工程总结\n"
    "五年来，累计发放农村低保金1000万元，受益低保对象500人。\n"
    "城乡低保标准由2016年每人每年3000元提高到5000元。\n"
)


def _run_steps(report: str, doc_id: str, runs) -> None:
    out = runs / doc_id
    figs = str(out / "_build" / "figures")
    steps.clean_figures(report, doc_id, str(out))
    fc = str(out / "figures.csv")
    steps.per_beneficiary(fc, str(out), figs)
    steps.per_goal(fc, str(out), figs)
    steps.benefit_standards(fc, str(out), figs)
    steps.headline_metrics(fc, str(out / "programs.csv"), str(out / "goals.csv"), str(out / "standards.csv"), str(out))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("collect")
    report = root / "tiny.txt"
    report.write_text(TINY, encoding="utf-8")
    runs = root / "runs"
    _run_steps(str(report), "tiny", runs)
    _run_steps(str(FIXTURES / "town_brief_utf8bom.txt"), "town", runs)
    return runs


def test_report_folders_skip_underscore_dot_and_folders_without_figures(tmp_path):
    for name in ("b_report", "a_report", "_compare", "_failed", ".staging-x"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "figures.csv").write_text("doc_id\n", encoding="utf-8")
    (tmp_path / "no_figures").mkdir()
    (tmp_path / "no_figures" / "programs.csv").write_text("doc_id\n", encoding="utf-8")
    (tmp_path / "figures.csv").write_text("doc_id\n", encoding="utf-8")  # a file, not a folder
    assert collect.report_folders(tmp_path) == [tmp_path / "a_report", tmp_path / "b_report"]


def test_report_folders_of_a_missing_folder(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        collect.report_folders(tmp_path / "nowhere")


def test_stack_two_reports(runs):
    s = collect.stack(runs)
    assert s["reports"]["doc_id"].tolist() == ["tiny", "town"]
    assert s["reports"]["n_figures"].tolist() == [4, 34]
    assert s["reports"]["missing_tables"].tolist() == ["", ""]
    for key in ("programs", "goals", "standards", "metrics"):
        assert s[key].columns[0] == "doc_id", key
    # programs: tiny's 1e7 CNY to 500 persons, town's 864,000 CNY to 1,260 person-times
    p = s["programs"]
    assert p["doc_id"].tolist() == ["tiny", "town"]
    assert p["spending_cny"].tolist() == [1e7, 864000.0]
    assert p["cny_per_beneficiary"].tolist() == pytest.approx([20000.0, 864000 / 1260])
    # tiny's persons are counted over 2016-2020: 20,000 / 5 = 4,000 a year for the same people (no single value)
    assert p["cny_per_beneficiary_year_low"].iloc[0] == pytest.approx(4000.0)
    assert p["cny_per_beneficiary_year"].isna().all()  # town's person-times: never per year
    # standards: tiny 3000 → 5000 a year, town 650 → 700 a month
    st = s["standards"]
    assert list(zip(st["doc_id"], st["base_value"], st["final_value"])) == [("tiny", 3000.0, 5000.0),
                                                                           ("town", 650.0, 700.0)]
    m = s["metrics"]
    assert m["doc_id"].tolist() == ["tiny", "town"] and m["n_figures"].tolist() == [4, 34]
    assert m["total_spending_cny"].iloc[1] == 48653000.0
    goals = s["goals"]
    assert goals.loc[goals["doc_id"] == "tiny", "goal"].tolist() == ["social_assistance"]
    assert (goals["doc_id"] == "town").sum() == json.loads((runs / "town" / "metrics.json").read_text())["n_goals"]


def test_a_stale_metrics_json_is_refused_naming_the_folder(runs, tmp_path):
    shutil.copytree(runs / "town", tmp_path / "town")
    m = json.loads((tmp_path / "town" / "metrics.json").read_text(encoding="utf-8"))
    m["n_figures"] = 35  # figures.csv has 34 rows
    (tmp_path / "town" / "metrics.json").write_text(json.dumps(m), encoding="utf-8")
    with pytest.raises(CheckError, match=r"^town/metrics\.json: n_figures = 35 but the folder's table has 34 rows"):
        collect.stack(tmp_path)


def test_a_table_of_another_report_is_refused(runs, tmp_path):
    shutil.copytree(runs / "tiny", tmp_path / "other")  # its rows say doc_id tiny
    with pytest.raises(CheckError, match=r"^other/figures\.csv row 1: doc_id 'tiny' is not the report of its folder"):
        collect.stack(tmp_path)


def test_a_folder_without_metrics_says_so(runs, tmp_path):
    shutil.copytree(runs / "tiny", tmp_path / "tiny")
    (tmp_path / "tiny" / "metrics.json").unlink()
    s = collect.stack(tmp_path)
    assert s["reports"]["missing_tables"].tolist() == ["metrics.json"]
    assert s["metrics"].empty and s["programs"]["doc_id"].tolist() == ["tiny"]


def test_a_table_saved_by_a_spreadsheet_stacks_as_the_one_written(runs, tmp_path):
    """A programs.csv re-saved with a byte-order mark, CRLF line ends and a blank line at the end (as
    spreadsheet programs do) is read as the file minsheng wrote."""
    shutil.copytree(runs / "town", tmp_path / "town")
    path = tmp_path / "town" / "programs.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8") + b"\r\n")
    plain = collect.stack(runs)["programs"]
    resaved = collect.stack(tmp_path)["programs"]
    town = plain[plain["doc_id"] == "town"].reset_index(drop=True)
    assert resaved.equals(town) and list(resaved.dtypes) == list(town.dtypes)
    assert resaved["spending_cny"].tolist() == [864000.0]


def test_a_ragged_table_is_read_by_pandas_and_refused_as_before(runs, tmp_path):
    """A row with more fields than the header is not the shape minsheng writes: the reading falls back to
    pandas, whose tokenizer refuses it (the same error as before the fast reader)."""
    shutil.copytree(runs / "tiny", tmp_path / "tiny")
    path = tmp_path / "tiny" / "goals.csv"
    path.write_text(path.read_text(encoding="utf-8") + "tiny,x,y" + ",z" * 60 + "\n", encoding="utf-8")
    import pandas as pd

    with pytest.raises(pd.errors.ParserError):
        collect.stack(tmp_path)


def test_a_document_json_outside_its_vocabulary_is_named(runs, tmp_path):
    """document.json of many reports are checked in one go; the one that breaks its vocabulary is named."""
    shutil.copytree(runs / "tiny", tmp_path / "tiny")
    shutil.copytree(runs / "town", tmp_path / "town")
    d = json.loads((tmp_path / "town" / "document.json").read_text(encoding="utf-8"))
    d["period_kind"] = "fortnight"
    (tmp_path / "town" / "document.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CheckError, match=r"^town: document does not match its schema: row 1 column period_kind: .fortnight."):
        collect.stack(tmp_path)


def test_a_field_longer_than_the_csv_module_takes_is_read(runs, tmp_path):
    """A goal's list of 20,000 figure ids (139,999 characters, past the csv module's 131,072) stacks as written."""
    shutil.copytree(runs / "tiny", tmp_path / "tiny")
    path = tmp_path / "tiny" / "goals.csv"
    import pandas as pd

    goals = pd.read_csv(path, dtype=str, keep_default_na=False)
    ids = ";".join(f"F{i:06d}" for i in range(20_000))
    goals.loc[0, "spending_figure_ids"] = ids
    goals.to_csv(path, index=False)
    assert len(ids) == 20_000 * 8 - 1
    assert collect.stack(tmp_path)["goals"]["spending_figure_ids"].iloc[0] == ids
