"""The headline of a report in words: a few sentences in Chinese, each with its English line under it.

Everything is generated from a run's products, never written by hand: the
numbers from ``metrics.json`` (and, for programmes and standards, their
tables), the figures they come from from ``figures.csv``
(:func:`minsheng.analysis.per_goal.totals` names the total's and the
population's figure). Each number is a :class:`Part` with a link: to its
figure in the annotated text (``#F002``) where the report states it, to the
table row or metric that computes it where it is derived
(``#row-programs-F037``, ``#metric-itemised_share``). The page renders the parts
with autoescaping: nothing here is markup.

How numbers are written: amounts in 亿元/万元 (:func:`minsheng.formatting.fmt_cny_zh`)
and in CNY millions and billions in English, shares and growth rates as
percentages with one decimal. Where the population is stated as a minimum
(``70多万``), the spending per resident is said to be an upper bound; a cost per
recipient over several years is the range of its two readings (the same people
every year, or each year's recipients added up); a cost per person-time is
never divided by years; growth of a standard is a two-point CAGR, nominal and
real.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from minsheng.analysis import per_goal
from minsheng.formatting import fmt_amount_zh, fmt_cny_en, fmt_cny_zh, fmt_number, fmt_percent, is_number

#: At most this many programmes and standards are listed; the tables have all.
MAX_LISTED = 6


@dataclass(frozen=True)
class Part:
    """A piece of a sentence: text, linked to ``href`` (an anchor of the page) when it is a number."""

    text: str
    href: str = ""


@dataclass(frozen=True)
class Item:
    """One entry of a sentence's list (a programme, a standard), in Chinese and in English."""

    zh: tuple[Part, ...]
    en: tuple[Part, ...]


@dataclass(frozen=True)
class Sentence:
    """One sentence of the headline: what it is about (``key``), in Chinese and English, and its list."""

    key: str
    zh: tuple[Part, ...]
    en: tuple[Part, ...]
    items: tuple[Item, ...] = ()

    @property
    def zh_text(self) -> str:
        """The Chinese sentence as plain text, its list after it (``；``-separated)."""
        return "".join(p.text for p in self.zh) + "；".join("".join(p.text for p in i.zh) for i in self.items)

    @property
    def en_text(self) -> str:
        """The English sentence as plain text, its list after it (``; ``-separated)."""
        items = "; ".join("".join(p.text for p in i.en) for i in self.items)
        return "".join(p.text for p in self.en) + (f" {items}" if items else "")


def figure_href(figure_id: str) -> str:
    """The anchor of a figure in the annotated text."""
    return f"#{figure_id}"


def row_href(table: str, key: str) -> str:
    """The anchor of a row of a table of the page (``#row-programs-F037``)."""
    return f"#row-{table}-{key}"


def metric_href(key: str) -> str:
    """The anchor of a metric's row in the page's metrics tables."""
    return f"#metric-{key}"


_FIELD = re.compile(r"\{(\w+)\}")


def _parts(template: str, **values) -> tuple[Part, ...]:
    """``template`` with each ``{name}`` replaced by ``values[name]``: a :class:`Part`, parts, or text."""
    out: list[Part] = []
    pos = 0
    for m in _FIELD.finditer(template):
        out.append(Part(template[pos:m.start()]))
        v = values[m.group(1)]
        if isinstance(v, Part):
            out.append(v)
        elif isinstance(v, tuple):
            out.extend(v)
        else:
            out.append(Part(str(v)))
        pos = m.end()
    out.append(Part(template[pos:]))
    return tuple(p for p in out if p.text)


def _join(items: list[tuple[Part, ...]], sep: str) -> tuple[Part, ...]:
    out: list[Part] = []
    for i, item in enumerate(items):
        if i:
            out.append(Part(sep))
        out.extend(item)
    return tuple(out)


#: How a qualifier bounds a count, and so an amount per head derived from it:
#: (before the count in Chinese, in English, the amount's bound in Chinese, in English).
COUNT_QUALIFIER = {
    "exact": ("", "", "", ""),
    "more_than": ("超过", "more than ", "至多", "at most "),
    "at_least": ("不少于", "at least ", "至多", "at most "),
    "approx": ("约", "about ", "约", "about "),
    "less_than": ("不足", "fewer than ", "至少", "at least "),
    "at_most": ("不超过", "at most ", "至少", "at least "),
}

