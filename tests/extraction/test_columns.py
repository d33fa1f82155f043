"""The clean stage without a frame: figure_columns, figures_csv and the plain-Python schema check
give what the pandas path gives (``minsheng extract`` depends on it)."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from conftest import BUNDLED, FIXTURES
from minsheng import io, schema
from minsheng.errors import CheckError, InputError
from minsheng.extraction.checks import check_columns, check_figures
from minsheng.extraction.clean import figure_columns, figures_csv, figures_from_text, figures_table, to_csv
from minsheng.extraction.reading import read_report


@pytest.mark.parametrize("path", [BUNDLED, *sorted(FIXTURES.glob("*.txt")), *sorted((FIXTURES / "meaning").glob("*.txt"))],
                         ids=lambda p: p.stem)
def test_figures_csv_is_the_frames_csv_byte_for_byte(path):
    report = read_report(path)
    assert figures_csv(report) == to_csv(figures_table(report))


def test_csv_of_columns_quotes_and_leaves_missing_empty():
    t = schema.table("figures")
    row = {c.name: ("" if c.type == "string" else None) for c in t.columns}
    row |= {"doc_id": "d", "figure_id": "F001", "start": 0, "end": 3, "text": '3"万,元',
            "value_norm": 30000.0, "unit_norm": "CNY", "sentence": "一\n二", "months": 5, "value": 0.1 + 0.2}
    cols = {c.name: [row[c.name]] for c in t.columns}
    got = io.columns_to_csv_text(cols, t)
    assert got == io.to_csv_text(schema.typed(pd.DataFrame(cols), t))
    line = got.splitlines()[1]
    assert line.startswith('d,F001,0,3,"3""万,元",0.3,,30000,CNY,')  # quoted as csv does; 0.30000000000000004 as %.15g
    assert ',"一\n二",' in got and ",5," in got


def test_plainly_valid_is_true_only_where_pandera_finds_nothing():
    df = figures_from_text(BUNDLED.read_text(encoding="utf-8"), "b")
    cols = {n: df[n].tolist() for n in df.columns}
    assert schema.plainly_valid(cols, "figures") and schema.violations(df, "figures") == []
    bad_cases = {
        "goal": lambda c: c["goal"].__setitem__(0, "roads"),          # outside its vocabulary
        "doc_id": lambda c: c["doc_id"].__setitem__(1, ""),           # required text empty
        "figure_id": lambda c: c["figure_id"].__setitem__(1, "F001"),  # key repeated
        "period": lambda c: c["period"].__setitem__(2, "20x0"),       # pattern
        "value": lambda c: c["value"].__setitem__(3, float("inf")),   # not finite
    }
    for name, spoil in bad_cases.items():
        bad = {k: list(v) for k, v in cols.items()}
        spoil(bad)
        assert not schema.plainly_valid(bad, "figures"), name
        with pytest.raises(CheckError, match=r"figures.csv does not match its schema"):
            schema.validate_columns(bad, "figures")
    missing_start = {k: list(v) for k, v in cols.items()}
    missing_start["start"][0] = None  # a required integer missing: the frame cannot even be typed
    assert not schema.plainly_valid(missing_start, "figures")
    with pytest.raises(InputError, match="column start"):
        schema.validate_columns(missing_start, "figures")
    reordered = {k: cols[k] for k in [*list(cols)[1:], "doc_id"]}
    assert not schema.plainly_valid(reordered, "figures")


def test_check_columns_and_check_figures_raise_the_same_message():
    text = "发放补贴100万元。"
    cols = figure_columns(text, "t")
    cols["text"][0] = "200万元"
    with pytest.raises(CheckError) as a:
        check_columns(cols, text)
    with pytest.raises(CheckError) as b:
        check_figures(schema.typed(pd.DataFrame(cols), "figures"), text)
    assert str(a.value) == str(b.value) == "figures.csv row F001 ('200万元'): text is not report[4:9]"


def test_minsheng_extract_imports_neither_pandas_nor_pandera():
    code = ("import contextlib, io, json, sys\nfrom minsheng.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): rc = main(['extract'])\n"
            "print(json.dumps([rc, sorted(m for m in ('pandas', 'pandera', 'numpy') if m in sys.modules)]))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert json.loads(proc.stdout) == [0, []], proc.stderr
