"""Norms: percentiles and T-scores relative to a calibration sample, with provenance.

Percentiles are mid-rank percentiles, ``100 * (#below + #equal / 2) / N``:
- discrete scores (classical means and sums) keep every distinct observed value; a score between
  two observed values (e.g. a mean over fewer items) is interpolated linearly between their
  mid-rank percentiles; below the lowest observed value it is 0, above the highest 100.
- continuous scores (EAP thetas) are tabulated at fixed knots (every 0.05 from -5 to 5) and
  interpolated linearly between knots.
T-scores are linear: ``T = 50 + 10 * (x - mean) / sd`` with the sample mean and SD.

Norms say whose they are (``statement``): e.g. an international online sample, not a Dutch
population.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from hechting.psychometrics.instruments import FloatArray

Kind = Literal["discrete", "continuous"]
CONTINUOUS_KNOTS = np.round(np.arange(-5.0, 5.0 + 1e-9, 0.05), 2)
DIGITS = 4


@dataclass(frozen=True)
class NormTable:
    """Percentile table of one score. values (V,) ascending, percentiles (V,) in 0..100."""

    name: str
    kind: Kind
    n: int
    mean: float
    sd: float
    values: tuple[float, ...]
    percentiles: tuple[float, ...]

    def percentile(self, x: npt.ArrayLike) -> FloatArray:
        """Percentile (0..100) of each score in x (any shape); NaN stays NaN."""
        xs = np.asarray(x, dtype=np.float64)
        values = np.asarray(self.values)
        pct = np.asarray(self.percentiles)
        if self.kind == "discrete":
            left, right = 0.0, 100.0
        else:
            left, right = pct[0], pct[-1]
        out = np.interp(xs, values, pct, left=left, right=right)
        return np.where(np.isnan(xs), np.nan, out)

    def t_score(self, x: npt.ArrayLike) -> FloatArray:
        """Linear T-score 50 + 10 z (NaN stays NaN)."""
        return 50.0 + 10.0 * (np.asarray(x, dtype=np.float64) - self.mean) / self.sd


def mid_rank_percentiles(sample: npt.ArrayLike, at: npt.ArrayLike) -> FloatArray:
    """Mid-rank percentile of each value of ``at`` within ``sample`` (NaN in sample ignored)."""
    s = np.sort(np.asarray(sample, dtype=np.float64).ravel())
    s = s[~np.isnan(s)]
    a = np.asarray(at, dtype=np.float64)
    below = np.searchsorted(s, a, side="left")
    upto = np.searchsorted(s, a, side="right")
    return np.asarray(100.0 * (below + 0.5 * (upto - below)) / s.size, dtype=np.float64)


def build_norm_table(name: str, scores: npt.ArrayLike, kind: Kind) -> NormTable:
    """Norm table of ``scores`` (n,), NaN ignored. Values and percentiles rounded to 4 decimals."""
    s = np.asarray(scores, dtype=np.float64).ravel()
    s = s[~np.isnan(s)]
    if s.size < 2:
        raise ValueError(f"norms {name!r} need at least 2 scores, got {s.size}")
    values = np.unique(np.round(s, 10)) if kind == "discrete" else CONTINUOUS_KNOTS
    pct = mid_rank_percentiles(s, values)
    return NormTable(
        name=name,
        kind=kind,
        n=int(s.size),
        mean=round(float(s.mean()), 6),
        sd=round(float(s.std(ddof=1)), 6),
        values=tuple(round(float(v), 10 if kind == "discrete" else 2) for v in values),
        percentiles=tuple(round(float(p), DIGITS) for p in pct),
    )


_NUMBER_LIST = re.compile(r"\[\s*([-+0-9.eE,\s]*?)\s*\]")


def dump_json(doc: Any) -> str:
    """JSON with one key per line but lists of numbers on one line (readable, diff-friendly)."""
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    return _NUMBER_LIST.sub(lambda m: "[" + " ".join(m.group(1).split()) + "]", text) + "\n"


@dataclass(frozen=True)
class Norms:
    """A set of norm tables with the statement of whose norms they are and their provenance."""

    instrument: str
    statement: str
    tables: Mapping[str, NormTable]
    provenance: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> NormTable:
        return self.tables[name]

    def to_json(self) -> str:
        doc = {
            "instrument": self.instrument,
            "statement": self.statement,
            "provenance": self.provenance,
            "tables": {
                name: {
                    "kind": t.kind,
                    "n": t.n,
                    "mean": t.mean,
                    "sd": t.sd,
                    "values": list(t.values),
                    "percentiles": list(t.percentiles),
                }
                for name, t in self.tables.items()
            },
        }
        return dump_json(doc)

    @classmethod
    def from_json(cls, text: str) -> Norms:
        doc = json.loads(text)
        tables = {
            name: NormTable(
                name=name,
                kind=t["kind"],
                n=int(t["n"]),
                mean=float(t["mean"]),
                sd=float(t["sd"]),
                values=tuple(float(v) for v in t["values"]),
                percentiles=tuple(float(p) for p in t["percentiles"]),
            )
            for name, t in doc["tables"].items()
        }
        return cls(
            instrument=doc["instrument"],
            statement=doc["statement"],
            tables=tables,
            provenance=doc["provenance"],
        )

    def save(self, path: Path) -> None:
        path.write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Norms:
        return cls.from_json(path.read_text(encoding="utf-8"))


@cache
def load_norms(instrument: str) -> Norms:
    """The committed norms of ``instrument`` ("ecr" or "rses"), read once from package data."""
    path = resources.files("hechting.instruments").joinpath("norms", f"{instrument}-norms.json")
    return Norms.from_json(path.read_text(encoding="utf-8"))