_LEVEL_QUALIFIER = {"at_least": ("不低于", "at least "), "more_than": ("超过", "more than "),
                    "approx": ("约", "about "), "at_most": ("不超过", "at most "), "less_than": ("低于", "below ")}

_PER = {  # unit_norm of a standard: (Chinese before the amount, English after it)
    "CNY/person/year": ("每人每年", "per person per year"),
    "CNY/person/month": ("每人每月", "per person per month"),
    "CNY/person": ("每人", "per person"),
    "CNY/unit": ("每户（单位）", "per unit"),
}

_UNIT_WORDS = {  # beneficiary_unit: (after the count in Chinese, in English, per head in Chinese, in English)
    "person": ("人", "persons", "每人", "per person"),
    "person_time": ("人次", "person-times", "每人次", "per person-time"),
    "household": ("户", "households", "每户", "per household"),
}


def _figure(figures: pd.DataFrame, figure_id: str) -> dict | None:
    rows = figures[figures["figure_id"] == figure_id]
    return rows.iloc[0].to_dict() if len(rows) else None


def total_sentences(metrics: dict, figures: pd.DataFrame, goals: pd.DataFrame) -> list[Sentence]:
    """The stated total, how much of it the report itemises by goal, and money outside its scope."""
    out: list[Sentence] = []
    tot = per_goal.totals(figures) if len(figures) else {}
    total = metrics.get("total_spending_cny")
    if is_number(total):
        fid = tot.get("total_figure_id") or ""
        period = tot.get("total_period") or ""
        href = figure_href(fid) if fid else metric_href("total_spending_cny")
        zh_total, en_total = Part(fmt_cny_zh(total), href), Part(fmt_cny_en(total), href)
        if period:
            zh = _parts("{period}年，报告所述民生工程累计投入{total}。", period=period, total=zh_total)
            en = _parts("Over {period} the report states {total} of livelihood-project spending in all.",
                        period=period, total=en_total)
        else:
            zh = _parts("报告所述民生工程累计投入{total}（未说明年份）。", total=zh_total)
            en = _parts("The report states {total} of livelihood-project spending in all (no period given).",
                        total=en_total)
        out.append(Sentence("total", zh, en))
    itemised = metrics.get("itemised_spending_cny")
    if is_number(itemised):
        by_goal = goals[goals["spending_cny"].map(is_number)].to_dict("records") if len(goals) else []
        zh_goals = _join([_parts("{goal}{amount}", goal=r["goal_zh"] or r["goal"],
                                 amount=Part(fmt_cny_zh(r["spending_cny"]), row_href("goals", r["goal"])))
                          for r in by_goal], "、")
        en_goals = _join([_parts("{goal} {amount}", goal=r["goal_en"] or r["goal"],
                                 amount=Part(fmt_cny_en(r["spending_cny"]), row_href("goals", r["goal"])))
                          for r in by_goal], ", ")
        item_zh = Part(fmt_cny_zh(itemised), metric_href("itemised_spending_cny"))
        item_en = Part(fmt_cny_en(itemised), metric_href("itemised_spending_cny"))
        share, rest = metrics.get("itemised_share"), metrics.get("unitemised_cny")
        if is_number(share) and is_number(rest):
            share_part = Part(fmt_percent(share), metric_href("itemised_share"))
            if float(rest) >= 0:
                rest_zh = Part(fmt_cny_zh(rest), metric_href("unitemised_cny"))
                rest_en = Part(fmt_cny_en(rest), metric_href("unitemised_cny"))
                zh = _parts("其中按“七有”目标逐项列明的支出为{item}（{goals}），占总投入的{share}；"
                            "其余{rest}报告未按目标列明。", item=item_zh, goals=zh_goals, share=share_part, rest=rest_zh)
                en = _parts("Of this, {item} is itemised by goal ({goals}), {share} of the total; "
                            "the other {rest} is not itemised.", item=item_en, goals=en_goals, share=share_part,
                            rest=rest_en)
            else:
                over_zh = Part(fmt_cny_zh(-float(rest)), metric_href("unitemised_cny"))
                over_en = Part(fmt_cny_en(-float(rest)), metric_href("unitemised_cny"))
                zh = _parts("按“七有”目标逐项列明的支出为{item}（{goals}），是总投入的{share}，超出总投入{over}："
                            "列明的金额并非都包含在总投入之内。", item=item_zh, goals=zh_goals, share=share_part,
                            over=over_zh)
                en = _parts("The amounts itemised by goal add up to {item} ({goals}), {share} of the total and {over} "
                            "more than it: they are not all part of the total.", item=item_en, goals=en_goals,
                            share=share_part, over=over_en)
        else:
            zh = _parts("报告按“七有”目标逐项列明的支出为{item}（{goals}）；报告未说明总投入，无法计算占比。",
                        item=item_zh, goals=zh_goals)
            en = _parts("The report itemises {item} by goal ({goals}); it states no total to compare it with.",
                        item=item_en, goals=en_goals)
        out.append(Sentence("itemised", zh, en))
    elif is_number(total):
        out.append(Sentence("itemised", _parts("报告没有按“七有”目标逐项列明支出。"),
                            _parts("The report itemises no spending by goal.")))
    if is_number(metrics.get("outside_scope_cny")) and len(goals):
        ids = [i for s in goals["outside_scope_figure_ids"] for i in str(s).split(";") if i]
        named = [f for f in (_figure(figures, i) for i in ids) if f]
        if named:
            zh_items = _join([_parts("{program}{amount}", program=f["program"],
                                     amount=Part(fmt_cny_zh(f["value_norm"]), figure_href(f["figure_id"])))
                              for f in named], "、")
            en_items = _join([_parts("{program} {amount}", program=f["program_en"] or f["program"],
                                     amount=Part(fmt_cny_en(f["value_norm"]), figure_href(f["figure_id"])))
                              for f in named], ", ")
            out.append(Sentence(
                "outside_scope",
                _parts("报告另列出{items}，属于预算总额而非民生工程资金，未计入上述支出。", items=zh_items),
                _parts("The report also gives {items}: budget totals, not livelihood-project money, never added "
                       "above.", items=en_items)))
    return out


