"""metrics.json: flat, snake_case, numbers or null; tables checked against the figures."""

from __future__ import annotations

import json
import re

import pytest

from conftest import make_figures
from minsheng import io, schema
from minsheng.analysis import metrics, per_beneficiary, per_goal, population, reference, standards
from minsheng.errors import CheckError


def _tables(figures):
    cpi = reference.load_cpi(reference.DEFAULT_CPI)
    return (per_beneficiary.programs_table(figures), per_goal.goals_table(figures),
            standards.standards_table(figures, cpi))


def test_bundled_headline_metrics(bundled_figures, tmp_path):
    m = metrics.headline_metrics(bundled_figures, *_tables(bundled_figures))
    assert list(m) + list(population.KEYS) == list(metrics.KEYS)  # the census keys are added from document.json
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", k) for k in m)
    assert all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in m.values())
    assert m["total_spending_cny"] == pytest.approx(5_793_000_000)
    assert m["population"] == pytest.approx(700_000)
    assert m["spending_per_resident_cny"] == pytest.approx(8275.71, abs=0.005)
    assert m["itemised_share"] == pytest.approx(0.14953, abs=5e-6)
    assert m["outside_scope_cny"] == pytest.approx(1_380_000_000)
    assert m["n_figures"] == len(bundled_figures)
    assert (m["n_programs"], m["n_programs_person_time"], m["n_standards"]) == (6, 2, 4)
    # 养老金 不低于10 → 不低于162 (100.6 %/yr, floor to floor) is flagged and left out: the highest is 低保 24.28 %
    assert m["standards_cagr_max"] == pytest.approx(0.24281, abs=5e-6)
    assert m["standards_cagr_real_max"] == pytest.approx(0.21517, abs=5e-6)
    assert (m["n_standards_floor_to_floor"], m["n_standards_implausible"]) == (1, 1)
    # 低保/五保 checked once: no per-year reading for person-times, agrees read as recipient-years
    assert (m["n_standard_checks"], m["n_standard_checks_agree"], m["n_standard_checks_agree_recipient_years"]) == (1, 0, 1)
    # ranges per unit and reading, never across units: persons low 113.44 (2162.77万/38129/5) … 1,665.12 (orphans),
    # high 567.22 … 8,325.60; person-times 223.02 (student aid) … 3,981.69 (低保/五保); no one-year count
    assert m["cny_per_beneficiary_year_min"] is None and m["cny_per_beneficiary_year_max"] is None
    assert m["cny_per_person_year_low_min"] == pytest.approx(113.44, abs=0.005)
    assert m["cny_per_person_year_low_max"] == pytest.approx(1665.12, abs=0.005)
    assert m["cny_per_person_year_high_min"] == pytest.approx(567.22, abs=0.005)
    assert m["cny_per_person_year_high_max"] == pytest.approx(8325.60, abs=0.005)
    assert m["cny_per_person_time_min"] == pytest.approx(223.02, abs=0.005)
    assert m["cny_per_person_time_max"] == pytest.approx(3981.69, abs=0.005)
    assert m["cny_per_household_year_low_min"] is None
    assert (m["n_round_amounts"], m["n_magnitude_outliers"], m["planned_total_spending_cny"]) == (1, 0, None)
    m = {**m, **population.census_metrics(None, m)}
    path = io.write_json(schema.validate_metrics(m), tmp_path / "metrics.json")
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == m and text.endswith("\n") and "NaN" not in text


def test_report_without_total_standards_or_pairs_gives_nulls():
    f = make_figures({"figure_id": "F001", "value_norm": 3, "unit_norm": "count", "metric": "output",
                      "program": "新建幼儿园", "goal": "early_childhood"})
    m = metrics.headline_metrics(f, *_tables(f))
    assert m["total_spending_cny"] is None and m["population"] is None and m["itemised_share"] is None
    assert m["standards_cagr_min"] is None and m["cny_per_beneficiary_year_max"] is None
    assert (m["n_programs"], m["n_standards"], m["n_goals"]) == (0, 0, 1)


def test_stale_or_foreign_tables_stop_the_run(bundled_figures, tmp_path):
    programs, goal_table, standards_table = _tables(bundled_figures)
    stale = goal_table.copy()
    stale.loc[0, "spending_cny"] = 1.0
    with pytest.raises(CheckError, match="goals.csv.*stale"):
        metrics.headline_metrics(bundled_figures, programs, stale, standards_table)
    foreign = programs.copy()
    foreign["doc_id"] = "another_report"
    with pytest.raises(CheckError, match="programs.csv row 1"):
        metrics.headline_metrics(bundled_figures, foreign, goal_table, standards_table)
    with pytest.raises(CheckError, match="not a finite number"):
        io.write_json(schema.validate_metrics({"bad": float("nan")}), tmp_path / "metrics.json")
    assert not (tmp_path / "metrics.json").exists()
