"""The SPSS dictionary of `hechting score` output: variable labels (English or Dutch), the coded
`style` with value labels, and the declared missing values.

These labels describe data columns for researchers (like the instrument texts in
`instruments/`), so they live here as data in both languages rather than in Django's catalogues:
the command runs without Django.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hechting.cli import UsageError
from hechting.datafiles.sav import Variable
from hechting.datafiles.text import show

if TYPE_CHECKING:
    import pandas as pd

    from hechting.datafiles.sources import Source

# column: (English, Dutch). Dutch terms as docs/glossary.md names them.
LABELS: dict[str, tuple[str, str]] = {
    "anxiety_mean": (
        "Anxiety: mean of the keyed items (1-5)",
        "Hechtingsangst: gemiddelde van de gescoorde items (1-5)",
    ),
    "avoidance_mean": (
        "Avoidance: mean of the keyed items (1-5)",
        "Hechtingsvermijding: gemiddelde van de gescoorde items (1-5)",
    ),
    "anxiety_theta": ("Anxiety: IRT score (EAP theta)", "Hechtingsangst: IRT-score (EAP-theta)"),
    "anxiety_se": (
        "Anxiety: standard error of the IRT score",
        "Hechtingsangst: standaardfout van de IRT-score",
    ),
    "avoidance_theta": (
        "Avoidance: IRT score (EAP theta)",
        "Hechtingsvermijding: IRT-score (EAP-theta)",
    ),
    "avoidance_se": (
        "Avoidance: standard error of the IRT score",
        "Hechtingsvermijding: standaardfout van de IRT-score",
    ),
    "anxiety_percentile": (
        "Anxiety: percentile in the norm group",
        "Hechtingsangst: percentiel in de normgroep",
    ),
    "avoidance_percentile": (
        "Avoidance: percentile in the norm group",
        "Hechtingsvermijding: percentiel in de normgroep",
    ),
    "p_secure": ("Probability of the secure style", "Kans op de veilige stijl"),
    "p_anxious": ("Probability of the anxious style", "Kans op de angstige stijl"),
    "p_avoidant": ("Probability of the avoidant style", "Kans op de vermijdende stijl"),
    "p_fearful": ("Probability of the fearful style", "Kans op de angstig-vermijdende stijl"),
    "style": ("Most probable attachment style", "Meest waarschijnlijke hechtingsstijl"),
    "note": ("Why a scale was not scored", "Waarom een schaal geen score kreeg"),
    "rses_sum": (
        "Self-esteem: sum of the keyed items (10-40)",
        "Zelfwaardering: som van de gescoorde items (10-40)",
    ),
    "rses_mean": (
        "Self-esteem: mean of the keyed items (1-4)",
        "Zelfwaardering: gemiddelde van de gescoorde items (1-4)",
    ),
    "rses_percentile": (
        "Self-esteem: percentile in the norm group",
        "Zelfwaardering: percentiel in de normgroep",
    ),
    "rses_t": (
        "Self-esteem: T-score (mean 50, SD 10)",
        "Zelfwaardering: T-score (gemiddelde 50, SD 10)",
    ),
}
# The CSV's style words, coded for SPSS; the English labels are exactly the CSV's values.
STYLE_CODES = {"secure": 1, "anxious": 2, "avoidant": 3, "fearful": 4}
STYLE_LABELS_NL = {
    "secure": "veilig",
    "anxious": "angstig",
    "avoidant": "vermijdend",
    "fearful": "angstig-vermijdend",
}
NOT_SCORED = 9  # style code of a person without a style: declared user-missing
NOT_SCORED_LABEL = ("not scored (too few answers)", "geen score (te weinig antwoorden)")
SPSS_NAME = re.compile(r"^[A-Za-z@\u00c0-\uffff][\w.@#$\u00c0-\uffff]{0,63}$")


def sav_frame(
    table: pa.Table, source: Source, passed: Sequence[str], columns: Sequence[str], language: str
) -> tuple[pd.DataFrame, list[Variable]]:
    """The scored table as a DataFrame for `write_sav`, with its variables described."""
    import pandas as pd

    nl = language == "nl"
    data: dict[str, object] = {}
    variables: list[Variable] = []
    for name in passed:
        if not SPSS_NAME.match(name) or name.endswith("."):
            raise UsageError(
                f"{source.name}: row 1, column {show(name)}: not a valid SPSS variable name "
                "(letters, digits and _ . @ # $, starting with a letter); "
                "rename it for --format sav"
            )
        data[name] = _passed_values(table.column(name))
        variables.append(
            Variable(
                name=name,
                label=source.labels.get(name, ""),
                value_labels=source.value_labels.get(name, {}),
            )
        )
    for name in columns:
        label = LABELS[name][1 if nl else 0]
        if name == "style":
            words = table.column(name).to_pylist()
            data[name] = np.array(
                [STYLE_CODES[w] if w else NOT_SCORED for w in words], dtype=np.float64
            )
            value_labels: dict[int | float, str] = {
                code: STYLE_LABELS_NL[w] if nl else w for w, code in STYLE_CODES.items()
            }
            value_labels[NOT_SCORED] = NOT_SCORED_LABEL[1 if nl else 0]
            variables.append(
                Variable(name, label, value_labels, missing=(NOT_SCORED,), measure="nominal")
            )
        elif name == "note":
            data[name] = np.array(table.column(name).to_pylist(), dtype=object)
            variables.append(Variable(name, label, measure="nominal"))
        else:
            data[name] = table.column(name).to_numpy(zero_copy_only=False).astype(np.float64)
            variables.append(Variable(name, label, measure="scale"))
    return pd.DataFrame(data, copy=False), variables


def _passed_values(column: pa.ChunkedArray) -> np.ndarray:
    """Numbers as numbers (a CSV's `age` becomes numeric in SPSS), anything else as text."""
    if pa.types.is_integer(column.type) or pa.types.is_floating(column.type):
        return column.cast(pa.float64()).to_numpy(zero_copy_only=False)
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        text = column.cast(pa.string())
        try:
            stripped = pc.utf8_trim_whitespace(text)
            nulled = pc.if_else(pc.equal(stripped, ""), None, stripped)
            return nulled.cast(pa.float64()).to_numpy(zero_copy_only=False)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return np.array([v or "" for v in text.to_pylist()], dtype=object)
    return np.array([str(v) if v is not None else "" for v in column.to_pylist()], dtype=object)
