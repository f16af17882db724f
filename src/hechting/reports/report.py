"""The personal attachment report: data, page and PDF.

How another app shows a report (the ``web``/assessments helper)::

    from hechting.reports.report import (
        RqResult, RsesResult, build_report_data, load_cuts, render_report, render_report_pdf)

    scores = model.score(responses)          # psychometrics.attachment.AttachmentScores
    data = build_report_data(
        scores=scores, index=0,              # the row of this person (arrays) -- or a scalar row
        cuts=load_cuts(),                    # or Cuts(anxiety=..., avoidance=...) in theta units
        rq=RqResult(secure=6, fearful=2, preoccupied=3, dismissing=4, choice="A"),  # or None
        rses=RsesResult(total=31, percentile=62.0, t=53.0),                       # or None
        language="nl", taken_at=assessment.finished_at, mode="adaptive", n_items=14,
    )
    return render_report(request, data, pdf_url=...)  # full page; pdf_url adds a download link
    return render_report_pdf(request, data)   # the same content as a PDF download

``scores`` is anything with the attributes of ``AttachmentScores`` (``anxiety_theta``,
``anxiety_se``, ``avoidance_theta``, ``avoidance_se``, ``anxiety_mean``, ``avoidance_mean``,
``anxiety_expected_mean``, ``avoidance_expected_mean``, ``anxiety_percentile``,
``avoidance_percentile``, ``p_secure``, ``p_anxious``, ``p_avoidant``, ``p_fearful``, ``style``,
``security``); each is a scalar or an array from which ``index`` is taken. ``language`` is
usually ``request.LANGUAGE_CODE``; ``mode`` is "adaptive", "full" or "short" (ECR-S, whose
norm tables are then used); ``taken_at`` is an aware datetime. Values are checked
once here; bad input raises ``ValueError`` naming the field. The views must authorise the person
before calling; these functions never touch the database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hechting.psychometrics.norms import load_norms
from hechting.reports.care import care_for
from hechting.reports.plots import Z95, Cuts, quadrant_svg, rq_svg, style_names, t_score

STYLES = ("secure", "anxious", "avoidant", "fearful")
# Bartholomew's names for the same quadrants, accepted as style codes too.
STYLE_ALIASES = {"preoccupied": "anxious", "dismissing": "avoidant"}
# Two styles are described when the top one is not clearly ahead.
CLEAR_TOP = 0.6
SECOND_WORTH_NAMING = 0.25
# Relative URLs in the PDF resolve here; the fetcher maps them to static files, never the network.
PDF_BASE = "http://hechting.invalid/"

__all__ = [
    "Cuts",
    "DimensionResult",
    "NormGroup",
    "ReportData",
    "RqResult",
    "RsesResult",
    "StyleProbability",
    "build_report_data",
    "load_cuts",
    "render_report",
    "render_report_pdf",
]


@dataclass(frozen=True)
class RqResult:
    """Relationship Questionnaire: four ratings 1..7 and the forced choice ("A".."D" or None)."""

    secure: int  # A
    fearful: int  # B
    preoccupied: int  # C
    dismissing: int  # D
    choice: str | None = None

    def __post_init__(self) -> None:
        for name in ("secure", "fearful", "preoccupied", "dismissing"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 1 <= value <= 7:
                raise ValueError(
                    f"RQ rating {name} must be a whole number from 1 to 7, got {value!r}"
                )
        if self.choice not in (None, "A", "B", "C", "D"):
            raise ValueError(f"RQ choice must be A, B, C, D or None, got {self.choice!r}")

    @property
    def model_of_self(self) -> int:
        """(A + D) - (B + C), from -12 to 12: higher = a more positive view of yourself."""
        return (self.secure + self.dismissing) - (self.fearful + self.preoccupied)

    @property
    def model_of_other(self) -> int:
        """(A + C) - (B + D), from -12 to 12: higher = a more positive view of others."""
        return (self.secure + self.preoccupied) - (self.fearful + self.dismissing)

    @property
    def choice_style(self) -> str | None:
        return {"A": "secure", "B": "fearful", "C": "anxious", "D": "avoidant"}.get(
            self.choice or ""
        )


@dataclass(frozen=True)
class RsesResult:
    """Rosenberg Self-Esteem Scale: sum 10..40, percentile 0..100 and T score vs its norm group."""

    total: int
    percentile: float
    t: float

    def __post_init__(self) -> None:
        if not isinstance(self.total, int) or not 10 <= self.total <= 40:
            raise ValueError(f"RSES total must be a whole number from 10 to 40, got {self.total!r}")
        _check_range("RSES percentile", self.percentile, 0, 100)
        _check_range("RSES T score", self.t, 0, 100)


@dataclass(frozen=True)
class DimensionResult:
    """One ECR dimension, ready to show."""

    code: Literal["anxiety", "avoidance"]
    theta: float
    se: float
    mean: float | None  # classical mean 1..5 (None for adaptive tests)
    expected_mean: float  # model-implied mean 1..5
    percentile: float
    cut_theta: float

    @property
    def t(self) -> float:
        return t_score(self.theta)

    @property
    def t_low(self) -> float:
        return t_score(self.theta - Z95 * self.se)

    @property
    def t_high(self) -> float:
        return t_score(self.theta + Z95 * self.se)

    @property
    def above_cut(self) -> bool:
        return self.theta >= self.cut_theta

    @property
    def near_cut(self) -> bool:
        """True when the 95% interval contains the quadrant boundary."""
        return abs(self.theta - self.cut_theta) < Z95 * self.se

    @property
    def level(self) -> Literal["low", "middle", "high"]:
        if self.near_cut:
            return "middle"
        return "high" if self.above_cut else "low"


@dataclass(frozen=True)
class StyleProbability:
    code: str
    name: str
    probability: float

    @property
    def percent(self) -> int:
        return round(100 * self.probability)


@dataclass(frozen=True)
class NormGroup:
    """Who the percentiles compare with; ``n`` comes from the norms' provenance when present."""

    n: int | None
    source: str | None


