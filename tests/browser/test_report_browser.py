"""The report page in a real browser, served by a test-only view (no answers in any URL)."""

from datetime import UTC, datetime

import pytest
from django.urls import include, path

from hechting.psychometrics.results import (
    Dimension,
    EcrResult,
    RsesResult,
    ScoredWith,
    StyleProbabilities,
    rq_result,
)
from hechting.reports.report import build_report_data, render_report, render_report_pdf

RESULT = EcrResult(
    instrument="ecr",
    anxiety=Dimension("anxiety", 0.9, 0.32, None, 3.4, 79.0, 59.0, 0.25),
    avoidance=Dimension("avoidance", 0.2, 0.35, None, 2.9, 57.0, 52.0, 0.1),
    styles=StyleProbabilities(secure=0.05, anxious=0.52, avoidant=0.03, fearful=0.40),
    style="anxious",
    security=47.0,
    n_answered=14,
    norm_n=30812,
    note="",
    scored_with=ScoredWith(parameters="ecr-grm@sha256:000000000001", norms="ecr-norms@sha256:2"),
)
RSES = RsesResult(
    total=24.0,
    mean=2.4,
    percentile=30.0,
    t=45.0,
    norm_n=47899,
    scored_with=ScoredWith(parameters=None, norms="rses-norms@sha256:3"),
)


def _data(request):  # type: ignore[no-untyped-def]
    return build_report_data(
        result=RESULT,
        language=request.LANGUAGE_CODE,
        taken_at=datetime(2026, 11, 3, tzinfo=UTC),
        mode="adaptive",
        rq=rq_result({"A": 3, "B": 5, "C": 6, "D": 2, "choice": 3}),
        rses=RSES,
    )


def report_view(request):  # type: ignore[no-untyped-def]
    return render_report(request, _data(request), pdf_url="/test-report/pdf/")


def report_pdf_view(request):  # type: ignore[no-untyped-def]
    return render_report_pdf(request, _data(request))


urlpatterns = [
    path("test-report/", report_view),
    path("test-report/pdf/", report_pdf_view),
    path("", include("hechting.web.urls")),
]


@pytest.fixture
def report_urls(settings):  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = __name__


@pytest.mark.parametrize("width", [390, 1280])
def test_it_shows_the_report_and_passes_axe(page, axe_check, report_urls, width):
    page.set_viewport_size({"width": width, "height": 900})
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(page.base + "/test-report/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("img", name="Jouw plek tussen de vier hechtingsstijlen").is_visible()
    assert page.get_by_role("img", name="Hoe je naar jezelf en anderen kijkt").is_visible()
    assert page.get_by_text("Angstig", exact=True).first.is_visible()
    assert (
        page.locator("#profile-anxious").is_visible()
        and page.locator("#profile-fearful").is_visible()
    )
    axe_check(page, f"report-{width}")
    assert csp_errors == []


def test_it_downloads_the_pdf(page, report_urls):
    page.goto(page.base + "/test-report/")
    with page.expect_download() as info:
        page.get_by_role("link", name="Downloaden als pdf").click()
    download = info.value
    assert download.suggested_filename == "hechtingsrapport-2026-11-03.pdf"
    with open(download.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"