def population_sentence(metrics: dict, figures: pd.DataFrame) -> Sentence | None:
    """The population served and the spending per resident (a bound where the population is one)."""
    pop = metrics.get("population")
    if not is_number(pop):
        return None
    tot = per_goal.totals(figures)
    fid = tot.get("population_figure_id") or ""
    before_zh, before_en, bound_zh, bound_en = COUNT_QUALIFIER.get(tot.get("population_qualifier") or "exact",
                                                                    COUNT_QUALIFIER["exact"])
    href = figure_href(fid) if fid else metric_href("population")
    pop_zh = Part(f"{before_zh}{fmt_amount_zh(pop, '人')}", href)
    pop_en = Part(f"{before_en}{fmt_number(pop)} residents", href)
    per, per_year = metrics.get("spending_per_resident_cny"), metrics.get("spending_per_resident_year_cny")
    if not is_number(per):
        return Sentence("population", _parts("报告所述服务人口为{pop}。", pop=pop_zh),
                        _parts("The report serves a population of {pop}.", pop=pop_en))
    note_zh = {"至多": "（人口是下限，人均投入因此是上限）", "至少": "（人口是上限，人均投入因此是下限）"}.get(bound_zh, "")
    note_en = {"至多": " (the population is a minimum, so these are upper bounds)",
               "至少": " (the population is a maximum, so these are lower bounds)"}.get(bound_zh, "")
    per_zh = Part(f"{bound_zh}{fmt_cny_zh(per)}", metric_href("spending_per_resident_cny"))
    per_en = Part(f"{bound_en}{fmt_cny_en(per)}", metric_href("spending_per_resident_cny"))
    if is_number(per_year):
        year_zh = Part(f"{bound_zh}{fmt_cny_zh(per_year)}", metric_href("spending_per_resident_year_cny"))
        year_en = Part(f"{bound_en}{fmt_cny_en(per_year)}", metric_href("spending_per_resident_year_cny"))
        zh = _parts("服务人口{pop}，人均投入{per}，每年{year}{note}。", pop=pop_zh, per=per_zh, year=year_zh, note=note_zh)
        en = _parts("For a population of {pop} that is {per} per resident, {year} per resident per year{note}.",
                    pop=pop_en, per=per_en, year=year_en, note=note_en)
    else:
        zh = _parts("服务人口{pop}，人均投入{per}{note}。", pop=pop_zh, per=per_zh, note=note_zh)
        en = _parts("For a population of {pop} that is {per} per resident{note}.", pop=pop_en, per=per_en,
                    note=note_en)
    return Sentence("population", zh, en)