@dataclass(frozen=True)
class ReportData:
    language: str
    taken_at: datetime
    mode: Literal["adaptive", "full", "short"]
    n_items: int
    anxiety: DimensionResult
    avoidance: DimensionResult
    styles: tuple[StyleProbability, ...]  # most probable first
    style: str  # the modal quadrant
    security: float  # 0..100, higher = more secure
    norm_group: NormGroup
    rq: RqResult | None = None
    rses: RsesResult | None = None

    @property
    def top(self) -> StyleProbability:
        return self.styles[0]

    @property
    def close_call(self) -> bool:
        """No style is clearly ahead: the top is below CLEAR_TOP or the runner-up is sizeable."""
        return (
            self.styles[0].probability < CLEAR_TOP
            or self.styles[1].probability >= SECOND_WORTH_NAMING
        )

    @property
    def mixed(self) -> bool:
        """Two styles are both substantially probable, or the person sits near a boundary."""
        return self.close_call or self.anxiety.near_cut or self.avoidance.near_cut

    @property
    def described(self) -> tuple[str, ...]:
        """The profiles the report explains: the most probable, plus the runner-up if mixed."""
        if self.mixed and self.styles[1].probability >= 0.1:
            return (self.styles[0].code, self.styles[1].code)
        return (self.styles[0].code,)


def _check_range(name: str, value: float, lo: float, hi: float) -> None:
    if not isinstance(value, int | float) or math.isnan(value) or not lo <= value <= hi:
        raise ValueError(f"{name} must be a number from {lo} to {hi}, got {value!r}")


def _field(scores: Any, name: str, index: int) -> Any:
    if not hasattr(scores, name):
        raise ValueError(f"scores has no field {name!r}")
    value = getattr(scores, name)
    if getattr(value, "ndim", 0) > 0 or isinstance(value, list | tuple):
        value = value[index]
    return value.item() if hasattr(value, "item") else value


def _number(
    scores: Any,
    name: str,
    index: int,
    lo: float = -math.inf,
    hi: float = math.inf,
    *,
    allow_nan: bool = False,
) -> float | None:
    value = _field(scores, name, index)
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if math.isnan(value):
        if allow_nan:
            return None
        raise ValueError(f"{name} is missing (NaN)")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be from {lo} to {hi}, got {value!r}")
    return value


