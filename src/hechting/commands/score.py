"""`hechting score INPUT --instrument {ecr,ecr-s,rses} [-o OUTPUT] [--format csv|json]`.

Reads a CSV (comma, semicolon or tab; .gz fine) with item columns Q1..Q36 (ECR-S: its twelve ECR
numbers; RSES: Q1..Q10), answers 1-5 (RSES 1-4), 0 / -1 / empty = not answered. Every other
column is passed through. One output row per input row, in input order. The whole file is
checked before anything is written; a file that cannot be scored gets one line on stderr naming
the row and column, exit status 2 and no output file.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

import numpy as np
import numpy.typing as npt

from hechting.cli import UsageError
from hechting.commands.table import LARGE_FILE_ROWS, Table, read_table, response_matrix
from hechting.psychometrics.instruments import FloatArray

INSTRUMENTS = ("ecr", "ecr-s", "rses")
ECR_COLUMNS = (
    "anxiety_mean", "avoidance_mean", "anxiety_theta", "anxiety_se", "avoidance_theta",
    "avoidance_se", "anxiety_percentile", "avoidance_percentile",
    "p_secure", "p_anxious", "p_avoidant", "p_fearful", "style", "note",
)  # fmt: skip
RSES_COLUMNS = ("rses_sum", "rses_mean", "rses_percentile", "rses_t", "note")
DECIMALS = {"percentile": 1, "rses_t": 1}

Value = str | float | None  # None = empty


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", type=Path, metavar="INPUT", help="CSV file (.csv or .csv.gz)")
    parser.add_argument(
        "--instrument",
        required=True,
        choices=INSTRUMENTS,
        help="ecr: Q1..Q36; ecr-s: its twelve ECR columns; rses: Q1..Q10",
    )
    parser.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    parser.add_argument(
        "--format", choices=("csv", "json"), help="output format (default: from -o, else csv)"
    )


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("json" if args.output and args.output.suffix == ".json" else "csv")
    if args.output is not None and not args.output.parent.is_dir():
        raise UsageError(f"{args.output}: its folder does not exist")
    table = read_table(args.input)
    passed, columns, values, statement = score_table(table, args.instrument)
    header = [table.header[i] for i in passed] + list(columns)
    rows: list[list[Value]] = [
        [*(table.rows[r][i] for i in passed), *values[r]] for r in range(len(table.rows))
    ]
    if fmt == "json":
        text = _json(args.instrument, statement, header, rows)
        _emit(args.output, lambda f: f.write(text))
    else:
        _emit(args.output, lambda f: _csv(f, table.delimiter, header, rows))
    return 0


def score_table(
    table: Table, instrument: str
) -> tuple[list[int], Sequence[str], list[list[Value]], str]:
    """Validate and score: (passed-through column positions, score columns, values, norms)."""
    from hechting.psychometrics.instruments import load_instrument

    inst = load_instrument(instrument)
    items = inst.item_ids
    out_columns = RSES_COLUMNS if instrument == "rses" else ECR_COLUMNS
    for name in out_columns:
        if name in table.header and name not in items:
            raise UsageError(
                f"{table.name}: row 1, column {name}: this name is an output column; "
                "rename or remove it"
            )
    raw = response_matrix(table, items, inst.response_min, inst.response_max)
    passed = [i for i, name in enumerate(table.header) if name not in items]
    if instrument == "rses":
        values, statement = _score_rses(raw)
    else:
        values, statement = _score_ecr(raw, items, instrument)
    return passed, out_columns, values, statement


def _score_ecr(
    raw: FloatArray, items: Sequence[str], instrument: str
) -> tuple[list[list[Value]], str]:
    from hechting.psychometrics.attachment import load_attachment_model

    model = load_attachment_model()
    full = np.full((raw.shape[0], len(model.item_ids)), np.nan)
    full[:, [model.item_ids.index(i) for i in items]] = raw
    s = model.score(full, "ecr-s" if instrument == "ecr-s" else "ecr")
    # In a data file a scale without enough answers gets no scores at all (not only no mean).
    ok_anx = ~np.isnan(s.anxiety_mean)
    ok_av = ~np.isnan(s.avoidance_mean)
    both = ok_anx & ok_av
    cols: list[tuple[npt.NDArray[np.generic], npt.NDArray[np.bool_]]] = [
        (s.anxiety_mean, ok_anx),
        (s.avoidance_mean, ok_av),
        (s.anxiety_theta, ok_anx),
        (s.anxiety_se, ok_anx),
        (s.avoidance_theta, ok_av),
        (s.avoidance_se, ok_av),
        (s.anxiety_percentile, ok_anx),
        (s.avoidance_percentile, ok_av),
        (s.p_secure, both),
        (s.p_anxious, both),
        (s.p_avoidant, both),
        (s.p_fearful, both),
        (s.style, both),
        (s.note, np.ones_like(both)),
    ]
    decimals = [DECIMALS.get(name.rsplit("_", 1)[-1], 4) for name in ECR_COLUMNS]
    values = _columns_to_rows(cols, decimals)
    assert model.norms is not None
    return values, model.norms.statement


def _score_rses(raw: FloatArray) -> tuple[list[list[Value]], str]:
    from hechting.psychometrics.instruments import load_instrument
    from hechting.psychometrics.norms import load_norms
    from hechting.psychometrics.scoring import NO_ANSWERS, classical_scores

    norms = load_norms("rses")
    score = classical_scores(load_instrument("rses"), raw)["self_esteem"]
    note = np.array(
        [
            ""
            if r == ""
            else "self-esteem: no items answered"
            if r == NO_ANSWERS
            else f"self-esteem: {k} of {score.n_items} items answered, "
            f"at least {score.min_answered} needed"
            for r, k in zip(score.reason, score.n_answered, strict=True)
        ]
    )
    ok = ~np.isnan(score.mean)
    cols = [
        (score.total, ok),
        (score.mean, ok),
        (norms["rses/sum"].percentile(score.total), ok),
        (norms["rses/sum"].t_score(score.total), ok),
        (note, np.ones_like(ok)),
    ]
    return _columns_to_rows(cols, [4, 4, 1, 1, 0]), norms.statement


def _columns_to_rows(
    cols: Sequence[tuple[npt.NDArray[np.generic], npt.NDArray[np.bool_]]], decimals: Sequence[int]
) -> list[list[Value]]:
    converted: list[list[Value]] = []
    for (values, ok), places in zip(cols, decimals, strict=True):
        if values.dtype.kind in "US":
            converted.append([str(v) if k else None for v, k in zip(values, ok, strict=True)])
        else:
            rounded = np.round(values.astype(np.float64), places)
            converted.append(
                [
                    float(v) if k and not math.isnan(v) else None
                    for v, k in zip(rounded.tolist(), ok, strict=True)
                ]
            )
    return [list(row) for row in zip(*converted, strict=True)]


def _cell(v: Value) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v + 0.0:.10g}"  # + 0.0 turns -0.0 into 0.0
    return v


def _csv(f: TextIO, delimiter: str, header: list[str], rows: list[list[Value]]) -> None:
    writer = csv.writer(f, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    if len(rows) >= LARGE_FILE_ROWS:
        from tqdm import tqdm

        rows = tqdm(rows, desc="writing", unit=" rows", file=sys.stderr, leave=False)
    for row in rows:
        writer.writerow([_cell(v) for v in row])


def _json(instrument: str, statement: str, header: list[str], rows: list[list[Value]]) -> str:
    doc = {
        "instrument": instrument,
        "norms": statement,
        "columns": header,
        "rows": [dict(zip(header, row, strict=True)) for row in rows],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _emit(output: Path | None, write: Callable[[TextIO], object]) -> None:
    """Write to stdout, or to a temporary file renamed to ``output`` only when complete."""
    if output is None:
        try:
            write(sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:  # e.g. `hechting score ... | head`: not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    fd, tmp = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            write(f)
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
