"""The data dictionary: every published column with its type, unit and meaning.

One source for the data package descriptor (``datapackage.json``) and for the
README's data dictionary (a test checks that the README names every column).
Types are Frictionless Table Schema types.
"""

from __future__ import annotations

# (name, type, unit or "", description)
FIGURES = [
    ("doc_id", "string", "", "the report's id: the file's stem, lower-cased, [a-z0-9_-]+"),
    ("figure_id", "string", "", "F001, F002, ... in order of start"),
    ("start", "integer", "character", "offset of the figure's first character in the decoded report (Python str index)"),
    ("end", "integer", "character", "offset just after the figure's last character: text == report[start:end]"),
    ("text", "string", "", "the surface text: optional qualifier and per-person prefix, the number, its scale and unit, as written"),
    ("value", "number", "", "the number as written (thousands separators removed, full-width digits and Chinese numerals read)"),
    ("unit_raw", "string", "", "scale and unit as written (万元, 人次, %); with a per-person prefix, prefix…unit (每人每年…元)"),
    ("value_norm", "number", "unit_norm", "the value in base units: 万 x1e4, 亿 x1e8, 千 x1e3, 百 x1e2, unit factors (平方公里 -> m2 x1e6); percent stays a percent"),
    ("unit_norm", "string", "", "the base unit, from the contract's vocabulary (CNY, person, person_time, household, count, m2, km, mu, percent, percentage_point, year, CNY/person/year, CNY/person/month, CNY/person, CNY/unit)"),
    ("qualifier", "string", "", "exact, more_than, at_least, approx, less_than, at_most"),
    ("period", "string", "year", "the year (2020) or span (2016-2020) the figure refers to; empty where the text does not say"),
    ("goal", "string", "", "the 七有 goal: early_childhood, education, employment, health, elderly, housing, social_assistance; overall for totals over all livelihood projects; other for anything else"),
    ("program", "string", "", "the program the figure belongs to, in the report's own words"),
    ("program_en", "string", "", "an English gloss of the program from the glossary (empty where none is known)"),
    ("metric", "string", "", "spending, beneficiaries, output, standard, rate, count, population, duration, other"),
    ("sentence", "string", "", "the sentence the figure stands in"),
    ("pair_role", "string", "", "from or to for the two figures of a change (由/从 ... 提高到 ...); empty otherwise"),
    ("pair_figure_id", "string", "", "the figure_id of the other figure of the change; empty otherwise"),
]

def _tables() -> dict[str, list[tuple[str, str, str, str]]]:
    from minsheng.analysis import per_beneficiary, per_goal, standards

    return {"figures": FIGURES, "programs": per_beneficiary.COLUMNS, "goals": per_goal.COLUMNS, "standards": standards.COLUMNS}


TABLES: dict[str, list[tuple[str, str, str, str]]] = _tables()


def _compare_tables() -> dict[str, list[tuple[str, str, str, str]]]:
    from minsheng.analysis import compare

    return {"compare_programs": list(compare.PROGRAM_COLUMNS), "compare_standards": list(compare.STANDARD_COLUMNS),
            "compare_goals": list(compare.GOAL_COLUMNS)}


#: Tables of the comparison of several reports (``<out>/_compare/``), notebook 30.
COMPARE_TABLES: dict[str, list[tuple[str, str, str, str]]] = _compare_tables()


def columns(table: str) -> list[str]:
    """The column names of a published table, in order."""
    return [c[0] for c in TABLES[table]]
