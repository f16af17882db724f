"""`hechting score INPUT --instrument {ecr,ecr-s,rses} [-o OUTPUT] [--format csv|json|sav|parquet]`.

INPUT is a CSV (comma, semicolon or tab; .gz fine), an SPSS .sav or a Parquet file, told apart
by their first bytes. Item columns Q1..Q36 (ECR-S: its twelve ECR numbers; RSES: Q1..Q10),
answers 1-5 (RSES 1-4), 0 / -1 / empty = not answered. Every other column is passed through.
One output row per input row, in input order.

The file is read and scored in chunks, so memory stays flat at any size (a .sav output is the
exception: it is assembled in memory, see `docs/researchers.md`). Output goes to a temporary
file first and reaches OUTPUT (or stdout) only when the whole file has been scored: a file that
cannot be scored gets one line on stderr naming the row and column, exit status 2, and OUTPUT
is left as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from queue import Empty, Full, Queue
from typing import Any, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hechting.cli import UsageError
from hechting.datafiles.output import Output
from hechting.datafiles.sources import Source, answers, open_source
from hechting.datafiles.text import show
from hechting.psychometrics.styles import STYLES

INSTRUMENTS = ("ecr", "ecr-s", "rses")
FORMATS = ("csv", "json", "sav", "parquet")
SUFFIXES = {".json": "json", ".sav": "sav", ".parquet": "parquet", ".pq": "parquet"}
ECR_COLUMNS = (
    "anxiety_mean", "avoidance_mean", "anxiety_theta", "anxiety_se", "avoidance_theta",
    "avoidance_se", "anxiety_percentile", "avoidance_percentile",
    "p_secure", "p_anxious", "p_avoidant", "p_fearful", "style", "note",
)  # fmt: skip
RSES_COLUMNS = ("rses_sum", "rses_mean", "rses_percentile", "rses_t", "note")
DECIMALS = {"percentile": 1, "rses_t": 1}
T = TypeVar("T")
CHUNK_ROWS = 16_384  # rows scored at a time (Arrow blocks add up to ~50,000): flat memory


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "input", type=Path, metavar="INPUT", help="CSV (.csv, .csv.gz), SPSS (.sav) or Parquet"
    )
    parser.add_argument(
        "--instrument",
        required=True,
        choices=INSTRUMENTS,
        help="ecr: Q1..Q36; ecr-s: its twelve ECR columns; rses: Q1..Q10",
    )
    parser.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    parser.add_argument(
        "--format", choices=FORMATS, help="output format (default: from -o's suffix, else csv)"
    )
    parser.add_argument(
        "--language",
        choices=("en", "nl"),
        default="en",
        help="language of the variable and value labels in a .sav (default: en)",
    )


def run(args: argparse.Namespace) -> int:
    fmt = args.format or SUFFIXES.get(args.output.suffix.lower() if args.output else "", "csv")
    target = Output(args.output)  # refuses a folder or a socket before any work is done
    source = open_source(args.input, CHUNK_ROWS)
    scorer = Scorer(args.instrument)
    scorer.check_header(source)
    passed = [name for name in source.header if name not in scorer.items]
    with target:
        sink = SINKS[fmt](target.path, source, passed, scorer, args.language)
        try:
            _score_chunks(source, scorer, sink)
        finally:
            sink.close()
        sink.finish()
    return 0


def _score_chunks(source: Source, scorer: Scorer, sink: Sink) -> None:
    """Read, score and write chunk after chunk. Reading (with the answer check) and writing run
    in threads beside the scoring: Arrow and numpy release the GIL, so the two cores overlap
    them (about a third off the wall time of a large file)."""
    from tqdm import tqdm

    def read() -> Iterator[tuple[pa.Table, np.ndarray[Any, np.dtype[np.float64]]]]:
        done = 0
        for table in source.chunks():
            yield table, answers(source, table, done, scorer.items, scorer.low, scorer.high)
            done += table.num_rows

    with (
        tqdm(desc="scoring", unit=" rows", file=sys.stderr, leave=False,
             disable=not sys.stderr.isatty()) as bar,
        ThreadPoolExecutor(1) as writer,
    ):  # fmt: skip
        pending: Future[None] | None = None
        for table, raw in _ahead(read()):
            scores = scorer.score(raw)
            if pending is not None:
                pending.result()  # in order, and a failed write stops the run
            pending = writer.submit(sink.write, table.select(sink.passed), scores)
            bar.update(table.num_rows)
        if pending is not None:
            pending.result()


def _ahead(items: Iterator[T], depth: int = 1) -> Iterator[T]:
    """Iterate ``items`` in a background thread, at most ``depth`` items ahead; its exceptions
    are raised here, and leaving the loop early stops the thread."""
    queue: Queue[tuple[bool, Any]] = Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        queue.put((True, item), timeout=0.1)
                        break
                    except Full:
                        continue
                if stop.is_set():
                    return
            queue.put((False, None))
        except BaseException as exc:  # handed to the consumer, raised there
            queue.put((False, exc))

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    try:
        while True:
            ok, item = queue.get()
            if not ok:
                if item is not None:
                    raise item
                return
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting to put
            with contextlib.suppress(Empty):
                queue.get(timeout=0.1)
        thread.join()


class Scorer:
    """One instrument's scoring of a chunk of answers into Arrow columns (rounded, null = empty)."""

    def __init__(self, instrument: str) -> None:
        from hechting.psychometrics.instruments import load_instrument

        inst = load_instrument(instrument)
        self.instrument = instrument
        self.items: tuple[str, ...] = tuple(inst.item_ids)
        self.low, self.high = inst.response_min, inst.response_max
        self.columns = RSES_COLUMNS if instrument == "rses" else ECR_COLUMNS
        # decimals of each number column
        self.places: dict[str, int] = (
            {"rses_sum": 4, "rses_mean": 4, "rses_percentile": 1, "rses_t": 1}
            if instrument == "rses"
            else {
                name: DECIMALS.get(name.rsplit("_", 1)[-1], 4)
                for name in ECR_COLUMNS
                if name not in ("style", "note")
            }
        )
        if instrument == "rses":
            from hechting.psychometrics.norms import load_norms

            self.rses_norms = load_norms("rses")
            self.statement = self.rses_norms.statement
        else:
            from hechting.psychometrics.attachment import load_attachment_model

            self.model = load_attachment_model()
            assert self.model.norms is not None
            self.statement = self.model.norms.statement

    def check_header(self, source: Source) -> None:
        for name in self.columns:
            if name in source.header and name not in self.items:
                raise UsageError(
                    f"{source.name}: row 1, column {name}: this name is an output column; "
                    "rename or remove it"
                )

    def score(self, raw: np.ndarray[Any, np.dtype[np.float64]]) -> list[pa.Array]:
        return self._rses(raw) if self.instrument == "rses" else self._ecr(raw)

    def _ecr(self, raw: np.ndarray[Any, np.dtype[np.float64]]) -> list[pa.Array]:
        model = self.model
        full = np.full((raw.shape[0], len(model.item_ids)), np.nan)
        full[:, [model.item_ids.index(i) for i in self.items]] = raw
        s = model.score(full, self.instrument)  # type: ignore[arg-type]
        # In a data file a scale without enough answers gets no scores at all (not only no mean).
        ok_anx = ~np.isnan(s.anxiety_mean)
        ok_av = ~np.isnan(s.avoidance_mean)
        both = ok_anx & ok_av
        ok = {"anxiety": ok_anx, "avoidance": ok_av}
        out = []
        for name in ECR_COLUMNS:
            values = getattr(s, name)
            if name in ("note", "style"):
                out.append(_few_strings(values, both if name == "style" else None))
            else:
                valid = ok.get(name.split("_", 1)[0], both)
                out.append(_numbers(values, valid, self.places[name]))
        return out

    def _rses(self, raw: np.ndarray[Any, np.dtype[np.float64]]) -> list[pa.Array]:
        from hechting.psychometrics.instruments import load_instrument
        from hechting.psychometrics.scoring import NO_ANSWERS, classical_scores

        score = classical_scores(load_instrument("rses"), raw)["self_esteem"]
        note = [
            ""
            if r == ""
            else "self-esteem: no items answered"
            if r == NO_ANSWERS
            else f"self-esteem: {k} of {score.n_items} items answered, "
            f"at least {score.min_answered} needed"
            for r, k in zip(score.reason.tolist(), score.n_answered.tolist(), strict=True)
        ]
        ok = ~np.isnan(score.mean)
        table = self.rses_norms["rses/sum"]
        return [
            _numbers(score.total, ok, self.places["rses_sum"]),
            _numbers(score.mean, ok, self.places["rses_mean"]),
            _numbers(table.percentile(score.total), ok, self.places["rses_percentile"]),
            _numbers(table.t_score(score.total), ok, self.places["rses_t"]),
            _few_strings(np.array(note)),
        ]


