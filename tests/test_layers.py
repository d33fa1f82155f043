"""The package's layers import one way: base <- extraction <- analysis <- reporting <- pipeline <- cli.

Every ``import``/``from`` of a ``minsheng`` module (at the top of a module or
inside a function) is read from the source with ``ast``; a module may import
its own layer or a lower one, never a higher one. Analysis imports neither
extraction (it works on DataFrames) nor IPython (prose lives in reporting).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PKG = ROOT / "lib" / "minsheng"
RANK = {"base": 0, "extraction": 1, "analysis": 2, "reporting": 3, "pipeline": 4, "top": 5}
BASE = {"paths", "errors", "log", "io", "formatting", "periods", "schema", "__init__"}
TOP = {"cli", "__main__"}


def layer(module: str) -> str:
    """The layer of a dotted module name below ``minsheng`` (``analysis.per_goal`` → analysis)."""
    head = module.split(".")[0]
    if head in RANK and head not in ("base", "top"):
        return head
    if head in BASE:
        return "base"
    if head in TOP:
        return "top"
    raise AssertionError(f"minsheng.{module} belongs to no layer; add it to one (tests/test_layers.py)")


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, dotted module below minsheng) of every minsheng import in ``path``."""
    rel = path.relative_to(PKG).with_suffix("")
    package = list(rel.parts[:-1]) if rel.name != "__init__" else list(rel.parts[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                mod = ".".join([*base, node.module] if node.module else base)
                names = [mod] if node.module else [f"{mod}.{a.name}".strip(".") for a in node.names]
            elif node.module and node.module.split(".")[0] == "minsheng":
                mod = node.module.removeprefix("minsheng").lstrip(".")
                # from minsheng import io (a module) or __version__ (a name of the package itself, its __init__)
                names = [mod] if mod else [a.name if (PKG / f"{a.name}.py").is_file() or (PKG / a.name).is_dir()
                                           else "__init__" for a in node.names]
            else:
                continue
            out += [(node.lineno, n) for n in names if n]
        elif isinstance(node, ast.Import):
            out += [(node.lineno, a.name.removeprefix("minsheng.")) for a in node.names if a.name.startswith("minsheng.")]
    return out


def _modules():
    return sorted(p for p in PKG.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PKG)))
def test_no_module_imports_a_higher_layer(path):
    own = layer(".".join(path.relative_to(PKG).with_suffix("").parts))
    for line, mod in imports(path):
        assert RANK[layer(mod)] <= RANK[own], (
            f"{path.relative_to(PKG)}:{line} imports minsheng.{mod} ({layer(mod)}), a higher layer than {own}")


def test_analysis_uses_neither_extraction_nor_ipython():
    for path in (PKG / "analysis").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "IPython" not in text, path.name
        for line, mod in imports(path):
            assert layer(mod) != "extraction", f"analysis/{path.name}:{line} imports minsheng.{mod}"


def test_every_subpackage_explains_itself():
    for sub in ("extraction", "analysis", "reporting", "pipeline", "schema"):
        doc = ast.get_docstring(ast.parse((PKG / sub / "__init__.py").read_text(encoding="utf-8")))
        assert doc and len(doc) > 100, sub


def test_the_layer_test_catches_an_upward_import():
    source = "from minsheng.reporting import plots\nfrom minsheng.extraction import find\n"
    lines = [(n, m) for n, m in imports_from_source(source, ("analysis",))]
    assert [layer(m) for _n, m in lines] == ["reporting", "extraction"]
    assert RANK[layer(lines[0][1])] > RANK["analysis"]


def imports_from_source(source: str, package: tuple[str, ...]):
    """Like :func:`imports` for a source string (used to test the test)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("minsheng"):
            out.append((node.lineno, node.module.removeprefix("minsheng.")))
    return out
