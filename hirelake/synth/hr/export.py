"""Write tables as an HRIS hands them over: UTF-8 CSV and XLSX per entity, byte-identical run to run.

The XLSX package (content types, workbook, styles, properties) comes from openpyxl; the one worksheet
part is rendered here (see `sheet_xml`). openpyxl stamps every workbook with the current time twice:
in `docProps/core.xml` (`dcterms:modified`, overwritten on save whatever the caller set) and in each zip
entry's header. Both are pinned here to a
moment derived from the data's reference date, and the zip is rewritten with a fixed entry order.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from openpyxl import Workbook

from hirelake.hashing import sha256_file

_CORE_XML = "docProps/core.xml"
_W3CDTF = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
_SHEET_PART = "xl/worksheets/sheet1.xml"
_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class ExportedFile:
    table: str
    path: str  # relative to the hr/ directory
    format: Literal["csv", "xlsx"]
    rows: int
    bytes: int
    sha256: str


def _exported(table: str, path: Path, fmt: Literal["csv", "xlsx"], rows: int) -> ExportedFile:
    return ExportedFile(table, path.name, fmt, rows, path.stat().st_size, sha256_file(path))


def write_csv(table: str, frame: pd.DataFrame, directory: Path) -> ExportedFile:
    """UTF-8 CSV, header first, strings quoted, timestamps as 'YYYY-MM-DD HH:MM:SS', empty for missing."""
    path = directory / f"{table}.csv"
    arrow = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    pa_csv.write_csv(arrow, path, pa_csv.WriteOptions(quoting_style="needed"))
    return _exported(table, path, "csv", len(frame))


def _column_letters(count: int) -> list[str]:
    letters = []
    for number in range(1, count + 1):
        name, index = "", number
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _render_value(value: Any) -> str | None:
    """One cell's XML without its reference: None for an empty cell."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, bool | np.bool_):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | np.integer | np.floating):
        return f"><v>{value!r}</v></c>" if isinstance(value, float) else f"><v>{int(value)}</v></c>"
    text = escape(_ILLEGAL_XML.sub("", str(value)))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f' t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _rendered_columns(frame: pd.DataFrame) -> list[list[str | None]]:
    """Each column's cells rendered once (timestamps as text, exactly as in the CSV)."""
    columns: list[list[str | None]] = []
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_datetime64_any_dtype(series):
            series = series.dt.strftime("%Y-%m-%d %H:%M:%S")
        elif isinstance(series.dtype, pd.CategoricalDtype):
            series = series.astype(str)
        values = series.astype(object).where(series.notna(), None).tolist()
        columns.append([_render_value(v) for v in values])
    return columns


def sheet_xml(frame: pd.DataFrame) -> bytes:
    """The worksheet part: header row frozen, strings inline (no shared-string table to keep in step).

    openpyxl's cell-by-cell writer takes ~25 us a cell without lxml; rendering the sheet directly keeps a
    10,000-employee extract within the time budget. The package around it still comes from openpyxl.
    """
    letters = _column_letters(len(frame.columns))
    header = [_render_value(str(c)) for c in frame.columns]
    rows = [header, *zip(*_rendered_columns(frame), strict=True)] if len(frame) else [header]
    parts = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f'<worksheet xmlns="{_SHEET_NS}"><dimension ref="A1:{letters[-1]}{len(rows)}"/>',
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
        ' state="frozen"/></sheetView></sheetViews><sheetData>',
    ]
    for number, cells in enumerate(rows, start=1):
        body = "".join(
            f'<c r="{col}{number}"{cell}' for col, cell in zip(letters, cells, strict=True) if cell
        )
        parts.append(f'<row r="{number}">{body}</row>')
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode("utf-8")


def write_xlsx(table: str, frame: pd.DataFrame, directory: Path, stamp: datetime) -> ExportedFile:
    """One sheet named after the table; `stamp` pins every timestamp openpyxl would take from the clock."""
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "hirelake synthetic HRIS"
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.create_sheet(title=table[:31])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = directory / f"{table}.xlsx"
    path.write_bytes(pin_zip(buffer.getvalue(), stamp, {_SHEET_PART: sheet_xml(frame)}))
    return _exported(table, path, "xlsx", len(frame))


def pin_zip(data: bytes, stamp: datetime, replace: dict[str, bytes] | None = None) -> bytes:
    """Rewrite an XLSX (zip) with fixed entry times and core-property dates: same input, same bytes.

    `replace` swaps whole parts (by name) on the way through.
    """
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    swaps = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        missing = set(swaps) - set(source.namelist())
        if missing:
            raise ValueError(
                f"XLSX parts {sorted(missing)} not found: has openpyxl changed its package layout?"
            )
        for info in source.infolist():
            content = swaps.get(info.filename) or source.read(info.filename)
            if info.filename == _CORE_XML:
                content = _W3CDTF.sub(
                    lambda m: f"{m.group(1)}{iso}{m.group(3)}", content.decode("utf-8")
                ).encode()
            pinned = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o600 << 16
            target.writestr(pinned, content)
    return out.getvalue()
