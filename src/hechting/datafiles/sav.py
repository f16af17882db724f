"""The one SPSS (.sav) writer: `hechting score --format sav` and the practice export use it.

A thin typed layer over pyreadstat (ReadStat, the library R's haven also uses) so that every
caller declares the same things: a variable label, value labels for coded variables, and which
codes are user-missing. Empty numeric cells (NaN) are SPSS's system-missing value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

Measure = Literal["nominal", "ordinal", "scale", "unknown"]


@dataclass(frozen=True)
class Variable:
    """How one column of the frame is described in the .sav dictionary."""

    name: str
    label: str = ""
    value_labels: Mapping[int | float, str] = field(default_factory=dict)
    missing: tuple[int | float, ...] = ()  # user-missing codes (numeric variables only)
    measure: Measure = "unknown"


def write_sav(
    path: str | os.PathLike[str],
    frame: pd.DataFrame,
    variables: Sequence[Variable],
    *,
    file_label: str = "",
) -> None:
    """Write ``frame`` (one column per variable, same names, same order) as a compressed .sav."""
    import pyreadstat

    names = [v.name for v in variables]
    if list(frame.columns) != names:
        raise ValueError(f"frame columns {list(frame.columns)} differ from variables {names}")
    pyreadstat.write_sav(
        frame,
        os.fspath(path),
        file_label=file_label[:64],
        column_labels={v.name: v.label or None for v in variables},
        row_compress=True,
        variable_value_labels={v.name: dict(v.value_labels) for v in variables if v.value_labels},
        missing_ranges={v.name: list(v.missing) for v in variables if v.missing},
        variable_measure={v.name: v.measure for v in variables if v.measure != "unknown"},
    )
