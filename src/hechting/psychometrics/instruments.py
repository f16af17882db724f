"""Instrument definitions: items, keys, texts and response formats, read from package data.

The definitions live as JSON in ``hechting/instruments/<code>.json``. Keys are tied to item text
(see docs/instruments.md and tests/psychometrics/test_instruments.py); this module is the one
place that knows how to recode a reverse-keyed answer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

INSTRUMENT_CODES = ("ecr", "ecr-s", "ecr-rs", "rq", "rses")


@dataclass(frozen=True)
class Text:
    """A text in English (the validated wording) and Dutch (a project translation)."""

    en: str
    nl: str


@dataclass(frozen=True)
class ResponseOption:
    """A labelled point of the response scale (some formats label only the anchors)."""

    value: int
    label: Text


@dataclass(frozen=True)
class Scale:
    code: str
    name: Text


@dataclass(frozen=True)
class Target:
    """A person the ECR-RS items are answered about (mother, father, partner, friend)."""

    code: str
    name: Text


@dataclass(frozen=True)
class Item:
    """One item: ``id`` is its data column (``Q1``..), ``number`` its place in the instrument."""

    id: str
    number: int
    scale: str
    reverse: bool
    text: Text
    ecr_number: int | None = None  # ECR-S items: the ECR item they are


@dataclass(frozen=True)
class Instrument:
    code: str
    name: Text
    citation: str
    source: str
    licence: str
    translation_nl: str
    response_min: int
    response_max: int
    response_labels: tuple[ResponseOption, ...]
    scales: tuple[Scale, ...]
    items: tuple[Item, ...]
    targets: tuple[Target, ...] = ()
    forced_choice: bool = False
    # RQ: model of self / other as weights on the prototype ratings
    models: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @property
    def scale_codes(self) -> tuple[str, ...]:
        return tuple(scale.code for scale in self.scales)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(f"{self.code} has no item {item_id!r}")

    def scale_items(self, scale: str) -> tuple[Item, ...]:
        if scale not in self.scale_codes:
            raise KeyError(f"{self.code} has no scale {scale!r}")
        return tuple(item for item in self.items if item.scale == scale)

    def scale_indices(self, scale: str) -> IntArray:
        """Column positions (in ``items`` order) of the items of ``scale``."""
        return np.array([i for i, item in enumerate(self.items) if item.scale == scale], np.intp)

    @property
    def reverse_mask(self) -> npt.NDArray[np.bool_]:
        """(I,) True for reverse-keyed items."""
        return np.array([item.reverse for item in self.items], dtype=bool)

    def check_responses(self, responses: npt.ArrayLike) -> FloatArray:
        """Validate raw responses (n, I) in ``response_min..response_max``, NaN missing."""
        x = np.array(responses, dtype=np.float64, ndmin=2)
        if x.ndim != 2 or x.shape[1] != len(self.items):
            raise ValueError(
                f"{self.code}: responses must be (persons, {len(self.items)}), got {x.shape}"
            )
        lo, hi = self.response_min, self.response_max
        ok = np.isnan(x) | ((x >= lo) & (x <= hi) & (np.floor(x) == x))
        if not ok.all():
            bad = x[~ok][0]
            raise ValueError(
                f"{self.code}: responses must be whole numbers {lo}..{hi} or NaN, found {bad!r}"
            )
        return x

    def key(self, responses: npt.ArrayLike) -> FloatArray:
        """Keyed responses (n, I): reverse-keyed items recoded as ``(min + max) - x``.

        After keying, higher always means more of the item's scale. NaN stays NaN.
        """
        x = self.check_responses(responses)
        flip = self.reverse_mask
        x[:, flip] = (self.response_min + self.response_max) - x[:, flip]
        return x

    def categories(self, responses: npt.ArrayLike) -> FloatArray:
        """Keyed responses as IRT categories ``0..K-1`` (n, I), NaN missing."""
        return self.key(responses) - self.response_min


def _text(d: dict[str, str]) -> Text:
    return Text(en=d["en"], nl=d["nl"])


def _parse(d: dict[str, Any]) -> Instrument:
    return Instrument(
        code=d["code"],
        name=_text(d["name"]),
        citation=d["citation"],
        source=d["source"],
        licence=d["licence"],
        translation_nl=d["translation_nl"],
        response_min=int(d["response_min"]),
        response_max=int(d["response_max"]),
        response_labels=tuple(
            ResponseOption(value=int(o["value"]), label=Text(en=o["en"], nl=o["nl"]))
            for o in d["response_labels"]
        ),
        scales=tuple(Scale(code=s["code"], name=_text(s["name"])) for s in d["scales"]),
        items=tuple(
            Item(
                id=i["id"],
                number=int(i["number"]),
                scale=i["scale"],
                reverse=bool(i["reverse"]),
                text=_text(i["text"]),
                ecr_number=i.get("ecr_number"),
            )
            for i in d["items"]
        ),
        targets=tuple(
            Target(code=t["code"], name=Text(en=t["en"], nl=t["nl"])) for t in d.get("targets", [])
        ),
        forced_choice=bool(d.get("forced_choice", False)),
        models=tuple(
            (name, tuple((k, int(v)) for k, v in weights.items()))
            for name, weights in d.get("models", {}).items()
        ),
    )


@cache
def load_instrument(code: str) -> Instrument:
    """The instrument ``code`` (one of ``INSTRUMENT_CODES``), read once from package data."""
    if code not in INSTRUMENT_CODES:
        raise KeyError(f"unknown instrument {code!r}; known: {', '.join(INSTRUMENT_CODES)}")
    path = resources.files("hechting.instruments").joinpath(f"{code}.json")
    return _parse(json.loads(path.read_text(encoding="utf-8")))
