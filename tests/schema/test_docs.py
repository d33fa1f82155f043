"""The README's data dictionary is the schema's, regenerated (it cannot drift)."""

from conftest import ROOT
from minsheng import schema
from minsheng.schema import docs


def test_readme_data_dictionary_is_generated_from_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert docs.replace_in(readme) == readme, (
        "README.md's data dictionary differs from lib/minsheng/schema/tables.yaml: "
        "run `python -m minsheng.schema --write-readme`")


def test_every_column_has_its_own_row_in_its_tables_section():
    text = docs.dictionary_markdown()
    for t in schema.tables():
        if not t.file:
            continue
        section = text.split(t.title, 1)[1].split("\n###", 1)[0]
        for c in t.columns:
            assert f"\n| {c.name} | {c.type} |" in section, f"{t.name}.{c.name}"


def test_a_changed_description_changes_the_generated_section():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    t = schema.table("goals")
    original = t.columns
    col = original[2]
    changed = schema.Column(col.name, col.type, col.unit, col.description + " (changed)")
    object.__setattr__(t, "columns", (*original[:2], changed, *original[3:]))  # a frozen dataclass, restored below
    try:
        assert docs.replace_in(readme) != readme
    finally:
        object.__setattr__(t, "columns", original)
