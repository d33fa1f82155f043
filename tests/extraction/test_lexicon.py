"""minsheng.extraction.lexicon: the package lexicons, checked on load, and longest-word lookups."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from minsheng.extraction.lexicon import load, longest_prefix, longest_suffix
from minsheng.paths import LEXICON_DIR


def test_load_reads_the_package_lexicons():
    lex = load()
    # lib/minsheng/lexicon/units.csv: 人次,person_time,1 ; 元,CNY,1 ; 平方公里,m2,1000000
    assert lex.units["人次"] == ("person_time", Decimal("1"))
    assert lex.units["元"] == ("CNY", Decimal("1"))
    assert lex.units["平方公里"] == ("m2", Decimal("1000000"))
    assert lex.scales["万"] == Decimal("10000") and lex.scales["亿"] == Decimal("100000000")
    assert lex.goal_keywords["幼儿园"] == "early_childhood"
    assert lex.programs["农村低保"] == ("social_assistance", "rural minimum living allowance (dibao)")
    assert lex.cues["pair_from"] == ["由", "从"]
    assert load() is lex  # loaded once per process


def _copy(tmp_path):
    d = tmp_path / "lexicon"
    shutil.copytree(LEXICON_DIR, d)
    return d


def _replace_line(path, starts: str, new: str) -> int:
    """Replace the line of ``path`` starting with ``starts``; return its 1-based line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    i = next(k for k, line in enumerate(lines) if line.startswith(starts))
    lines[i] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return i + 1


def test_a_copied_lexicon_loads_the_same(tmp_path):
    d = _copy(tmp_path)
    assert load(str(d)).units == load().units


def test_a_bad_unit_norm_is_refused_naming_file_and_line(tmp_path):
    d = _copy(tmp_path)
    line = _replace_line(d / "units.csv", "人次,", "人次,persontime,1,")
    with pytest.raises(ValueError, match=rf"^units\.csv line {line}: unit_norm 'persontime' is not one of"):
        load(str(d))


def test_a_bad_goal_keyword_is_refused_naming_file_and_line(tmp_path):
    d = _copy(tmp_path)
    line = _replace_line(d / "goal_keywords.csv", "幼儿园,", "幼儿园,kindergarten")
    with pytest.raises(ValueError, match=rf"^goal_keywords\.csv line {line}: goal 'kindergarten'"):
        load(str(d))


WORDS = frozenset({"万", "万元", "万人次", "人", "元"})


def test_longest_prefix_picks_the_longest_word():
    assert longest_prefix("50万元", 2, WORDS) == "万元"
    assert longest_prefix("3万人次", 1, WORDS) == "万人次"
    assert longest_prefix("3万人", 1, WORDS) == "万"      # 万人 is not a word, 万人次 does not fit
    assert longest_prefix("3万人", 2, WORDS) == "人"
    assert longest_prefix("50万元", 0, WORDS) is None    # 5 starts no word
    assert longest_prefix("50万元", 4, WORDS) is None    # past the end


def test_longest_suffix_picks_the_longest_word():
    text = "发放50万元"  # 发0 放1 5 2 0 3 万4 元5
    assert longest_suffix(text, 6, WORDS) == "万元"
    assert longest_suffix(text, 5, WORDS) == "万"
    assert longest_suffix(text, 4, WORDS) is None
    assert longest_suffix(text, 0, WORDS) is None
    assert longest_suffix("受益100万人次", 8, WORDS) == "万人次"


def test_lookups_work_on_a_dict_of_the_lexicon():
    units = load().units
    assert longest_prefix("101069人次", 6, units) == "人次"  # not 人
    assert longest_suffix("合计30平方公里", 8, units) == "平方公里"  # not 公里
