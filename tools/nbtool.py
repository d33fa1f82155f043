"""Write a notebook from a list of cells, without outputs (used to author notebooks/*.ipynb).

Usage from Python: ``write_notebook(path, [("md", "..."), ("code", "..."), ("params", "...")])``.
Also ``python tools/nbtool.py strip NOTEBOOK...`` removes outputs and execution counts in place.
"""

from __future__ import annotations

import sys

import nbformat


def write_notebook(path, cells) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for i, (kind, src) in enumerate(cells):
        src = src.strip("\n")
        if kind == "md":
            cell = nbformat.v4.new_markdown_cell(src)
        else:
            cell = nbformat.v4.new_code_cell(src)
            if kind == "params":
                cell.metadata["tags"] = ["parameters"]
        cell.id = f"c{i:02d}"  # stable ids: a rewrite changes only what changed
        nb.cells.append(cell)
    with open(path, "w", encoding="utf-8") as fh:
        nbformat.write(nb, fh)


def strip(path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
    nb.metadata.pop("papermill", None)
    nbformat.write(nb, path)


if __name__ == "__main__":
    if sys.argv[1:2] == ["strip"]:
        for p in sys.argv[2:]:
            strip(p)
