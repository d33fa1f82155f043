"""The seven meaning fixtures (tests/fixtures/meaning/): their hand-checked tables are consistent with their texts.

The judgement columns were decided by hand (see the folder's README); what can be
checked mechanically is checked here: every span is the text at its offsets,
every sentence is the sentence at its bounds (cut as the data dictionary says),
ids follow the order of ``start``, links point at rows that exist.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from minsheng.extraction.clean import cut

MEANING = Path(__file__).resolve().parents[1] / "fixtures" / "meaning"
STEMS = sorted(p.name.removesuffix(".expected.csv") for p in MEANING.glob("*.expected.csv"))
COLUMNS = ["doc_id", "figure_id", "start", "end", "text", "value", "unit_raw", "value_norm", "unit_norm", "qualifier",
           "period", "goal", "program", "program_en", "metric", "sentence", "pair_role", "pair_figure_id",
           "period_kind", "months", "status", "parent_figure_id", "relation", "inferred", "source", "page",
           "sentence_start", "sentence_end"]


def test_seven_kinds():
    assert STEMS == ["annual_year_in_title", "budget_minsheng_spending", "multi_year_span_in_opening",
                     "part_year_progress", "plans_results_standards", "shishi_progress_table",
                     "work_report_fullwidth"]


BLIND = MEANING.parent / "meaning_blind"
BLIND_STEMS = sorted(p.name.removesuffix(".expected.csv") for p in BLIND.glob("*.expected.csv"))


def test_eight_blind_fixtures():
    assert BLIND_STEMS == ["budget_execution_2024", "city_shishi_release_2023",
                           "county_civil_affairs_summary_2022", "fund_allocation_notice_2024",
                           "midterm_review_2021_2023", "shishi_plan_list_2025",
                           "shishi_table_2025", "web_news_town_shishi_2024"]


@pytest.mark.parametrize("folder, stem", [(MEANING, s) for s in STEMS] + [(BLIND, s) for s in BLIND_STEMS])
def test_expected_table_agrees_with_its_text(folder, stem):
    text = (folder / f"{stem}.txt").read_text(encoding="utf-8")
    exp = pd.read_csv(folder / f"{stem}.expected.csv", dtype=str, keep_default_na=False)
    assert list(exp.columns) == COLUMNS
    assert (exp["doc_id"] == stem).all()
    starts = exp["start"].astype(int).tolist()
    assert starts == sorted(starts)
    assert exp["figure_id"].tolist() == [f"F{i + 1:03d}" for i in range(len(exp))]
    ids = set(exp["figure_id"])
    for r in exp.itertuples():
        s, e, ss, se = int(r.start), int(r.end), int(r.sentence_start), int(r.sentence_end)
        assert text[s:e] == r.text, r.figure_id
        assert ss <= s and e <= se, r.figure_id
        assert r.sentence == cut(text, ss, se, s, e), r.figure_id
        assert r.source == "rule" and r.page == ""
        assert (r.period == "") == (r.period_kind == ""), r.figure_id
        assert (r.months != "") == (r.period_kind == "part_year"), r.figure_id
        assert (r.parent_figure_id == "") == (r.relation == ""), r.figure_id
        for link in (r.parent_figure_id, r.pair_figure_id):
            assert link == "" or link in ids, r.figure_id


def test_how_well_it_reads_the_meaning_fixtures_does_not_fall():
    """The README's "How well it reads a report": pooled over the seven fixtures, not lower than measured.

    Measured on 2026-12-06 (benchmarks/meaning_accuracy.py): found F1 0.99, goal 0.982, metric 0.996,
    period 1.00, all four 0.978, status 0.996, period_kind 1.00, relation 0.996 (on 2026-12-04: goal 0.96,
    all four 0.95, status 0.97; on 2026-12-02: goal 0.94, period 0.93, all four 0.87, status 0.88,
    period_kind 0.87, relation 0.97). A rule change that makes any of them fall fails here.
    """
    import importlib.util

    spec = importlib.util.spec_from_file_location("meaning_accuracy", MEANING.parents[2] / "benchmarks/meaning_accuracy.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    measured = bench.measure()
    rows = [r for r in measured if r["group"] == "meaning fixtures"]
    n = sum(r["n_matched"] for r in rows)
    pooled = {f: sum(r[f] * r["n_matched"] for r in rows) / n
              for f in ("goal", "metric", "period", "all4", "status", "period_kind", "relation")}
    f1 = 2 * n / sum(r["n_expected"] + r["n_found"] for r in rows)
    assert f1 >= 0.985
    assert pooled["goal"] >= 0.975 and pooled["metric"] >= 0.995 and pooled["period"] >= 0.995
    assert pooled["all4"] >= 0.975 and pooled["status"] >= 0.99 and pooled["period_kind"] >= 0.995
    assert pooled["relation"] >= 0.99

    # the eight blind fixtures (written without reading the extractor, 372 figures), measured 2026-12-06 after
    # that day's rule changes: metric, period, status, period_kind 1.00; goal, all four, relation 0.997 (no longer
    # unseen: the rules were mended where they missed). Unseen, before the changes (4c841ef): the two of
    # 2026-12-04 all four 0.86; round 1 (104 figures) 0.93 (durations judged by the project's convention);
    # round 2 (98 figures) 0.87 (0.88 after round 1's changes); round 3 (92 figures, at be81eca) 0.99, status 0.91
    rows = [r for r in measured if r["group"] == "blind fixtures"]
    n = sum(r["n_matched"] for r in rows)
    blind = {f: sum(r[f] * r["n_matched"] for r in rows) / n
             for f in ("goal", "metric", "period", "all4", "status", "period_kind", "relation")}
    assert n == 372
    assert min(blind.values()) >= 0.995, blind
