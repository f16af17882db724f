"""Reading response files for `hechting score` and `hechting calibrate`.

A file is a CSV (comma, semicolon or tab — sniffed from the header line), optionally gzipped,
UTF-8 (a BOM is fine). Every problem becomes a `UsageError` naming the row and column as a
spreadsheet user sees them (the header is row 1).
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from hechting.cli import UsageError

DELIMITERS = (",", ";", "\t")
MISSING_TOKENS = ("", "0", "-1")
LARGE_FILE_ROWS = 5000  # show a progress bar from this many rows on


@dataclass(frozen=True)
class Table:
    """A parsed file: header names, data rows as strings, and their spreadsheet row numbers."""

    name: str
    delimiter: str
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]

    def column(self, name: str) -> int:
        return self.header.index(name)


def _read_bytes(path: Path) -> bytes:
    name = path.name
    if not path.exists():
        raise UsageError(f"{name}: no such file")
    if not path.is_file():
        raise UsageError(f"{name}: not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{name}: cannot be read ({exc.strerror})") from None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            raise UsageError(f"{name}: not a valid gzip file") from None
    return data


def _sniff(header_line: str) -> str:
    counts = [header_line.count(d) for d in DELIMITERS]
    return DELIMITERS[counts.index(max(counts))] if max(counts) else ","


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        row = data.count(b"\n", 0, start) + 1
        line_start = data.rfind(b"\n", 0, start) + 1
        header = data.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace")
        delimiter = _sniff(header)
        field = data[line_start:start].count(delimiter.encode())
        names = next(csv.reader([header], delimiter=delimiter), [])
        where = f"row {row}"
        if field < len(names):
            where += f", column {names[field].strip()}"
        raise UsageError(
            f"{name}: {where}: bytes that are not UTF-8 text (save the file as UTF-8 CSV)"
        ) from None


def read_table(path: Path) -> Table:
    """Read and check the shape of a CSV file (no values checked yet)."""
    name = path.name
    text = _decode(name, _read_bytes(path))
    if not text.strip():
        raise UsageError(f"{name}: the file is empty")
    delimiter = _sniff(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as exc:
        raise UsageError(f"{name}: row {reader.line_num}: not valid CSV ({exc})") from None
    header = [h.strip() for h in records[0]]
    seen: set[str] = set()
    for i, column in enumerate(header):
        if column in seen:
            raise UsageError(
                f"{name}: row 1, column {i + 1}: the column name {column!r} occurs twice"
            )
        seen.add(column)
    rows: list[list[str]] = []
    row_numbers: list[int] = []
    for index, record in enumerate(records[1:], start=2):
        if not record or (len(record) == 1 and not record[0].strip() and len(header) > 1):
            continue  # blank line
        if len(record) != len(header):
            raise UsageError(f"{name}: row {index}: {_ragged(record, header)}")
        rows.append(record)
        row_numbers.append(index)
    if not rows:
        raise UsageError(f"{name}: no data rows after the header (row 1)")
    return Table(name, delimiter, header, rows, row_numbers)


def _ragged(record: Sequence[str], header: Sequence[str]) -> str:
    if len(record) < len(header):
        return (
            f"{len(record)} fields but the header has {len(header)}: "
            f"column {header[len(record)]} and after are missing"
        )
    return (
        f"{len(record)} fields but the header has {len(header)}: "
        f"extra field in column {len(header) + 1} (after {header[-1]})"
    )


def require_columns(table: Table, columns: Sequence[str], what: str) -> list[int]:
    """Positions of ``columns`` in the table; a missing one is a UsageError."""
    missing = [c for c in columns if c not in table.header]
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise UsageError(
            f"{table.name}: row 1: missing item column {missing[0]} "
            f"({what} needs columns {columns[0]}..{columns[-1]}; missing: {shown})"
        )
    return [table.header.index(c) for c in columns]


def response_matrix(
    table: Table, columns: Sequence[str], low: int, high: int, *, progress: bool | None = None
) -> npt.NDArray[np.float64]:
    """Responses (n, len(columns)) as floats, NaN for 0, -1 or empty; anything else is an error."""
    positions = require_columns(table, columns, "the instrument")
    lookup: dict[str, float] = {t: np.nan for t in MISSING_TOKENS}
    lookup.update({str(v): float(v) for v in range(low, high + 1)})
    out = np.empty((len(table.rows), len(columns)), dtype=np.float64)
    rows = table.rows
    if progress is None:
        progress = len(rows) >= LARGE_FILE_ROWS
    if progress:
        from tqdm import tqdm

        rows = tqdm(rows, desc="reading", unit=" rows", file=sys.stderr, leave=False)
    for i, record in enumerate(rows):
        target = out[i]
        for j, p in enumerate(positions):
            value = lookup.get(record[p])
            if value is None:
                value = _slow_value(table, i, columns[j], record[p], low, high)
            target[j] = value
    return out


def _slow_value(table: Table, i: int, column: str, token: str, low: int, high: int) -> float:
    t = token.strip()
    try:
        v = float(t) if t else 0.0
    except ValueError:
        v = np.nan
    if v in (0.0, -1.0):
        return np.nan
    if low <= v <= high and v == int(v):
        return float(v)
    raise UsageError(
        f"{table.name}: row {table.row_numbers[i]}, column {column}: {token!r} is not an answer "
        f"(expected {low}-{high}, or 0, -1 or empty for not answered)"
    )
