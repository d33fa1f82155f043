"""Which place a report is about: its name as written, matched to the division codes.

The reference table is ``data/raw/reference/admin_*.csv`` (the National Bureau of
Statistics' codes in force on 2022-10-31) with the 2020 census's resident
population (``census_2020_county_population.csv``). :func:`name_index` reads them
once per process into a dictionary of every written form: the full name
(岳西县, 宿州市, 石林彝族自治县) and the short form reports use (岳西, 宿州, 石林),
each with the units it may stand for (朝阳区: two).

:func:`match_place` looks for names only where a report says what it is about
(:class:`Zone`: its title and the lines under it, the issuer, the opening
sentence), never in the body, where other places are named in passing (a
county's report names its city's award, a city's report its counties), and
never in a file name. Then

- a name inside another one's area resolves it (阜阳市颍泉区 → 341204; 长春市朝阳区 → 220104);
- the level the report speaks for (全区 / 全县 / 全市 …, counted over the whole text
  outside quotation marks) picks the unit among those named (宿州市…全市 → the city;
  宿州市埇桥区…全区 → the district);
- a name that still stands for several units gives ``candidates`` and no code;
- no name: everything ``None``.

A short form, a two-character name and a name that is also an ordinary word (城区,
郊区) count only where they stand as a name (``lexicon/places.yaml``): after the
start of the zone, a punctuation mark, 年 or the name of their city or province,
and before a punctuation mark, a digit or a word such as 民生, 县委, 坚持.
The words are in ``lexicon/places.yaml``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from minsheng.paths import LEXICON_DIR, REFERENCE_DIR

LEVELS = ("county", "city", "province")

#: the reference files, in data/raw/reference/ (documented in its sources.csv)
PROVINCES_FILE, CITIES_FILE, AREAS_FILE = "admin_provinces.csv", "admin_cities.csv", "admin_areas.csv"
CENSUS_FILE = "census_2020_county_population.csv"

_PUNCT = set("，,、。；;：:！!？?“”\"'‘’《》<>（）()【】[]—-－·・ \u3000\t\r\n|/")
_LEVEL_CHARS = set("县区市旗盟州省")


@dataclass(frozen=True)
class Unit:
    """One administrative division of the reference table."""

    code: str        # 2, 4 or 6 digits
    name: str        # its full name (岳西县)
    level: str       # county, city, province
    city: str = ""   # the 4-digit code of its prefecture-level unit (counties)
    province: str = ""  # the 2-digit code of its province (counties and cities)

    def within(self, other: Unit) -> bool:
        """True when this unit lies inside ``other`` (a county in its city or province, a city in its province)."""
        return other.code != self.code and other.code in (self.city, self.province)


@dataclass(frozen=True)
class NameIndex:
    """Every written form of every unit: ``forms[surface] = ((code, strict), …)``; built once (:func:`name_index`).

    ``strict`` marks a form that counts only where it stands as a name (a short
    form, a two-character name, a name that is also an ordinary word).
    """

    units: dict[str, Unit]
    forms: dict[str, tuple[tuple[str, bool], ...]]
    longest: int
    population: dict[str, int]
    words: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Zone:
    """A span of the report where it says what it is about: ``kind`` is ``title``, ``head``, ``issuer`` or ``opening``."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    codes: tuple[str, ...]
    zone: str


@dataclass(frozen=True)
class Place:
    """The place a report is about (the ``place_*`` fields of ``document.json``); all ``None`` when it names none."""

    name: str | None = None        # as written (颍泉区, 岳西)
    code: str | None = None        # its code; None where the name is ambiguous
    level: str | None = None       # county, city or province
    candidates: str | None = None  # ';'-separated codes of an ambiguous name
    scope: str | None = None       # the self-reference the level was read from (全区), where there is one
    found_in: str | None = None    # the zone the name was found in: title, head, issuer, opening
    start: int | None = None       # offset of the name in the text
    population_census_2020: int | None = None


