"""Corrections files (extraction/corrections.py): each action, each stale or wrong case, on small reports.

The report below is invented. Its figures, as the rules read it (checked by hand
against the contract): F001 3600万元 spending social_assistance 城乡低保金, F002 1.2万人
beneficiaries of it, F003 800万元 spending health 医疗救助资金, F004 5000人次
beneficiaries of it, F005 3所 output early_childhood; “十件民生实事” is a quoted label,
not a figure for the rules.
"""

import logging
from pathlib import Path

import pytest

from minsheng.errors import InputError
from minsheng.extraction import corrections as corr
from minsheng.extraction.clean import corrected_table, figures_table, to_csv
from minsheng.extraction.reading import Report

TEXT = ("桐溪县2022年民生工程实施情况\n"
        "2022年，全县发放城乡低保金3600万元，惠及困难群众1.2万人；投入医疗救助资金800万元，救助困难群众5000人次。"
        "新建幼儿园3所，“十件民生实事”全部完成。\n")
HEADER = "start,end,text,action,value,unit_raw,value_norm,unit_norm,metric,goal,period,program,parent_figure_id,relation,note\n"


def report() -> Report:
    return Report("tongxi", Path("tongxi.txt"), TEXT, "utf-8")


def span(s: str) -> tuple[int, int]:
    i = TEXT.index(s)
    return i, i + len(s)


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    folder = tmp_path / "corrections"
    folder.mkdir(exist_ok=True)
    (folder / "tongxi.csv").write_text(header + "".join(r + "\n" for r in rows), encoding="utf-8")
    return folder


def row(s: str, action: str = "set", **cells) -> str:
    a, b = span(s)
    cols = HEADER.strip().split(",")[4:]
    return ",".join(f'"{c}"' if "," in c else c for c in [str(a), str(b), s, action] + [cells.get(c, "") for c in cols])


def test_the_rules_read_the_report_as_the_docstring_says():
    df = figures_table(report())
    assert df["text"].tolist() == ["3600万元", "1.2万人", "800万元", "5000人次", "3所"]
    assert df["goal"].tolist() == ["social_assistance"] * 2 + ["health"] * 2 + ["early_childhood"]
    assert set(df["source"]) == {"rule"}


def test_no_file_no_change(tmp_path):
    (tmp_path / "corrections").mkdir()
    df, applied = corrected_table(report(), tmp_path / "corrections")
    assert to_csv(df) == to_csv(figures_table(report()))
    assert applied.path is None


def test_set_changes_the_given_fields_of_that_figure_only(tmp_path):
    folder = write(tmp_path, row("800万元", goal="social_assistance", program="医疗救助"))
    df, applied = corrected_table(report(), folder)
    base = figures_table(report())
    f3 = df.set_index("figure_id").loc["F003"]
    assert (f3["goal"], f3["program"], f3["source"]) == ("social_assistance", "医疗救助", "corrected")
    assert f3["metric"] == "spending" and f3["value_norm"] == 8_000_000  # untouched fields as the rules made them
    others = df[df["figure_id"] != "F003"]
    assert to_csv(others) == to_csv(base[base["figure_id"] != "F003"])
    assert applied.changed == {"set": 1, "drop": 0, "add": 0} and not applied.warnings


def test_a_span_inside_the_figure_locates_it(tmp_path):
    # "3600" alone (the number without its unit) overlaps F001 only
    a, _ = span("3600万元")
    folder = write(tmp_path, f"{a},{a + 4},3600,set,,,,,,other,,,,,")
    df, _ = corrected_table(report(), folder)
    assert df.set_index("figure_id").loc["F001", "goal"] == "other"


def test_drop_removes_the_figure_and_renumbers(tmp_path):
    folder = write(tmp_path, row("1.2万人", action="drop", note="a count of households, not a figure here"))
    df, applied = corrected_table(report(), folder)
    assert df["text"].tolist() == ["3600万元", "800万元", "5000人次", "3所"]
    assert df["figure_id"].tolist() == ["F001", "F002", "F003", "F004"]
    assert applied.changed["drop"] == 1


def test_add_inserts_a_figure_in_order_with_defaults(tmp_path):
    folder = write(tmp_path, row("十件", action="add", value="10", unit_raw="件", value_norm="10", unit_norm="count",
                                 metric="count", goal="overall", program="民生实事"))
    df, applied = corrected_table(report(), folder)
    assert df["text"].tolist() == ["3600万元", "1.2万人", "800万元", "5000人次", "3所", "十件"]
    added = df.iloc[5]
    assert (added["figure_id"], added["source"], added["goal"], added["qualifier"], added["status"]) == \
           ("F006", "added", "overall", "exact", "actual")
    assert added["period"] == "" and added["inferred"] == ""
    # its sentence is the run that holds it, as for every figure
    assert added["sentence"] == "新建幼儿园3所，“十件民生实事”全部完成。"
    assert TEXT[added["sentence_start"]:added["sentence_end"]] == added["sentence"]
    assert applied.changed["add"] == 1


def test_parent_ids_follow_the_renumbering(tmp_path):
    # link 800万元 (F003 of the rules) to 3600万元 (F001) after dropping 1.2万人 (F002): F003 becomes F002
    folder = write(tmp_path, row("1.2万人", action="drop"),
                   row("800万元", parent_figure_id="F001", relation="part_of"))
    df, _ = corrected_table(report(), folder)
    f = df.set_index("text")
    assert f.loc["800万元", "figure_id"] == "F002"
    assert (f.loc["800万元", "parent_figure_id"], f.loc["800万元", "relation"]) == ("F001", "part_of")