def _program_item(r: dict) -> Item:
    unit_zh, unit_en, per_zh, per_en = _UNIT_WORDS.get(r["beneficiary_unit"], ("", "", "每单位", "per unit"))
    key = r["spending_figure_id"]
    spend_zh, spend_en = Part(fmt_cny_zh(r["spending_cny"]), figure_href(key)), Part(fmt_cny_en(r["spending_cny"]),
                                                                                      figure_href(key))
    ben_href = figure_href(r["beneficiaries_figure_id"])
    ben_zh = Part(f"{fmt_number(r['beneficiaries'])}{unit_zh}", ben_href)
    ben_en = Part(f"{fmt_number(r['beneficiaries'])} {unit_en}", ben_href)
    href = row_href("programs", key)
    low, high = r.get("cny_per_beneficiary_year_low"), r["cny_per_beneficiary"]
    years = r["years"] if is_number(r["years"]) else None
    if r.get("time_base", "years") != "years" or not years or years <= 1 or not is_number(low):
        # a cost per service event (never divided by years), or a count of one year: one number
        cost_zh = Part(f"{per_zh}{fmt_cny_zh(high)}", href)
        cost_en = Part(f"{fmt_cny_en(high)} {per_en}", href)
    else:  # the same people every year (low) or each year's recipients added up (high)
        cost_zh = Part(f"{per_zh}每年{fmt_amount_zh(low)}–{fmt_cny_zh(high)}", href)
        cost_en = Part(f"{fmt_cny_en(low)}–{fmt_cny_en(high).removeprefix('CNY ')} {per_en} per year", href)
    return Item(_parts("{name}：{spend}，{ben}，{cost}", name=r["program"], spend=spend_zh, ben=ben_zh, cost=cost_zh),
                _parts("{name}: {spend} for {ben}, {cost}", name=r["program_en"] or r["program"], spend=spend_en,
                       ben=ben_en, cost=cost_en))


def programs_sentence(programs: pd.DataFrame) -> Sentence | None:
    """The programmes with a cost per recipient: spending, recipients, and the cost (a range over several years)."""
    if not len(programs):
        return None
    rows = programs.to_dict("records")
    listed = rows[:MAX_LISTED]
    more = len(rows) - len(listed)
    notes_zh, notes_en = [], []
    if any(r.get("time_base") == "years" and is_number(r.get("cny_per_beneficiary_year_low")) for r in listed):
        notes_zh.append("区间的低值把人数看作每年同一批人，高值看作各年人数相加")
        notes_en.append("a range's low end reads the count as the same people every year, its high end as each "
                        "year's recipients added up")
    if any(r["beneficiary_unit"] == "person_time" for r in listed):
        notes_zh.append("人次是服务次数而非人数")
        notes_en.append("person-times are service events, not people")
    zh = _parts("有支出和受益人数可相除的项目{n}个{more}{notes}：", n=len(rows),
                more=f"（下列前{len(listed)}个，其余见项目表）" if more else "",
                notes=f"（{'；'.join(notes_zh)}）" if notes_zh else "")
    en = _parts("{n} programme(s) state both spending and recipients{more}{notes}:", n=len(rows),
                more=f" (the first {len(listed)} below, the rest in the programmes table)" if more else "",
                notes=f" ({'; '.join(notes_en)})" if notes_en else "")
    return Sentence("programs", zh, en, tuple(_program_item(r) for r in listed))


def _level(value, qualifier: str, href: str) -> tuple[Part, Part]:
    q_zh, q_en = _LEVEL_QUALIFIER.get(qualifier, ("", ""))
    return Part(f"{q_zh}{fmt_cny_zh(value)}", href), Part(f"{q_en}{fmt_cny_en(value)}", href)


def _year(v, unknown: str) -> str:
    """A year as written (``2016``), or ``unknown`` where the table has none."""
    return str(int(v)) if is_number(v) else unknown