# Arrays are built from buffers: `pa.array` imports pandas, half a second of start-up.


def _numbers(values: np.ndarray[Any, Any], ok: np.ndarray[Any, Any], places: int) -> pa.Array:
    rounded = np.round(values.astype(np.float64), places) + 0.0  # + 0.0 turns -0.0 into 0.0
    valid = ok & ~np.isnan(rounded)
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
    return pa.Array.from_buffers(pa.float64(), len(rounded), [bitmap, pa.py_buffer(rounded)])


def _few_strings(values: np.ndarray[Any, Any], ok: np.ndarray[Any, Any] | None = None) -> pa.Array:
    """A text column with few distinct values (styles, notes), built by Arrow's `take` from
    codes; the four styles are found by comparison (sorting strings to find them is slower)."""
    index = np.zeros(len(values), np.int64)
    words = ["", *STYLES]
    for code, word in enumerate(STYLES, 1):
        index[values == word] = code
    rest = np.flatnonzero((index == 0) & (values != ""))
    if rest.size:
        distinct, inverse = np.unique(values[rest], return_inverse=True)
        index[rest] = len(words) + inverse.ravel()
        words += distinct.tolist()
    bitmap = None if ok is None else pa.py_buffer(np.packbits(ok, bitorder="little"))
    indices = pa.Array.from_buffers(pa.int64(), len(index), [bitmap, pa.py_buffer(index)])
    return _strings(words).take(indices)