@lru_cache(maxsize=1)
def load_cuts() -> Cuts:
    """The quadrant cut thetas of the calibrated model (ecr-grm.json, ``scales.<scale>.cut``)."""
    from hechting.psychometrics.attachment import load_attachment_model

    model = load_attachment_model()
    return Cuts(anxiety=model.scale("anxiety").cut, avoidance=model.scale("avoidance").cut)


@lru_cache(maxsize=4)
def load_norm_group(instrument: str = "ecr") -> NormGroup:
    """How many people the percentiles compare with: the norm table of the security index
    (persons with both scales) of ``instruments/norms/ecr-norms.json``."""
    from hechting.psychometrics.norms import load_norms

    try:
        table = load_norms("ecr")[f"{instrument}/security"]
    except (OSError, KeyError, ValueError):
        return NormGroup(n=None, source=None)
    return NormGroup(n=int(table.n), source="Open Source Psychometrics Project")


def build_report_data(
    *,
    scores: Any,
    cuts: Cuts,
    language: str,
    taken_at: datetime,
    mode: Literal["adaptive", "full", "short"],
    n_items: int,
    index: int = 0,
    rq: RqResult | None = None,
    rses: RsesResult | None = None,
    norm_group: NormGroup | None = None,
) -> ReportData:
    """Check one person's scores and collect everything the report shows (see module docstring)."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(
            f"language must be one of {[c for c, _n in settings.LANGUAGES]}, got {language!r}"
        )
    if mode not in ("adaptive", "full", "short"):
        raise ValueError(f"mode must be adaptive, full or short, got {mode!r}")
    if not isinstance(n_items, int) or not 1 <= n_items <= 36:
        raise ValueError(f"n_items must be 1..36, got {n_items!r}")

    def dimension(code: Literal["anxiety", "avoidance"], cut: float) -> DimensionResult:
        return DimensionResult(
            code=code,
            theta=_number(scores, f"{code}_theta", index, -8, 8),  # type: ignore[arg-type]
            se=_number(scores, f"{code}_se", index, 0, 5),  # type: ignore[arg-type]
            mean=_number(scores, f"{code}_mean", index, 1, 5, allow_nan=True),
            expected_mean=_number(scores, f"{code}_expected_mean", index, 1, 5),  # type: ignore[arg-type]
            percentile=_number(scores, f"{code}_percentile", index, 0, 100),  # type: ignore[arg-type]
            cut_theta=cut,
        )

    probs = {code: _number(scores, f"p_{code}", index, 0, 1) for code in STYLES}
    if abs(sum(probs.values()) - 1) > 1e-3:  # type: ignore[arg-type]
        raise ValueError(f"style probabilities must sum to 1, got {sum(probs.values()):.4f}")  # type: ignore[arg-type]
    style = _field(scores, "style", index)
    style = STYLE_ALIASES.get(style, style)
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}, got {style!r}")
    with translation.override(language):
        names = style_names()
        styles = tuple(
            sorted(
                (StyleProbability(code, str(names[code]), p) for code, p in probs.items()),  # type: ignore[arg-type]
                key=lambda s: -s.probability,
            )
        )
    return ReportData(
        language=language,
        taken_at=taken_at,
        mode=mode,
        n_items=n_items,
        anxiety=dimension("anxiety", cuts.anxiety),
        avoidance=dimension("avoidance", cuts.avoidance),
        styles=styles,
        style=style,
        security=_number(scores, "security", index, 0, 100),  # type: ignore[arg-type]
        norm_group=norm_group or load_norm_group("ecr-s" if mode == "short" else "ecr"),
        rq=rq,
        rses=rses,
    )


def _program_url() -> str | None:
    """The growth program's start page, or None while the program is not installed
    (a button to a page that does not exist is a dead end)."""
    for name in ("program:overview", "program:index", "program:home"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _context(data: ReportData, *, for_pdf: bool) -> dict[str, Any]:
    description = _(
        "Your position: anxiety %(anx).0f (likely between %(anx_lo).0f and %(anx_hi).0f), "
        "avoidance %(avo).0f (likely between %(avo_lo).0f and %(avo_hi).0f), on a scale where "
        "the norm group averages 50. The dashed lines are the boundaries between the four "
        "styles; the shaded ellipse shows where your true position most likely lies (95%%). "
        "Most probable style: %(style)s (%(p)s%%)."
    ) % {
        "anx": data.anxiety.t,
        "anx_lo": data.anxiety.t_low,
        "anx_hi": data.anxiety.t_high,
        "avo": data.avoidance.t,
        "avo_lo": data.avoidance.t_low,
        "avo_hi": data.avoidance.t_high,
        "style": data.top.name,
        "p": data.top.percent,
    }
    svg = quadrant_svg(
        anxiety_theta=data.anxiety.theta,
        anxiety_se=data.anxiety.se,
        avoidance_theta=data.avoidance.theta,
        avoidance_se=data.avoidance.se,
        anxiety_cut=data.anxiety.cut_theta,
        avoidance_cut=data.avoidance.cut_theta,
        language=data.language,
        title=_("Your place among the four attachment styles"),
        description=description,
    )
    return {
        "data": data,
        "quadrant_svg": svg,
        "quadrant_text": description,
        "for_pdf": for_pdf,
        "program_url": _program_url(),
        "security_step": min(100, max(0, round(data.security))),
        "care": care_for(
            security=data.security, rses_percentile=data.rses.percentile if data.rses else None
        ),
        # computed by `hechting calibrate` from the norm data (ecr-norms.json provenance)
        "norm_secure_share": round(100 * load_norms("ecr").provenance["style_shares"]["secure"]),
        "dimensions": (data.anxiety, data.avoidance),
        "style_names": style_names(),
        "rq_choice_name": style_names().get(data.rq.choice_style or "") if data.rq else None,
        "rq_self_signed": _signed(data.rq.model_of_self) if data.rq else "",
        "rq_other_signed": _signed(data.rq.model_of_other) if data.rq else "",
        "rq_svg": _rq_plot(data.rq, data.language) if data.rq else "",
    }


def _rq_plot(rq: RqResult, language: str) -> str:
    description = _(
        "View of yourself %(self)s and view of others %(other)s, each on a scale from "
        "−12 to +12; zero is the middle."
    ) % {"self": _signed(rq.model_of_self), "other": _signed(rq.model_of_other)}
    return rq_svg(
        model_of_self=rq.model_of_self,
        model_of_other=rq.model_of_other,
        language=language,
        title=_("How you see yourself and others"),
        description=description,
    )


def _signed(value: int) -> str:
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"\u2212{-value}")


def render_report(
    request: HttpRequest, data: ReportData, *, pdf_url: str | None = None
) -> HttpResponse:
    """The report as a full page (``reports/report.html`` extends ``web/base.html``)."""
    with translation.override(data.language):
        context = _context(data, for_pdf=False) | {"pdf_url": pdf_url}
        return render(request, "reports/report.html", context)


def _static_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves only our own static files: no network, no files."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            path = urlparse(url).path
            if (
                not url.startswith(PDF_BASE)
                or not path.startswith(settings.STATIC_URL)
                or ".." in path.split("/")
            ):
                raise ValueError(f"refusing to fetch {url!r} while making a PDF")
            found = finders.find(path[len(settings.STATIC_URL) :])
            if not found:
                raise ValueError(f"static file not found: {url!r}")
            mime = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
                Path(found).suffix, "application/octet-stream"
            )
            return URLFetcherResponse(url, Path(found).read_bytes(), {"Content-Type": mime})

    return StaticOnlyFetcher()


def render_report_pdf(request: HttpRequest, data: ReportData) -> HttpResponse:
    """The same report as an A4 PDF download (WeasyPrint, DejaVu fonts, no network)."""
    import weasyprint  # imported here: loading Pango is slow and only PDFs need it

    with translation.override(data.language):
        html = render_to_string("reports/report_pdf.html", _context(data, for_pdf=True), request)
        pdf = weasyprint.HTML(
            string=html, base_url=PDF_BASE, url_fetcher=_static_only_fetcher()
        ).write_pdf()
        day = (
            timezone.localtime(data.taken_at) if timezone.is_aware(data.taken_at) else data.taken_at
        )
        filename = _("attachment-report") + f"-{day:%Y-%m-%d}.pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
