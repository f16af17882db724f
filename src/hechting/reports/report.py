"""The personal attachment report: data, page and PDF.

How another app shows a report::

    from hechting.reports.report import build_report_data, render_report, render_report_pdf

    data = build_report_data(
        result=services.ecr_result_of(assessment),  # the stored psychometrics.results.EcrResult
        rq=..., rses=...,                           # stored RqResult / RsesResult, or None
        language="nl", taken_at=assessment.completed, mode="adaptive",
    )
    return render_report(request, data, pdf_url=...)  # full page; pdf_url adds a download link
    return render_report_pdf(request, data)   # the same content as a PDF download

Everything shown comes from the stored results (including the quadrant cuts and the norm group
size), so a report does not change when parameters or norms are recalibrated. ``mode`` is
"adaptive", "full" or "short" (ECR-S). The views must authorise the person before calling;
these functions never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hechting.psychometrics.norms import load_norms
from hechting.psychometrics.results import (
    Dimension,
    EcrResult,
    RqResult,
    RsesResult,
    ScoredWith,
)
from hechting.psychometrics.styles import Style
from hechting.reports.care import care_for
from hechting.reports.plots import quadrant_svg, rq_svg, style_names

# Two styles are described when the top one is not clearly ahead.
CLEAR_TOP = 0.6
SECOND_WORTH_NAMING = 0.25
# Relative URLs in the PDF resolve here; the fetcher maps them to static files, never the network.
PDF_BASE = "http://hechting.invalid/"
Mode = Literal["adaptive", "full", "short"]

__all__ = [
    "ReportData",
    "StyleProbability",
    "build_report_data",
    "render_report",
    "render_report_pdf",
]


@dataclass(frozen=True)
class StyleProbability:
    """One style with its name in the report's language, for display."""

    code: Style
    name: str
    probability: float

    @property
    def percent(self) -> int:
        return round(100 * self.probability)

    @property
    def shown(self) -> str:
        """The percentage as read: never "100" (no measurement is certain) and never "0"."""
        if self.percent >= 100:
            return ">99"
        if self.percent <= 0:
            return "<1"
        return str(self.percent)


@dataclass(frozen=True)
class ReportData:
    language: str
    taken_at: datetime
    mode: Mode
    result: EcrResult
    styles: tuple[StyleProbability, ...]  # most probable first
    rq: RqResult | None = None
    rses: RsesResult | None = None

    @property
    def anxiety(self) -> Dimension:
        return self.result.anxiety

    @property
    def avoidance(self) -> Dimension:
        return self.result.avoidance

    @property
    def style(self) -> Style:
        return self.result.style

    @property
    def security(self) -> float:
        return self.result.security

    @property
    def n_items(self) -> int:
        return self.result.n_answered

    @property
    def norm_n(self) -> int:
        return self.result.norm_n

    @property
    def scored_with(self) -> ScoredWith:
        return self.result.scored_with

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


def build_report_data(
    *,
    result: EcrResult,
    language: str,
    taken_at: datetime,
    mode: Mode,
    rq: RqResult | None = None,
    rses: RsesResult | None = None,
) -> ReportData:
    """Collect everything the report shows for one stored ECR result (see module docstring)."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(
            f"language must be one of {[c for c, _n in settings.LANGUAGES]}, got {language!r}"
        )
    if mode not in ("adaptive", "full", "short"):
        raise ValueError(f"mode must be adaptive, full or short, got {mode!r}")
    with translation.override(language):
        names = style_names()
        styles = tuple(
            StyleProbability(code, str(names[code]), p) for code, p in result.styles.ranked()
        )
    return ReportData(
        language=language,
        taken_at=taken_at,
        mode=mode,
        result=result,
        styles=styles,
        rq=rq,
        rses=rses,
    )


def _context(data: ReportData, *, for_pdf: bool) -> dict[str, object]:
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
        "program_url": reverse("program:overview"),
        "security_step": min(100, max(0, round(data.security))),
        "care": care_for(
            security=data.security, rses_percentile=data.rses.percentile if data.rses else None
        ),
        # computed by `hechting calibrate` from the norm data (ecr-norms.json provenance)
        "norm_secure_share": round(100 * load_norms("ecr").provenance["style_shares"]["secure"]),
        "dimensions": (data.anxiety, data.avoidance),
        "style_names": style_names(),
        "rq_choice_name": style_names().get(data.rq.choice_style or "") if data.rq else None,
        "rq_self_signed": _signed(data.rq.self_model) if data.rq else "",
        "rq_other_signed": _signed(data.rq.other_model) if data.rq else "",
        "rq_svg": _rq_plot(data.rq, data.language) if data.rq else "",
    }


def _rq_plot(rq: RqResult, language: str) -> str:
    description = _(
        "View of yourself %(self)s and view of others %(other)s, each on a scale from "
        "−12 to +12; zero is the middle."
    ) % {"self": _signed(rq.self_model), "other": _signed(rq.other_model)}
    return rq_svg(
        model_of_self=rq.self_model,
        model_of_other=rq.other_model,
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

    class StaticOnlyFetcher(URLFetcher):
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