def _short(name: str, endings, ethnic) -> str:
    for e in endings:
        if name.endswith(e) and len(name) > len(e):
            base = name[: -len(e)]
            while e.startswith("自治") and base.endswith("族"):  # 石林彝族 → 石林; 积石山保安族东乡族撒拉族 → 积石山
                group = next((g for g in ethnic if base.endswith(g + "族") and len(base) > len(g) + 1), None)
                if group is None:
                    break
                base = base[: -len(group) - 1]
            return base
    return name


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def words() -> dict:
    """The word lists of ``lexicon/places.yaml``."""
    with (LEXICON_DIR / "places.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def name_index(reference_dir: str | None = None) -> NameIndex:
    """The name index of the reference table, read once per process (about 7,000 forms of 3,351 units)."""
    ref = Path(reference_dir) if reference_dir else REFERENCE_DIR
    w = words()
    endings = sorted(w["short_form_endings"], key=len, reverse=True)
    generic = set(w["generic_names"])
    ordinary = set(w["ordinary_words"])
    ethnic = sorted(w["ethnic_groups"], key=len, reverse=True)
    units: dict[str, Unit] = {}
    for r in _read(ref / PROVINCES_FILE):
        units[r["code"]] = Unit(r["code"], r["name"], "province")
    for r in _read(ref / CITIES_FILE):
        if r["name"].endswith(("市辖区", "直辖县级行政区划")) or r["name"] == "县":
            continue  # placeholders of the municipalities and of directly administered counties, not places
        units[r["code"]] = Unit(r["code"], r["name"], "city", province=r["provinceCode"])
    for r in _read(ref / AREAS_FILE):
        units[r["code"]] = Unit(r["code"], r["name"], "county", city=r["cityCode"], province=r["provinceCode"])
    forms: dict[str, list[tuple[str, bool]]] = {}

    def add(surface: str, code: str, strict: bool) -> None:
        entries = forms.setdefault(surface, [])
        if all(c != code for c, _s in entries):
            entries.append((code, strict))

    for u in units.values():
        statistical = u.level == "county" and u.code[4] == "7"  # development zones (x7x): full name only
        add(u.name, u.code, len(u.name) <= 2 or u.name in generic)
        short = _short(u.name, endings, ethnic)
        if not statistical and short != u.name and len(short) >= 2 and short not in ordinary:
            add(short, u.code, True)
    population = {}
    for r in _read(ref / CENSUS_FILE):
        if r["population"]:
            code = r["code"]
            key = code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code
            population.setdefault(key, int(r["population"]))
    frozen = {k: tuple(v) for k, v in forms.items()}
    return NameIndex(units, frozen, max(map(len, frozen)), population, w)


def census_population(code: str | None, index: NameIndex | None = None) -> int | None:
    """Resident population (常住人口) of a unit in the 2020 census, or None (no code, or a unit the census lacks)."""
    if not code:
        return None
    return (index or name_index()).population.get(code)


# --------------------------------------------------------------------------- finding names

def _stands_as_name(text: str, zone: Zone, start: int, end: int, codes, index: NameIndex, prev: Mention | None) -> bool:
    w = index.words
    before = text[start - 1] if start > zone.start else ""
    after_ok = end >= zone.end or text[end] in _PUNCT or text[end].isdigit() or \
        any(text.startswith(f, end) for f in w["short_form_followers"])
    if not after_ok:
        return False
    if not before or before in _PUNCT or before.isdigit() or before in w["short_form_before"]:
        return True
    if prev is not None and prev.end == start:  # right after the name of its city or province: 阜阳颍泉, 安徽和县
        outer = [index.units[c] for c in prev.codes]
        return any(index.units[c].within(o) for c in codes for o in outer)
    return False


def find_names(text: str, zones, index: NameIndex | None = None) -> list[Mention]:
    """Every division name standing in ``zones``, longest form first, left to right (see the module's docstring)."""
    index = index or name_index()
    forms, longest = index.forms, index.longest
    out: list[Mention] = []
    for zone in zones:
        i, prev = zone.start, None
        while i < zone.end - 1:
            hit = None
            for n in range(min(longest, zone.end - i), 1, -1):
                entries = forms.get(text[i:i + n])
                if entries is None:
                    continue
                codes = tuple(c for c, _s in entries)
                strict = any(s for _c, s in entries)
                if strict and not _stands_as_name(text, zone, i, i + n, codes, index, prev):
                    # a form that is not standing as a name here: keep only the units whose form is not strict
                    codes = tuple(c for c, s in entries if not s)
                elif strict and i + n < zone.end and text[i + n] in _LEVEL_CHARS:
                    # 石林县 for 石林彝族自治县, but never 东湖县 for 东湖区: the level written must be the unit's
                    codes = tuple(c for c, s in entries if not s or index.units[c].name.endswith(text[i + n]))
                if not codes:
                    continue
                hit = Mention(i, i + n, text[i:i + n], codes, zone.kind)
                break
            if hit is None:
                i += 1
                continue
            out.append(hit)
            prev = hit
            i = hit.end
    return out


# --------------------------------------------------------------------------- which one the report is about

def self_reference(text: str, index: NameIndex | None = None) -> tuple[str, str] | None:
    """``(word, ending)`` of the self-reference the report uses most (全区, 区), outside quotation marks; None if none
    or a tie."""
    from minsheng.extraction.find import closed_runs

    index = index or name_index()
    w = index.words
    endings = w["self_reference_endings"]
    surfaces = sorted({e for es in endings.values() for e in es}, key=len, reverse=True)
    rx = re.compile(f"[{''.join(w['self_reference_prefixes'])}](?:{'|'.join(map(re.escape, surfaces))})")
    quoted = [(a, b) for a, b in closed_runs(text, "“", "”")]
    counts: dict[str, int] = {}
    first_word: dict[str, str] = {}
    qi = 0
    for m in rx.finditer(text):
        while qi < len(quoted) and quoted[qi][1] <= m.start():
            qi += 1
        if qi < len(quoted) and quoted[qi][0] <= m.start():
            continue
        word = m.group(0)
        key = next(k for k, es in endings.items() if word[1:] in es)
        counts[key] = counts.get(key, 0) + 1
        first_word.setdefault(key, word)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    key = ranked[0][0]
    return first_word[key], key


def _fits(unit: Unit, ending: str, index: NameIndex) -> bool:
    return any(unit.name.endswith(e) for e in index.words["self_reference_endings"][ending])


def match_place(text: str, zones, index: NameIndex | None = None) -> Place:
    """The place the report is about (:class:`Place`), from the names in ``zones`` (module docstring)."""
    index = index or name_index()
    mentions = find_names(text, zones, index)
    if not mentions:
        return Place()
    units = index.units
    # a name inside another named one's area takes the units that lie there (长春市朝阳区 → 220104)
    named = {c for m in mentions for c in m.codes}
    resolved = []
    for m in mentions:
        inside = tuple(c for c in m.codes if any(units[c].within(units[o]) for o in named if o not in m.codes))
        resolved.append(Mention(m.start, m.end, m.surface, inside or m.codes, m.zone))
    ref = self_reference(text, index)
    pool = resolved
    if ref is not None:
        fitting = []
        for m in resolved:
            codes = tuple(c for c in m.codes if _fits(units[c], ref[1], index))
            if codes:
                fitting.append(Mention(m.start, m.end, m.surface, codes, m.zone))
        pool = fitting or resolved
    order = {z: i for i, z in enumerate(("title", "head", "issuer", "opening"))}

    def rank(m: Mention):
        levels = {units[c].level for c in m.codes}
        specific = min(LEVELS.index(lv) for lv in levels)
        return (order.get(m.zone, 9), specific, m.start)

    # the most telling zone first (title, head, issuer, opening), in it the most specific unit (阜阳市颍泉区 → 颍泉区)
    best = min(pool, key=rank)
    codes = tuple(dict.fromkeys(best.codes))
    levels = {units[c].level for c in codes}
    level = levels.pop() if len(levels) == 1 else None
    code = codes[0] if len(codes) == 1 else None
    return Place(name=best.surface, code=code, level=level,
                 candidates=";".join(sorted(codes)) if len(codes) > 1 else None,
                 scope=ref[0] if ref is not None else None, found_in=best.zone, start=best.start,
                 population_census_2020=census_population(code, index))