def _strings(values: list[str], ok: np.ndarray[Any, Any] | None = None) -> pa.Array:
    encoded = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, np.int32)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    bitmap = None if ok is None else pa.py_buffer(np.packbits(ok, bitorder="little"))
    buffers = [bitmap, pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    return pa.Array.from_buffers(pa.string(), len(encoded), buffers)


# --- output formats --------------------------------------------------------------------------


class Sink:
    """Writes scored chunks to ``path``; `close` always runs, `finish` only after success."""

    def __init__(
        self, path: Path, source: Source, passed: list[str], scorer: Scorer, language: str
    ) -> None:
        self.path, self.source, self.passed, self.scorer = path, source, passed, scorer
        self.language = language
        self.names = [*passed, *scorer.columns]

    def table(self, passed: pa.Table, scores: Sequence[pa.Array]) -> pa.Table:
        columns = [_plain(c) for c in passed.columns] + list(scores)
        return pa.Table.from_arrays(columns, names=self.names)

    def write(self, passed: pa.Table, scores: Sequence[pa.Array]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def finish(self) -> None:
        pass


def _plain(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Dictionary-encoded columns (pandas categories) as plain values, which every writer takes."""
    return column.dictionary_decode() if pa.types.is_dictionary(column.type) else column


class CsvSink(Sink):
    """CSV quoted as the csv module does (only cells that need it), formatted by Arrow in C++:
    each column becomes text, the columns are joined into lines, and the lines' bytes are
    written as one buffer per chunk."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.delimiter = self.source.delimiter
        self.file = pa.OSFile(str(self.path), "wb")
        header = io.StringIO()
        csv.writer(header, delimiter=self.delimiter, lineterminator="\n").writerow(self.names)
        self.file.write(header.getvalue().encode("utf-8"))
        self.special = "[" + "".join(sorted({self.delimiter, '"', "\n", "\r"})) + "]"
        # Scalars from arrays: `pa.scalar` (also implicit, from a str argument) imports pandas.
        texts = _strings([self.delimiter, "", "\n", '"', "true", "false"])
        self.sep, self.empty, self.newline, self.quote, self.true, self.false = texts

    def write(self, passed: pa.Table, scores: Sequence[pa.Array]) -> None:
        table = self.table(passed, scores)
        cells = [self._text(column) for column in table.columns]
        lines = pc.binary_join_element_wise(*cells, self.sep)
        lines = pc.binary_join_element_wise(lines, self.empty, self.newline).combine_chunks()
        offsets = np.frombuffer(lines.buffers()[1], np.int32, len(lines) + 1, lines.offset * 4)
        data = lines.buffers()[2]
        if data is not None:
            self.file.write(data.slice(int(offsets[0]), int(offsets[-1] - offsets[0])))

    def _text(self, column: pa.ChunkedArray) -> pa.ChunkedArray:
        if pa.types.is_boolean(column.type):
            column = pc.if_else(column, self.true, self.false)
        text = pc.fill_null(column.cast(pa.string()), self.empty)
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            return text  # numbers, dates: never a delimiter, quote or line break
        needs = pc.match_substring_regex(text, self.special)
        if not pc.any(needs).as_py():
            return text
        doubled = pc.replace_substring(text, pattern='"', replacement='""')
        quoted = pc.binary_join_element_wise(self.quote, doubled, self.quote, self.empty)
        return pc.if_else(needs, quoted, text)

    def close(self) -> None:
        self.file.close()


class JsonSink(Sink):
    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.file = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        head = {"instrument": self.scorer.instrument, "norms": self.scorer.statement}
        self.file.write(json.dumps(head, ensure_ascii=False)[:-1])
        self.file.write(', "columns": ' + json.dumps(self.names, ensure_ascii=False))
        self.file.write(', "rows": [')
        self.first = True

    def write(self, passed: pa.Table, scores: Sequence[pa.Array]) -> None:
        for row in self.table(passed, scores).to_pylist():
            self.file.write("\n" if self.first else ",\n")
            self.file.write(json.dumps(row, ensure_ascii=False, default=str))
            self.first = False

    def close(self) -> None:
        if not self.file.closed:
            self.file.write("\n]}\n")
            self.file.close()


class ParquetSink(Sink):
    writer: Any = None

    def write(self, passed: pa.Table, scores: Sequence[pa.Array]) -> None:
        import pyarrow.parquet as pq

        table = self.table(passed, scores)
        if self.writer is None:
            schema = table.schema.with_metadata(
                {
                    "hechting.instrument": self.scorer.instrument,
                    "hechting.norms": self.scorer.statement,
                }
            )
            self.writer = pq.ParquetWriter(str(self.path), schema)
        try:
            table = table.cast(self.writer.schema)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError):
            raise UsageError(
                f"{self.source.name}: the column types change within the file "
                "(cannot be one Parquet schema)"
            ) from None
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


class SavSink(Sink):
    """Collects the scored chunks compactly, then writes them with the shared SPSS writer."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.parts: list[pa.Table] = []

    def write(self, passed: pa.Table, scores: Sequence[pa.Array]) -> None:
        self.parts.append(self.table(passed, scores))

    def finish(self) -> None:
        from hechting.commands.score_labels import sav_frame

        frame, variables = sav_frame(
            pa.concat_tables(self.parts),
            self.source,
            self.passed,
            self.scorer.columns,
            self.language,
        )
        self.parts.clear()
        from hechting.datafiles.sav import write_sav

        write_sav(
            self.path, frame, variables, file_label=f"Hechting scores: {self.scorer.instrument}"
        )


SINKS: dict[str, type[Sink]] = {
    "csv": CsvSink,
    "json": JsonSink,
    "sav": SavSink,
    "parquet": ParquetSink,
}

__all__ = ["ECR_COLUMNS", "RSES_COLUMNS", "Scorer", "run", "show"]