def test_dash_empties_an_optional_field(tmp_path):
    folder = write(tmp_path, row("800万元", program="-"))
    df, _ = corrected_table(report(), folder)
    assert df.set_index("figure_id").loc["F003", "program"] == ""


@pytest.mark.parametrize("make_row, message", [
    # the text no longer at its offsets (the report was edited)
    (lambda: "32,38,3700万元,set,,,,,,other,,,,,", "is no longer at 32..38"),
    # a set at a span where the rules find no figure
    (lambda: row("十件", goal="overall"), "no figure at"),
    # a span over two figures
    (lambda: f"{span('3600万元')[0]},{span('1.2万人')[1]},{TEXT[span('3600万元')[0]:span('1.2万人')[1]]},set,,,,,,other,,,,,",
     "overlaps 2 figures"),
    # a value outside a vocabulary
    (lambda: row("800万元", goal="helth"), "goal 'helth' is not in its vocabulary"),
    (lambda: row("800万元", action="fix"), "action 'fix' is not one of"),
    # an add without its required fields
    (lambda: row("十件", action="add", value="10", unit_raw="件", value_norm="10", unit_norm="count"), "an add needs metric"),
    # an add over a figure the rules find, with other values
    (lambda: row("3所", action="add", value="4", unit_raw="所", value_norm="4", unit_norm="count", metric="output"),
     "overlaps figure F005"),
    # value and value_norm that disagree for the unit
    (lambda: row("800万元", value="900"), "value_norm 8e+06 is not value 900 in base units"),
    # a period not of the contract's form
    (lambda: row("800万元", period="2022年"), "period '2022年' is not of the form"),
    # a parent that is not a figure
    (lambda: row("800万元", parent_figure_id="F099", relation="part_of"), "F099 is not a figure"),
    # offsets outside the text
    (lambda: "5000,5004,abcd,set,,,,,,other,,,,,", "outside the report's text"),
])
def test_a_stale_or_wrong_correction_stops_with_the_file_and_row(tmp_path, make_row, message):
    folder = write(tmp_path, row("3所", goal="early_childhood"), make_row())
    with pytest.raises(InputError) as exc:
        corrected_table(report(), folder)
    text = str(exc.value)
    assert message in text, text
    assert f"{folder / 'tongxi.csv'}, row 3" in text  # the header is line 1, the first correction line 2
    assert "\n" not in text


def test_an_unknown_column_is_refused(tmp_path):
    folder = write(tmp_path, "59,64,800万元,set,other", header="start,end,text,action,goall\n")
    with pytest.raises(InputError, match="column 'goall' is not a correctable column"):
        corrected_table(report(), folder)


def test_a_missing_folder_given_by_hand_is_refused(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        corrected_table(report(), tmp_path / "nowhere")


def test_corrections_the_rules_already_satisfy_are_warnings(tmp_path, caplog):
    folder = write(tmp_path, row("800万元", goal="health", metric="spending"),   # as the rules have it
                   row("十件", action="drop"))                                    # the rules find nothing there
    with caplog.at_level(logging.WARNING, logger="minsheng"):
        df, applied = corrected_table(report(), folder)
    assert to_csv(df) == to_csv(figures_table(report()))
    assert len(applied.warnings) == 2
    assert "row 2: the rules already give" in applied.warnings[0] and "can be retired" in applied.warnings[0]
    assert "row 3: the rules find no figure" in applied.warnings[1]
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == applied.warnings


def test_a_second_run_gives_byte_identical_tables(tmp_path):
    folder = write(tmp_path, row("1.2万人", action="drop"), row("800万元", goal="social_assistance"),
                   row("十件", action="add", value="10", unit_raw="件", value_norm="10", unit_norm="count", metric="count"))
    first = to_csv(corrected_table(report(), folder)[0])
    second = to_csv(corrected_table(report(), folder)[0])
    assert first == second


def test_the_file_for_a_report(tmp_path):
    folder = write(tmp_path, row("3所", goal="education"))
    assert corr.file_for(folder, "tongxi") == folder / "tongxi.csv"
    assert corr.file_for(folder, "other-report") is None
    assert corr.file_for("none", "tongxi") is None


def test_extract_applies_a_file_without_a_frame_to_the_same_bytes(tmp_path):
    # `minsheng extract` corrects the plain columns (no pandas); the pipeline corrects the frame:
    # one set, one '-', one drop, one add and a link, applied both ways, give one CSV
    from minsheng.extraction.clean import figures_csv

    folder = write(tmp_path, row("1.2万人", action="drop"),
                   row("800万元", goal="social_assistance", program="-", parent_figure_id="F001", relation="part_of"),
                   row("十件", action="add", value="10", unit_raw="件", value_norm="10", unit_norm="count",
                       metric="count", goal="overall"))
    path = folder / "tongxi.csv"
    by_frame, _ = corr.apply_corrections(figures_table(report()), corr.read_corrections(path, TEXT), TEXT, path,
                                         report=report())
    got = figures_csv(report(), corrections_dir=folder)
    assert got == to_csv(by_frame)
    lines = got.splitlines()
    assert len(lines) == 1 + 5 and lines[-1].split(",")[4] == "十件"
    assert ",corrected," in lines[2] and ",F001,part_of," in lines[2]  # 800万元, now F002
