"""The files of an export: SAS transport v5 (pyreadstat), CDISC Dataset-JSON v1.1, CSV, and define.html.

Every writer is deterministic: the same datasets give the same bytes, apart from the creation time (the XPT
header's, pyreadstat's clock; Dataset-JSON's `datasetJSONCreationDateTime` and the summary's, the `created`
given). Rows keep the order the domains built them in; numbers are written from their Decimal text.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.export.sdtm import Dataset, Value, Variable

DATASET_JSON_VERSION = "1.1.0"
FORMATS = ("xpt", "json", "csv")


def _number(value: Value) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        integral = value == value.to_integral_value()
        return int(value) if integral else float(value)
    return value


def _json_value(value: Value, kind: str) -> Any:
    """A Dataset-JSON cell: integers as numbers, decimals as their exact text (v1.1's `decimal` type)."""
    if value is None or value == "":
        return None
    if kind == "integer":
        return int(value)
    return format(Decimal(value).normalize(), "f")


def write_xpt(dataset: Dataset, folder: Path) -> Path:
    """`<name>.xpt`, SAS transport version 5, one dataset named and labelled as SDTM says."""
    import pandas as pd
    import pyreadstat

    columns: dict[str, Any] = {}
    for variable in dataset.variables:
        values = [row.get(variable.name) for row in dataset.rows]
        if variable.kind == "Num":
            columns[variable.name] = pd.Series([_number(v) for v in values], dtype="float64")
        else:
            columns[variable.name] = pd.Series([str(v or "") for v in values], dtype="object")
    frame = pd.DataFrame(columns, columns=[v.name for v in dataset.variables])
    path = folder / f"{dataset.name.lower()}.xpt"
    pyreadstat.write_xport(
        frame,
        str(path),
        file_label=dataset.label,
        column_labels={v.name: v.label for v in dataset.variables},
        table_name=dataset.name,
        file_format_version=5,
    )
    return path


def _integral(value: Value) -> bool:
    return (
        value is None
        or isinstance(value, int)
        or (isinstance(value, Decimal) and value == value.to_integral_value())
    )


def _json_type(variable: Variable, dataset: Dataset) -> dict[str, Any]:
    if variable.kind == "Char":
        return {"dataType": "string", "length": dataset.length(variable)}
    if all(_integral(row.get(variable.name)) for row in dataset.rows):
        return {"dataType": "integer"}
    return {"dataType": "decimal", "targetDataType": "decimal"}


def dataset_json(
    dataset: Dataset, *, study_id: str, created: datetime, last_change: datetime | None, version: str
) -> dict[str, Any]:
    """The dataset as CDISC Dataset-JSON v1.1 (top-level metadata, `columns`, `rows` as arrays)."""
    columns = []
    kinds: list[str] = []
    for variable in dataset.variables:
        column: dict[str, Any] = {
            "itemOID": f"IT.{dataset.name}.{variable.name}",
            "name": variable.name,
            "label": variable.label,
            **_json_type(variable, dataset),
        }
        if variable.name in dataset.keys:
            column["keySequence"] = dataset.keys.index(variable.name) + 1
        columns.append(column)
        kinds.append(column["dataType"])
    rows = [
        [
            _json_value(row.get(v.name), kind) if v.kind == "Num" else str(row.get(v.name) or "") or None
            for v, kind in zip(dataset.variables, kinds, strict=True)
        ]
        for row in dataset.rows
    ]
    content: dict[str, Any] = {
        "datasetJSONCreationDateTime": created.replace(microsecond=0, tzinfo=None).isoformat(),
        "datasetJSONVersion": DATASET_JSON_VERSION,
        "fileOID": f"{study_id}.{dataset.name}",
        "originator": "DoseDesk",
        "sourceSystem": {"name": "DoseDesk", "version": version},
        "studyOID": study_id,
        "metaDataVersionOID": "MDV.SDTMIG.3.4",
        "metaDataRef": "define.html",
        "itemGroupOID": f"IG.{dataset.name}",
        "isReferenceData": False,
        "records": len(rows),
        "name": dataset.name,
        "label": dataset.label,
        "columns": columns,
        "rows": rows,
    }
    if last_change is not None:
        content["dbLastModifiedDateTime"] = last_change.replace(microsecond=0, tzinfo=None).isoformat()
    return content


def write_json(dataset: Dataset, folder: Path, **meta: Any) -> Path:
    path = folder / f"{dataset.name.lower()}.json"
    text = json.dumps(dataset_json(dataset, **meta), ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _csv_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def write_csv(dataset: Dataset, folder: Path) -> Path:
    """`<name>.csv`: a header of variable names, then one line a row, UTF-8, numbers as their Decimal text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([v.name for v in dataset.variables])
    for row in dataset.rows:
        writer.writerow([_csv_value(row.get(v.name)) for v in dataset.variables])
    path = folder / f"{dataset.name.lower()}.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def write_define(
    datasets: Iterable[Dataset],
    folder: Path,
    *,
    study_id: str,
    created: datetime,
    files: dict[str, list[str]],
) -> Path:
    """define.html: each dataset (name, label, rows, files) and its variables (name, label, type, length,
    origin), readable in any browser."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(study_id)} SDTM datasets</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:2em}"
        "td,th{border:1px solid #999;padding:2px 6px;text-align:left}th{background:#eee}</style>",
        "</head><body>",
        f"<h1>{html.escape(study_id)}: SDTM datasets (SDTMIG 3.4)</h1>",
        f"<p>Created {html.escape(created.replace(microsecond=0, tzinfo=None).isoformat())} by DoseDesk.</p>",
        "<table><tr><th>Dataset</th><th>Label</th><th>Records</th><th>Keys</th><th>Files</th></tr>",
    ]
    datasets = list(datasets)
    for dataset in datasets:
        parts.append(
            f'<tr><td><a href="#{dataset.name}">{dataset.name}</a></td><td>{html.escape(dataset.label)}</td>'
            f"<td>{len(dataset.rows)}</td><td>{', '.join(dataset.keys)}</td>"
            f"<td>{', '.join(html.escape(f) for f in files.get(dataset.name, []))}</td></tr>"
        )
    parts.append("</table>")
    for dataset in datasets:
        parts.append(f'<h2 id="{dataset.name}">{dataset.name}: {html.escape(dataset.label)}</h2>')
        parts.append(
            "<table><tr><th>Variable</th><th>Label</th><th>Type</th><th>Length</th><th>Origin</th></tr>"
        )
        for variable in dataset.variables:
            parts.append(
                f"<tr><td>{variable.name}</td><td>{html.escape(variable.label)}</td><td>{variable.kind}</td>"
                f"<td>{dataset.length(variable)}</td><td>{variable.origin}</td></tr>"
            )
        parts.append("</table>")
    parts.append("</body></html>")
    path = folder / "define.html"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path
