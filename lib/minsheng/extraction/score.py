"""How well the extractor reads a report: its figures against a hand-checked expected table.

Figures are matched by span: an expected and a found figure match when their
spans overlap and their value in base units and unit agree (strict finding, as
in the README). Over the matched figures, each field is right or wrong; ``all4``
is goal, metric, period and qualifier right at once. Used by
``benchmarks/meaning_accuracy.py`` (the README's "How well it reads a report")
and by the fixture tests.
"""

from __future__ import annotations

import math

import pandas as pd

#: The fields whose accuracy is reported, over the matched figures.
FIELDS = ("goal", "metric", "period", "qualifier", "period_kind", "status", "relation", "unit_norm")
#: The four fields of "all four right at once".
ALL4 = ("goal", "metric", "period", "qualifier")


def _same_value(a, b) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def match(expected: pd.DataFrame, found: pd.DataFrame) -> list[tuple[int, int]]:
    """``(expected row, found row)`` pairs: overlapping spans, the same value and unit; each row at most once."""
    pairs, used = [], set()
    fs = sorted(zip(found["start"], found["end"], range(len(found))))
    j0 = 0
    for i, (s, e, v, u) in enumerate(zip(expected["start"], expected["end"], expected["value_norm"],
                                         expected["unit_norm"])):
        while j0 < len(fs) and fs[j0][1] <= s:
            j0 += 1
        j = j0
        while j < len(fs) and fs[j][0] < e:
            k = fs[j][2]
            if k not in used and fs[j][1] > s and _same_value(found["value_norm"].iloc[k], v) \
                    and found["unit_norm"].iloc[k] == u:
                pairs.append((i, k))
                used.add(k)
                break
            j += 1
    return pairs


def score(expected: pd.DataFrame, found: pd.DataFrame) -> dict:
    """``n_expected``, ``n_found``, ``n_matched``, ``precision``, ``recall``, ``f1``, then per field the share right.

    A field missing from either table is left out (``None``).
    """
    pairs = match(expected, found)
    n = len(pairs)
    out = {"n_expected": len(expected), "n_found": len(found), "n_matched": n,
           "precision": n / len(found) if len(found) else None,
           "recall": n / len(expected) if len(expected) else None}
    p, r = out["precision"], out["recall"]
    out["f1"] = 2 * p * r / (p + r) if p and r else 0.0
    right: dict[str, list[bool]] = {}
    for f in FIELDS:
        if f in expected.columns and f in found.columns:
            right[f] = [str(expected[f].iloc[i]) == str(found[f].iloc[k]) for i, k in pairs]
            out[f] = sum(right[f]) / n if n else None
        else:
            out[f] = None
    if all(f in right for f in ALL4):
        out["all4"] = sum(all(right[f][m] for f in ALL4) for m in range(n)) / n if n else None
    else:
        out["all4"] = None
    return out
