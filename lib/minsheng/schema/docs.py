"""The README's data dictionary, generated from the one schema.

``python -m minsheng.schema`` prints it; ``python -m minsheng.schema
--write-readme`` replaces the part of ``README.md`` between the two markers
below. A test regenerates it and fails on any difference, so the README and
the code cannot drift apart.
"""

from __future__ import annotations

from minsheng import schema

BEGIN = "<!-- data-dictionary:begin (generated from lib/minsheng/schema/tables.yaml by `python -m minsheng.schema --write-readme`; do not edit by hand) -->"
END = "<!-- data-dictionary:end -->"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def table_markdown(t: schema.Table) -> str:
    """One table's section: title, where it comes from, its key, and one row per column."""
    lines = [f"### {t.title}", ""]
    facts = []
    if t.produced_by:
        facts.append(f"Written by `{t.produced_by}`.")
    facts.append(f"Key: {', '.join(f'`{k}`' for k in t.primary_key)} (unique, never empty).")
    lines += [" ".join(facts), "", "| column | type | unit | required | vocabulary | meaning |", "|---|---|---|---|---|---|"]
    for c in t.columns:
        required = "yes" if c.required or c.name in t.primary_key else ""
        vocab = f"[{c.vocabulary}](#vocabularies)" if c.vocabulary else (f"`{_cell(c.pattern)}`" if c.pattern else "")
        lines.append(f"| {c.name} | {c.type} | {_cell(c.unit)} | {required} | {vocab} | {_cell(c.description)} |")
    return "\n".join(lines)


def metrics_markdown() -> str:
    lines = ["### metrics.json: the headline numbers of a run", "",
             "A flat JSON object, keys in this order, values numbers or `null` (where the report does not state what a "
             "metric needs, never zero). Written by `29-headline-metrics`.", "",
             "| key | type | unit | group | label (report.html) | meaning |", "|---|---|---|---|---|---|"]
    for m in schema.metrics():
        lines.append(f"| {m.key} | {m.type} | {_cell(m.unit)} | {m.group} | {_cell(m.label_zh)} · {_cell(m.label_en)} "
                     f"| {_cell(m.description)} |")
    return "\n".join(lines)


def document_markdown() -> str:
    """``document.json``'s section: one row per field."""
    t = schema.document_table()
    lines = [f"### {t.title}", "",
             "A JSON object, one per report, beside its tables (with `text.txt`, the text its figures index). "
             f"Written by `{t.produced_by}`. Unknown fields are `null`, never guessed; `_compare/documents.csv` stacks "
             "them.", "", "| field | type | unit | required | vocabulary | meaning |", "|---|---|---|---|---|---|"]
    for c in t.columns:
        vocab = f"[{c.vocabulary}](#vocabularies)" if c.vocabulary else (f"`{_cell(c.pattern)}`" if c.pattern else "")
        lines.append(f"| {c.name} | {c.type} | {_cell(c.unit)} | {'yes' if c.required else ''} | {vocab} "
                     f"| {_cell(c.description)} |")
    return "\n".join(lines)


def vocabularies_markdown() -> str:
    lines = ["### Vocabularies", "",
             "Closed lists of the data contract (`lib/minsheng/lexicon/goals.csv`, `lib/minsheng/lexicon/vocabularies.yaml`). "
             "A value outside its list fails the run's checks.", "",
             "**goal** (each with the one colour it has in every plot and page):", "",
             "| goal | 七有 | English | colour | covers |", "|---|---|---|---|---|"]
    for g in schema.goals():
        lines.append(f"| {g['goal']} | {g['zh']} | {g['en']} | `{g['colour']}` | {_cell(g['description'])} |")
    for name in schema.vocabulary_names():
        if name == "goal":
            continue
        items = schema.vocabulary_descriptions(name)
        lines += ["", f"**{name}**: " + "; ".join(f"`{k}` {_cell(v)}" for k, v in items.items())]
    return "\n".join(lines)


def dictionary_markdown() -> str:
    """The whole generated section, markers included."""
    parts = [BEGIN, ""]
    for t in schema.report_tables():
        parts += [table_markdown(t), ""]
    parts += [metrics_markdown(), "", document_markdown(), "", "#### Comparison tables (notebooks 30 and 31, in `<out>/_compare/`)", ""]
    for t in schema.compare_tables():
        parts += [table_markdown(t).replace("### ", "#### ", 1), ""]
    parts += [vocabularies_markdown(), "", END]
    return "\n".join(parts)


def replace_in(readme: str) -> str:
    """``readme`` with its generated section replaced by :func:`dictionary_markdown`."""
    if BEGIN not in readme or END not in readme:
        raise ValueError("README.md has no data-dictionary markers; add the two marker lines where it belongs")
    head, rest = readme.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return head + dictionary_markdown() + tail
