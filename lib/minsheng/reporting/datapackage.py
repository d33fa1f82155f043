"""The Frictionless Data Package descriptor of a report's tables (``datapackage.json``).

Every resource's Table Schema (field types, units, descriptions, primary key)
comes from the one schema (:mod:`minsheng.schema`); the source is the raw
report with its sha256.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from minsheng import schema
from minsheng.io import dumps_json, write_text_atomic


def datapackage(folder: Path, doc_id: str, report_path: str | Path, corrections: str = "") -> dict:
    """The Frictionless descriptor of the tables in ``folder`` (a report's table folder).

    A table absent from the folder (a step that did not run) is left out. The sources are
    the raw report and, where the run applied one, the report's corrections file
    (``corrections`` is the folder the run took them from), each with its sha256.
    """
    from minsheng.extraction.corrections import file_for

    resources = []
    for table in schema.report_tables():
        if not (Path(folder) / table.file).is_file():
            continue
        resources.append({
            "name": table.name, "path": table.file, "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": table.frictionless(),
        })
    if (Path(folder) / "metrics.json").is_file():
        resources.append({"name": "metrics", "path": "metrics.json", "format": "json",
                          "mediatype": "application/json", "description": "headline numbers of the run"})
    if (Path(folder) / "document.json").is_file():
        resources.append({"name": "document", "path": "document.json", "format": "json",
                          "mediatype": "application/json",
                          "description": "what the report is: its file's sha256, reader, title, period, issuer, place"})
    if (Path(folder) / "text.txt").is_file():
        resources.append({"name": "text", "path": "text.txt", "format": "txt", "mediatype": "text/plain",
                          "encoding": "utf-8", "description": "the report text that figures.csv's offsets index"})
    report = Path(report_path)
    return {
        "profile": "data-package",  # metrics.json is a JSON resource, not a table
        "name": doc_id.replace("_", "-"),
        "title": f"minsheng tables of report {doc_id}",
        "description": "Figures of a Chinese livelihood-project (民生工程) report with their provenance, "
                       "and the analyses derived from them; produced by minsheng.",
        "sources": [{"title": report.name, "sha256": hashlib.sha256(report.read_bytes()).hexdigest()}]
        + ([{"title": f"corrections: {cpath.name}", "description": "hand corrections applied in the clean stage",
             "sha256": hashlib.sha256(cpath.read_bytes()).hexdigest()}]
           if (cpath := file_for(corrections, doc_id)) is not None else []),
        "resources": resources,
    }


def write_datapackage(folder: Path, doc_id: str, report_path, corrections: str = "") -> Path:
    """Write ``datapackage.json`` into ``folder`` whole."""
    return write_text_atomic(Path(folder) / "datapackage.json",
                             dumps_json(datapackage(folder, doc_id, report_path, corrections)))
