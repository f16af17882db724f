"""Reading response files in chunks: CSV (comma, semicolon or tab; gzipped or not), SPSS .sav and
Parquet, told apart by their first bytes, not their names.

Memory stays flat at any file size: a file is read as Arrow tables of ``chunk_rows`` rows. pyarrow
reads CSV and Parquet (its CSV reader is C++ and several times faster than the `csv` module, and
it is the reference Parquet implementation); pyreadstat reads .sav. Every problem becomes a
`UsageError` naming the row and column as a spreadsheet user sees them: in a CSV the header is
row 1; in a .sav or Parquet file (no header row) the first case is row 1.

The CSV fast path only tells *that* a file is broken; the slow path (`_diagnose`, the `csv`
module over the same bytes, line by line with a length limit) then says *where*.
"""

from __future__ import annotations

import csv
import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from hechting.cli import UsageError
from hechting.datafiles.text import show

DELIMITERS = (",", ";", "\t")
MISSING_TOKENS = ("", "0", "-1")
MAX_LINE = 1 << 20  # a CSV line longer than 1 MiB is not a response file (e.g. a gzip bomb)
CSV_BLOCK = 1 << 21  # bytes per block of the Arrow CSV reader (> MAX_LINE: holds any line)
SAV_MAGIC = (b"$FL2", b"$FL3")
PARQUET_MAGIC = b"PAR1"
GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class Source:
    """An input file: its header, and its data as Arrow tables of at most ``chunk_rows`` rows."""

    path: Path
    kind: str  # "csv" | "sav" | "parquet"
    header: list[str]
    delimiter: str = ","
    labels: dict[str, str] = field(default_factory=dict)  # variable labels (from a .sav)
    value_labels: dict[str, dict[Any, str]] = field(default_factory=dict)
    chunk_rows: int = 65_536
    gzipped: bool = False

    @property
    def name(self) -> str:
        return show(self.path.name)

    def chunks(self) -> Iterator[pa.Table]:
        reader = {"csv": self._csv_chunks, "sav": self._sav_chunks, "parquet": self._pq_chunks}
        rows = 0
        for table in reader[self.kind]():
            rows += table.num_rows
            if table.num_rows:
                yield table
        if rows == 0:
            first = "after the header (row 1)" if self.kind == "csv" else "in the file"
            raise UsageError(f"{self.name}: no data rows {first}")

    def row_of(self, index: int) -> int:
        """The row number a user sees for data record ``index`` (0-based, blank lines skipped)."""
        if self.kind != "csv":
            return index + 1
        seen = -1
        with _text_lines(self) as lines:
            for number, record in enumerate(csv.reader(lines, delimiter=self.delimiter), 1):
                if number > 1 and not _blank(record, self.header):
                    seen += 1
                    if seen == index:
                        return number
        return index + 2  # not reached for a file that was read

    # --- CSV -----------------------------------------------------------------------------

    def _csv_chunks(self) -> Iterator[pa.Table]:
        from pyarrow import csv as pacsv

        def invalid_row(row: Any) -> str:
            return "skip" if not row.text.strip() else "error"  # blank lines, as the csv module

        # A Python file object, not pa.input_stream: Arrow reads its own files far ahead (the
        # whole file, measured), which would make memory grow with the file.
        stream = _binary(self)
        try:
            reader = pacsv.open_csv(
                stream,
                read_options=pacsv.ReadOptions(
                    column_names=self.header, skip_rows=1, block_size=CSV_BLOCK, use_threads=False
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=self.delimiter,
                    newlines_in_values=True,
                    invalid_row_handler=invalid_row,
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types={name: pa.string() for name in self.header},
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
            pending: list[pa.RecordBatch] = []
            size = 0
            for batch in reader:
                pending.append(batch)
                size += batch.num_rows
                if size >= self.chunk_rows:
                    yield pa.Table.from_batches(pending)
                    pending, size = [], 0
            if pending:
                yield pa.Table.from_batches(pending)
        except (pa.ArrowException, OSError, EOFError, ValueError, zlib.error) as exc:
            self._diagnose(exc)
        finally:
            stream.close()

    def _diagnose(self, exc: BaseException) -> None:
        """Find and name the first problem in the file; the fast reader only said there is one."""
        with _text_lines(self) as lines:
            reader = csv.reader(lines, delimiter=self.delimiter)
            try:
                for number, record in enumerate(reader, 1):
                    if number == 1 or _blank(record, self.header):
                        continue
                    if len(record) != len(self.header):
                        raise UsageError(
                            f"{self.name}: row {number}: {_ragged(record, self.header)}"
                        )
            except csv.Error as err:
                raise UsageError(
                    f"{self.name}: row {reader.line_num}: not valid CSV ({show(err)})"
                ) from None
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UsageError(f"{self.name}: not a readable CSV file ({show(first)})") from None

    # --- SPSS and Parquet ----------------------------------------------------------------

    def _sav_chunks(self) -> Iterator[pa.Table]:
        import pyreadstat

        try:
            for frame, _ in pyreadstat.read_file_in_chunks(
                pyreadstat.read_sav, str(self.path), chunksize=self.chunk_rows
            ):
                yield pa.Table.from_pandas(frame, preserve_index=False)
        except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, pa.ArrowException) as exc:
            raise UsageError(f"{self.name}: not a readable SPSS file ({show(exc)})") from None

    def _pq_chunks(self) -> Iterator[pa.Table]:
        import pyarrow.parquet as pq

        try:
            for batch in pq.ParquetFile(self.path).iter_batches(batch_size=self.chunk_rows):
                yield pa.Table.from_batches([batch])
        except (pa.ArrowException, OSError) as exc:
            raise UsageError(f"{self.name}: not a readable Parquet file ({show(exc)})") from None


def open_source(path: Path, chunk_rows: int = 65_536) -> Source:
    """Check that ``path`` is a readable response file and read its header."""
    name = show(path.name)
    if not path.exists():
        raise UsageError(f"{name}: no such file")
    if not path.is_file():
        raise UsageError(f"{name}: not a file")
    try:
        with open(path, "rb") as f:
            magic = f.read(4)
    except OSError as exc:
        raise UsageError(f"{name}: cannot be read ({exc.strerror})") from None
    if magic in SAV_MAGIC:
        return _open_sav(path, chunk_rows)
    if magic == PARQUET_MAGIC:
        return _open_parquet(path, chunk_rows)
    source = Source(path, "csv", [], chunk_rows=chunk_rows, gzipped=magic[:2] == GZIP_MAGIC)
    with _binary(source) as f:
        line = _read_line(source, f, 1)
    text = _decode_line(source, line, 1, None)
    if not text.strip():
        raise UsageError(f"{name}: the file is empty")
    source.delimiter = _sniff(text)
    source.header = [h.strip() for h in next(csv.reader([text], delimiter=source.delimiter))]
    _check_names(source)
    return source


def _open_sav(path: Path, chunk_rows: int) -> Source:
    import pyreadstat

    try:
        _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as exc:
        raise UsageError(f"{show(path.name)}: not a readable SPSS file ({show(exc)})") from None
    source = Source(path, "sav", list(meta.column_names), chunk_rows=chunk_rows)
    source.labels = {k: v for k, v in meta.column_names_to_labels.items() if v}
    source.value_labels = dict(meta.variable_value_labels)
    _check_names(source)
    return source


def _open_parquet(path: Path, chunk_rows: int) -> Source:
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except (pa.ArrowException, OSError) as exc:
        raise UsageError(f"{show(path.name)}: not a readable Parquet file ({show(exc)})") from None
    source = Source(path, "parquet", list(schema.names), chunk_rows=chunk_rows)
    _check_names(source)
    return source


def _check_names(source: Source) -> None:
    seen: set[str] = set()
    for i, column in enumerate(source.header):
        if column in seen:
            raise UsageError(
                f"{source.name}: row 1, column {i + 1}: the column name '{show(column)}' "
                "occurs twice"
            )
        seen.add(column)


# --- answers ---------------------------------------------------------------------------------


def answers(
    source: Source, table: pa.Table, start: int, columns: tuple[str, ...], low: int, high: int
) -> npt.NDArray[np.float64]:
    """Responses (n, len(columns)) as floats, NaN for 0, -1 or empty; anything else is an error.

    ``start`` is the index of the table's first record in the file (for the row in a message).
    """
    missing = [c for c in columns if c not in source.header]
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise UsageError(
            f"{source.name}: row 1: missing item column {missing[0]} "
            f"(the instrument needs columns {columns[0]}..{columns[-1]}; missing: {shown})"
        )
    out = np.empty((table.num_rows, len(columns)), dtype=np.float64, order="F")
    for j, name in enumerate(columns):
        out[:, j] = _column_answers(source, table.column(name), start, name, low, high)
    return out


def _column_answers(
    source: Source, column: pa.ChunkedArray, start: int, name: str, low: int, high: int
) -> npt.NDArray[np.float64]:
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        values, unknown = _string_answers(column, low, high)
        for i in np.flatnonzero(unknown):  # " 3", "3.0": rare, checked one by one
            values[i] = _slow_value(source, start + int(i), name, column[int(i)].as_py(), low, high)
        return values
    if pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
        values = column.cast(pa.float64()).to_numpy(zero_copy_only=False).astype(np.float64)
        values[(values == 0) | (values == -1)] = np.nan
        bad = ~np.isnan(values) & ((values < low) | (values > high) | (values != np.round(values)))
        if bad.any():
            first = int(np.argmax(bad))
            _slow_value(source, start + first, name, column[first].as_py(), low, high)
        return values
    raise UsageError(
        f"{source.name}: row {source.row_of(start)}, column {show(name)}: holds "
        f"{column.type} values, not answers (expected numbers {low}-{high})"
    )


def _string_answers(
    column: pa.ChunkedArray, low: int, high: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """Answers and a mask of cells that are none of "", "0", "-1", "low".."high" (checked slowly).

    Answer files are almost all one-character cells, so the fast path reads Arrow's byte buffer
    directly: a cell's length from the offsets, its digit from the data (10x faster than a
    lookup per cell)."""
    parts_v, parts_u = [], []
    for chunk in column.cast(pa.string()).chunks:
        n = len(chunk)
        _, offsets_buf, data_buf = chunk.buffers()
        offsets = np.frombuffer(offsets_buf, np.int32, n + 1, chunk.offset * 4)
        data = np.frombuffer(data_buf, np.uint8) if data_buf is not None else np.empty(0, np.uint8)
        if not data.size:
            data = np.zeros(1, np.uint8)
        lengths = np.diff(offsets)
        first = data[np.minimum(offsets[:-1], len(data) - 1)].astype(np.int16) - ord("0")
        values = np.where((lengths == 1) & (first >= low) & (first <= high), first, np.nan)
        missing = (lengths == 0) | ((lengths == 1) & (first == 0))
        unknown = np.isnan(values) & ~missing
        if chunk.null_count:
            unknown &= ~np.asarray(chunk.is_null())  # a null (Parquet) is not answered
        two = np.flatnonzero(unknown & (lengths == 2))
        if two.size:  # "-1"
            minus_one = (data[offsets[two]] == ord("-")) & (data[offsets[two] + 1] == ord("1"))
            unknown[two[minus_one]] = False
        parts_v.append(values.astype(np.float64))
        parts_u.append(unknown)
    if not parts_v:
        return np.empty(0), np.zeros(0, bool)
    return np.concatenate(parts_v), np.concatenate(parts_u)


def _slow_value(source: Source, index: int, column: str, token: Any, low: int, high: int) -> float:
    t = str(token).strip() if token is not None else ""
    try:
        v = float(t) if t else 0.0
    except ValueError:
        v = np.nan
    if v in (0.0, -1.0):
        return np.nan
    if low <= v <= high and v == int(v):
        return float(v)
    shown = (
        repr(token[:40]) + ("..." if len(token) > 40 else "") if isinstance(token, str) else token
    )
    raise UsageError(
        f"{source.name}: row {source.row_of(index)}, column {show(column)}: {shown} is not an "
        f"answer (expected {low}-{high}, or 0, -1 or empty for not answered)"
    )


# --- CSV text, line by line with a limit -----------------------------------------------------


def _binary(source: Source) -> io.BufferedIOBase:
    if source.gzipped:
        return gzip.open(source.path, "rb")
    return open(source.path, "rb")  # noqa: SIM115 - the caller closes it


def _read_line(source: Source, f: io.BufferedIOBase, number: int) -> bytes:
    try:
        line = f.readline(MAX_LINE + 1)
    except (OSError, EOFError, zlib.error):
        raise UsageError(f"{source.name}: not a valid gzip file") from None
    if len(line) > MAX_LINE:
        raise UsageError(
            f"{source.name}: row {number}: a line longer than {MAX_LINE // (1 << 20)} MiB "
            "(not a CSV file of answers)"
        )
    return line


def _decode_line(source: Source, line: bytes, number: int, header: list[str] | None) -> str:
    try:
        return line.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        where = f"row {number}"
        field_no = line[: exc.start].count(source.delimiter.encode())
        if header is not None and field_no < len(header):
            where += f", column {show(header[field_no])}"
        raise UsageError(
            f"{source.name}: {where}: bytes that are not UTF-8 text (save the file as UTF-8 CSV)"
        ) from None


class _text_lines:
    """Decoded lines of a CSV (for the `csv` module), each at most MAX_LINE bytes."""

    def __init__(self, source: Source) -> None:
        self.source = source

    def __enter__(self) -> Iterator[str]:
        self.f = _binary(self.source)
        return self._lines()

    def __exit__(self, *exc: object) -> None:
        self.f.close()

    def _lines(self) -> Iterator[str]:
        number = 0
        while True:
            number += 1
            line = _read_line(self.source, self.f, number)
            if not line:
                return
            yield _decode_line(self.source, line, number, self.source.header)


def _blank(record: list[str], header: list[str]) -> bool:
    return not record or (len(record) == 1 and not record[0].strip() and len(header) > 1)


def _sniff(header_line: str) -> str:
    counts = [header_line.count(d) for d in DELIMITERS]
    return DELIMITERS[counts.index(max(counts))] if max(counts) else ","


def _ragged(record: list[str], header: list[str]) -> str:
    if len(record) < len(header):
        return (
            f"{len(record)} fields but the header has {len(header)}: "
            f"column {show(header[len(record)])} and after are missing"
        )
    return (
        f"{len(record)} fields but the header has {len(header)}: "
        f"extra field in column {len(header) + 1} (after {show(header[-1])})"
    )
