"""The HRIS file connector: a folder of exports, one `<table>.csv` or `<table>.xlsx` per table.

CSV must be UTF-8 (a byte-order mark is fine) unless an encoding is configured: a GBK export read as
UTF-8 would land as mojibake, so it is refused with the file and the offending byte named. XLSX is read
with openpyxl without evaluating anything: a cell holding a formula rejects its row, since the value the
HRIS meant is not in the file.

A file that cannot be taken as a whole (undecodable, not well-formed, no header, or a header and no records)
raises `HrisTableError` naming the file: the sync refuses that one table with the reason and goes on.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path
from typing import Literal

from hirelake.hris.errors import HrisSourceError, HrisTableError
from hirelake.hris.source import CellProblem, Progress, SourceRow, SourceTable, cell_text

_ENCODING_SETTING = "HIRELAKE_HRIS__CSV_ENCODING"
# What a spreadsheet runs as a formula when it opens a CSV (=, @, + or - before anything but a number or
# phone number, a leading tab or CR): a CSV has no cell types, so such text cannot be told from a formula.
_CSV_FORMULA = re.compile(r"^(?:[=@\t\r]|[+-](?![\d\s().,+-]*$))")
_NUL = "\x00"


class HrisFileConnector:
    """Reads `<folder>/<table>.csv` (preferred) or `<folder>/<table>.xlsx`."""

    kind = "files"

    def __init__(
        self, folder: Path, *, encoding: str | None = None, prefer: Literal["csv", "xlsx"] = "csv"
    ) -> None:
        if not folder.is_dir():
            raise HrisSourceError(f"The HRIS export folder {folder} does not exist or is not a folder.")
        if encoding is not None:
            try:
                codecs.lookup(encoding)
            except LookupError as exc:
                raise HrisSourceError(
                    f"Unknown CSV encoding {encoding!r} in {_ENCODING_SETTING}; use e.g. utf-8, gbk, gb18030."
                ) from exc
        self.folder = folder
        self.encoding = encoding
        self.prefer = prefer

    def describe(self) -> str:
        return str(self.folder)

    def _path(self, name: str) -> Path:
        order = ("csv", "xlsx") if self.prefer == "csv" else ("xlsx", "csv")
        for suffix in order:
            path = self.folder / f"{name}.{suffix}"
            if path.is_file():
                return path
        raise HrisTableError(f"No export for table '{name}' in {self.folder} (looked for {name}.csv/.xlsx).")

    def tables(self) -> list[str]:
        return sorted({p.stem for p in self.folder.iterdir() if p.suffix.lower() in {".csv", ".xlsx"}})

    def read(self, name: str, progress: Progress | None = None) -> SourceTable:
        path = self._path(name)
        try:
            if path.suffix.lower() == ".xlsx":
                table = read_xlsx(path, name)
            else:
                table = read_csv(path, name, self.encoding)
        except OSError as exc:  # e.g. no permission to read it, or removed while the sync ran
            raise HrisTableError(f"{path} cannot be read: {exc.strerror or exc}.") from exc
        if not table.rows:
            raise HrisTableError(
                f"{path} has a header but no records: an export of zero rows is taken for a failed export, "
                "so nothing of it is landed and the last landed snapshot of the table stays in use. "
                "Re-export the table from the HRIS."
            )
        if progress is not None:
            progress(name, len(table.rows), len(table.rows))
        return table


def decode_csv(path: Path, encoding: str | None) -> str:
    data = path.read_bytes()
    if encoding is None or codecs.lookup(encoding).name == "utf-8":
        data = data.removeprefix(codecs.BOM_UTF8)
        encoding_name = "utf-8"
    else:
        encoding_name = encoding
    try:
        return data.decode(encoding_name)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 2].hex(" ")
        hint = (
            f"Re-export it as UTF-8, or set {_ENCODING_SETTING} to its encoding (e.g. gbk for most "
            "Chinese Excel/WPS exports)"
            if encoding is None
            else f"Check {_ENCODING_SETTING}={encoding!r} is the file's real encoding"
        )
        raise HrisTableError(
            f"{path} is not valid {encoding_name}: bytes {bad} on line {line} (offset {exc.start}) cannot be "
            f"decoded ({exc.reason}). {hint}."
        ) from exc


def read_csv(path: Path, name: str, encoding: str | None = None) -> SourceTable:
    # strict: an unclosed quote is an error, not a field that swallows every following line
    reader = csv.reader(io.StringIO(decode_csv(path, encoding), newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise HrisTableError(f"{path} is empty: expected a header row naming the columns.")
        if any(_NUL in h for h in header):
            raise HrisTableError(
                f"{path} has NUL bytes (\\x00) in its header row: it is not a text CSV (a binary file, or "
                "UTF-16 without its byte-order mark). Re-export it as UTF-8 CSV."
            )
        columns = tuple(h.strip() for h in header)
        rows = [_csv_row(columns, line, record) for line, record in enumerate(reader, start=2) if record]
    except csv.Error as exc:  # e.g. a field over the csv module's size limit, a stray quote
        raise HrisTableError(
            f"{path} is not well-formed CSV near line {reader.line_num}: {exc}. Re-export it from the HRIS."
        ) from exc
    return SourceTable(name, columns, tuple(rows), str(path))


def _csv_row(columns: tuple[str, ...], line: int, record: list[str]) -> SourceRow:
    problems: list[CellProblem] = []
    if len(record) != len(columns):
        problems.append(
            CellProblem(
                columns[0],
                f"row has {len(record)} fields but the header has {len(columns)}: a broken line "
                "(unquoted separator or cut-off record)",
            )
        )
    values = {c: (record[i] or None) if i < len(record) else None for i, c in enumerate(columns)}
    for column, value in values.items():
        if value is not None and _CSV_FORMULA.match(value):
            problems.append(
                CellProblem(
                    column,
                    f"{column} starts like a spreadsheet formula ({value[:60]!r}): a CSV cannot say it is "
                    "text, and a spreadsheet opening the data would run it; export the value without the "
                    "leading =, +, -, @",
                )
            )
    return SourceRow(line, values, tuple(problems))


def read_xlsx(path: Path, name: str) -> SourceTable:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only=False: formulas come back as their text, flagged, and are never evaluated.
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise HrisTableError(f"{path} is not a readable XLSX workbook: {exc}") from exc
    try:
        sheet = workbook[name[:31]] if name[:31] in workbook.sheetnames else workbook.worksheets[0]
        columns: tuple[str, ...] = ()
        rows: list[SourceRow] = []
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number == 1:
                columns = tuple(str(c.value).strip() if c.value is not None else "" for c in cells)
                continue
            values: dict[str, str | None] = dict.fromkeys(columns)
            problems: list[CellProblem] = []
            for index, cell in enumerate(cells):
                if index >= len(columns) or cell.value is None:
                    continue
                column = columns[index]
                if getattr(cell, "data_type", None) == "f":
                    problems.append(
                        CellProblem(
                            column,
                            f"{column} holds an Excel formula ({str(cell.value)[:60]}) in cell "
                            f"{getattr(cell, 'coordinate', f'row {number}')}: formulas are never evaluated "
                            "on import; export the values instead",
                        )
                    )
                values[column] = cell_text(cell.value)
            if all(v is None for v in values.values()):
                continue  # an empty row Excel kept formatted
            rows.append(SourceRow(number, values, tuple(problems)))
    finally:
        workbook.close()
    if not columns:
        raise HrisTableError(f"{path} has no header row: expected the column names in row 1.")
    return SourceTable(name, columns, tuple(rows), str(path))