def standards_sentence(standards: pd.DataFrame) -> Sentence | None:
    """The benefit standards stated as a change: base and final level, growth nominal and real."""
    if not len(standards):
        return None
    rows = standards.to_dict("records")
    items = []
    for r in rows[:MAX_LISTED]:
        per_zh, per_en = _PER.get(r["unit_norm"], ("", ""))
        base_zh, base_en = _level(r["base_value"], r["base_qualifier"], figure_href(r["base_figure_id"]))
        final_zh, final_en = _level(r["final_value"], r["final_qualifier"], figure_href(r["final_figure_id"]))
        href = row_href("standards", r["base_figure_id"])
        known = is_number(r["base_year"]) and is_number(r["final_year"])
        years_zh = f"{_year(r['base_year'], '？')}→{_year(r['final_year'], '？')}年"
        years_en = f"{_year(r['base_year'], '?')}→{_year(r['final_year'], '?')}"
        nominal = Part(fmt_percent(r["cagr"]), href)
        if is_number(r["cagr_real"]):
            real_zh = _parts("，实际{real}", real=Part(fmt_percent(r["cagr_real"]), href))
            real_en = _parts(", {real} real", real=Part(fmt_percent(r["cagr_real"]), href))
        elif not known:  # no growth rate at all: the years, not the CPI, are missing
            real_zh, real_en = _parts("（起止年份不全，无增长率）"), _parts(" (a year is not stated: no growth rate)")
        else:
            real_zh, real_en = _parts("（物价指数不覆盖这些年份，无实际增长率）"), _parts(" (no CPI for those years: no real rate)")
        flags = str(r.get("flags") or "")
        warn_zh = warn_en = ""
        if "implausible_growth" in flags:
            warn_zh = "（增长不合常理，可能不是同一口径，未计入增长范围）"
            warn_en = " (implausible growth: probably not the same quantity; left out of the growth ranges)"
        elif "floor_to_floor" in flags:
            warn_zh, warn_en = "（两端均为最低标准）", " (both levels are floors)"
        items.append(Item(
            _parts("{name}{per}由{base}提高到{final}（{years}），名义年均增长{nominal}{real}{warn}", name=r["program"],
                   per=per_zh, base=base_zh, final=final_zh, years=years_zh, nominal=nominal, real=real_zh,
                   warn=warn_zh),
            _parts("{name} rose from {base} to {final} {per} ({years}): {nominal} a year nominal{real}{warn}",
                   name=r["program_en"] or r["program"], per=per_en, base=base_en, final=final_en, years=years_en,
                   nominal=nominal, real=real_en, warn=warn_en)))
    more = len(rows) - len(items)
    zh = _parts("有起止两点的补助标准{n}项{more}（两点年均增长率：只知起止水平，不知中间路径）：", n=len(rows),
                more=f"（下列前{len(items)}项，其余见标准表）" if more else "")
    en = _parts("{n} benefit standard(s) are stated as a change{more} (two-point CAGRs: only the base and final "
                "levels are known, not the path between them):", n=len(rows),
                more=f" (the first {len(items)} below, the rest in the standards table)" if more else "")
    return Sentence("standards", zh, en, tuple(items))


def headline(metrics: dict, figures: pd.DataFrame, programs: pd.DataFrame, goals: pd.DataFrame,
             standards: pd.DataFrame) -> list[Sentence]:
    """The headline of a run in sentences, Chinese with English, each number linked to where it comes from.

    Parameters
    ----------
    metrics : dict
        ``metrics.json``.
    figures, programs, goals, standards : pandas.DataFrame
        The run's tables, typed (:func:`minsheng.io.read_table`).

    Returns
    -------
    list of Sentence
        In order: the stated total, what of it is itemised by goal, money
        outside the scope, the population and spending per resident, the
        programmes with a cost per recipient, the standards with their
        growth; a sentence is left out where the report states nothing it
        needs. A report with none of these gets one sentence saying so.
    """
    out = total_sentences(metrics, figures, goals)
    for s in (population_sentence(metrics, figures) if len(figures) else None,
              programs_sentence(programs), standards_sentence(standards)):
        if s is not None:
            out.append(s)
    if not out:
        n = fmt_number(metrics.get("n_figures", len(figures)))
        out.append(Sentence(
            "nothing",
            _parts("报告没有说明总投入、人口、项目支出与受益人数或补助标准（共提取{n}个数字，见下表）。", n=n),
            _parts("The report states no total, population, spending with recipients or benefit standard "
                   "({n} figure(s) extracted, listed below).", n=n)))
    return out
