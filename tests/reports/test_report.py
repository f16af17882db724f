import re
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from django.test import RequestFactory

from hechting.psychometrics.results import (
    RsesResult,
    ScoredWith,
    ecr_result,
    rq_result,
)
from hechting.reports.report import build_report_data, render_report, render_report_pdf

THERAPIES = (
    "Psychosociale therapie",
    "Systeemtherapie",
    "Werken met het innerlijk kind",
    "EMDR",
    "ACT",
    "NEI",
)
TAKEN_AT_FIXED = datetime(2026, 11, 3, 14, 30, tzinfo=UTC)


def rq(choice: int | None = 3):  # type: ignore[no-untyped-def]
    """Ratings secure 3, fearful 5, preoccupied 6, dismissing 2; choice 3 = paragraph C."""
    answers = {"A": 3, "B": 5, "C": 6, "D": 2}
    return rq_result(answers | ({"choice": choice} if choice else {}))


RSES = RsesResult(
    total=24.0,
    mean=2.4,
    percentile=30.0,
    t=45.0,
    norm_n=47899,
    scored_with=ScoredWith(parameters=None, norms="rses-norms@sha256:0"),
)
SECTIONS = (
    "summary",
    "dimensions",
    "picture",
    "probabilities",
    "continuum",
    "norms",
    "meaning",
    "steps",
    "help-options",
)


def page(data, **kw) -> str:  # type: ignore[no-untyped-def]
    response = render_report(RequestFactory().get("/rapport/x/"), data, **kw)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("profile", ["secure", "anxious", "avoidant", "fearful"])
def test_it_renders_a_clear_profile_with_every_section(profile, language, f):
    data = f.report_data(profile, language)
    html = page(data)
    assert f'<html lang="{language}">' in html
    for section in SECTIONS:
        assert f'id="{section}"' in html, section
    # only this profile is described, and never without its probability
    assert data.described == (profile,)
    assert f'id="profile-{profile}"' in html
    assert html.count('class="profile card"') == 1
    row = f.PROFILES[profile]
    for code in ("secure", "anxious", "avoidant", "fearful"):
        percent = round(100 * row.styles.of(code))
        shown = ">99" if percent >= 100 else "<1" if percent <= 0 else str(percent)
        assert f"w-{percent}" in html
        assert (
            f'<span class="bar-value">{shown}%</span>'.replace(">99", "&gt;99").replace(
                "<1", "&lt;1"
            )
            in html
        )
    assert 'id="helpbox-title"' in html and "0800-0113" in html
    phrase = {"nl": "zelfreflectie, geen diagnose", "en": "self-reflection, not a diagnosis"}
    assert phrase[language] in html.lower()
    assert "<svg" in html and 'role="img"' in html


def test_it_speaks_the_framework_language_per_profile(f):
    anxious = page(f.report_data("anxious", "nl"))
    avoidant = page(f.report_data("avoidant", "nl"))
    assert "verlatingsangst" in anxious.lower()
    assert "ik weet niet of ik oké ben, jij bent oké" in anxious
    assert "bindingsangst" in avoidant.lower()
    assert "ik ben oké, ik weet niet of jij oké bent" in avoidant
    for html in (anxious, avoidant):
        assert "verworven veilige hechting" in html
        for therapy in THERAPIES:
            assert therapy in html
        assert "kennismakingsgesprek" in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_it_describes_both_styles_near_a_boundary(language, f):
    data = f.report_data("mixed", language)
    html = page(data)
    assert data.mixed and data.described == ("anxious", "fearful")
    assert 'id="profile-anxious"' in html and 'id="profile-fearful"' in html
    assert "52%" in html and "40%" in html
    assert 'class="near-boundary"' in html  # avoidance 0.2 ± 1.96·0.35 spans the cut at 0.1
    lead = {
        "nl": "Je antwoorden liggen tussen twee stijlen",
        "en": "Your answers lie between two styles",
    }[language]
    assert lead in html
    # adaptive test: no classical mean, the model-implied mean instead
    assert ("ongeveer 3,4" if language == "nl" else "about 3.4") in html


def test_it_calls_a_close_second_style_mixed_even_with_a_clear_top(f):
    row = f.changed(f.PROFILES["anxious"], p=(0.06, 0.62, 0.02, 0.30))
    data = build_report_data(result=row, language="nl", taken_at=f.TAKEN_AT, mode="full")
    assert data.mixed and data.described == ("anxious", "fearful")


def test_it_gives_each_score_with_its_interval(f):
    html = page(f.report_data("secure", "nl"))
    # anxiety theta -1.2, se 0.3: T 38, 95% from 32 to 44
    assert "Score <strong>38</strong>, waarschijnlijk tussen 32 en 44" in html
    # avoidance theta -1.0, se 0.3: T 40, from 34 to 46
    assert "Score <strong>40</strong>, waarschijnlijk tussen 34 en 46" in html
    assert "hoger dan ongeveer 11% van de normgroep" in html
    assert "Open Source Psychometrics Project" in html and "geen Nederlandse normgroep" in html


def test_it_shows_rq_axes_and_rses_when_taken(f):
    assert (rq().self_model, rq().other_model) == (-6, 2)
    html = page(f.report_data("mixed", "nl", rq=rq(), rses=RSES))
    assert 'id="rq"' in html and 'id="rses"' in html
    assert "\u22126 — vooral negatief" in html and "+2 — ergens tussenin" in html
    assert "<strong>Angstig</strong>" in html  # the forced choice C
    assert "<strong>24</strong> van de 40" in html and "T-score 45" in html
    without = page(f.report_data("mixed", "nl"))
    assert 'id="rq"' not in without and 'id="rses"' not in without


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"p": (0.5, 0.03, 0.035, 0.005)}, "sum to 1"),
        ({"anxiety_theta": float("nan")}, "anxiety.theta must be a number"),
        ({"style": "clingy"}, "style must be one of"),
        ({"avoidance_percentile": 130.0}, "avoidance.percentile must be a number from 0.0 to 100"),
        ({"anxiety_se": -0.1}, "anxiety.se must be a number from 0.0"),
    ],
)
def test_it_refuses_bad_results_with_a_clear_message(change, message, f):
    with pytest.raises(ValueError, match=message):
        f.changed(f.PROFILES["secure"], **change)


def test_it_refuses_bad_options(f):
    with pytest.raises(ValueError, match="language"):
        f.report_data("secure", "de")
    with pytest.raises(ValueError, match="mode"):
        f.report_data("secure", "nl", mode="quick")


def test_it_puts_no_inline_style_or_script_in_the_page(f):
    html = page(f.report_data("mixed", "nl", rq=rq()))
    assert not re.search(r"\sstyle=", html)
    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_it_offers_the_pdf_link_only_when_given(f):
    assert 'href="/rapport/x.pdf"' in page(f.report_data("secure", "nl"), pdf_url="/rapport/x.pdf")
    assert ".pdf" not in page(f.report_data("secure", "nl"))


@pytest.fixture(scope="module")
def pdf_response(f):  # type: ignore[no-untyped-def]
    data = f.report_data("mixed", "nl", rq=rq(choice=None), rses=RSES)
    return render_report_pdf(RequestFactory().get("/rapport/x.pdf"), data)


def test_it_makes_a_real_pdf(pdf_response, tmp_path):
    assert pdf_response["Content-Type"] == "application/pdf"
    disposition = 'attachment; filename="hechtingsrapport-2026-11-03.pdf"'
    assert pdf_response["Content-Disposition"] == disposition
    assert pdf_response.content.startswith(b"%PDF-")
    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed: only the PDF header was checked")
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf_response.content)
    pages = ["pdftoppm", "-png", "-r", "20", "-f", "1", "-l", "2", str(path), str(tmp_path / "p")]
    subprocess.run(pages, check=True)
    assert sorted(p.name for p in tmp_path.glob("p-*.png"))
    to_text = ["pdftotext", str(path), "-"]
    text = subprocess.run(to_text, check=True, capture_output=True, text=True).stdout
    for needle in (
        "Jouw hechtingsprofiel",
        "Angstig",
        "52%",
        "0800-0113",
        "Zelfwaardering",
        "Angstig-vermijdend",
    ):
        assert needle in text, needle
    assert "Begin aan het programma" not in text  # no buttons in print


def test_it_never_fetches_anything_but_static_files_for_the_pdf():
    from hechting.reports.report import PDF_BASE, _static_only_fetcher

    fetcher = _static_only_fetcher()
    assert fetcher.fetch(PDF_BASE + "static/reports/report.css").read().startswith(b"/*")
    for url in (
        "https://example.org/x.css",
        "file:///etc/passwd",
        PDF_BASE + "rapport/1/",
        PDF_BASE + "static/../../etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_it_shows_the_stored_cuts_norm_group_and_model_version(f):
    html = page(f.report_data("secure", "nl"))
    assert f"met {f.NORM_N:,} mensen".replace(",", ".") in html
    assert "modelparameters ecr-grm@sha256:000000000001 en normen ecr-norms@sha256:02" in html
    english = page(f.report_data("secure", "en"))
    assert "model parameters ecr-grm@sha256:000000000001 and norms" in english


def test_it_reports_real_scores_from_the_attachment_model():
    """End to end with the core: answers -> EcrResult -> report."""
    from hechting.psychometrics.attachment import load_attachment_model

    model = load_attachment_model()
    # A clearly anxious pattern: agree with every anxiety item, disagree with avoidance items;
    # reverse-keyed items (ECR 3, 15, 19, 22, 25, 27, 29, 31, 33, 35) answered the other way.
    reverse = {3, 15, 19, 22, 25, 27, 29, 31, 33, 35}
    answers = {}
    for item in range(1, 37):
        high = item % 2 == 0  # even = anxiety: high; odd = avoidance: low
        answers[f"Q{item}"] = (1 if high else 5) if item in reverse else (5 if high else 1)
    result = ecr_result(answers)
    assert result.anxiety.cut_theta == model.scale("anxiety").cut
    assert result.norm_n == model.norms["ecr/security"].n > 1000
    data = build_report_data(result=result, language="en", taken_at=TAKEN_AT_FIXED, mode="full")
    assert data.style == "anxious" and data.top.code == "anxious"
    assert data.anxiety.percentile > 90 and data.avoidance.percentile < 20
    html = page(data)
    assert 'id="profile-anxious"' in html
    assert model.parameters_id in html
    neutral = ecr_result({f"Q{i}": 3 for i in range(1, 37)})
    data = build_report_data(result=neutral, language="nl", taken_at=TAKEN_AT_FIXED, mode="full")
    assert page(data).count("<svg") == 1


def test_it_describes_the_norm_group_without_a_number_when_none_is_known(f):
    row = f.changed(f.PROFILES["secure"], norm_n=0)
    html = page(build_report_data(result=row, language="en", taken_at=f.TAKEN_AT, mode="full"))
    assert "with a large group of people" in html


def test_it_does_not_claim_two_styles_when_only_the_boundary_is_close(f):
    # anxiety sits on its cut, yet the model gives one style 90%: one profile, plus the caution
    row = f.changed(f.PROFILES["secure"], anxiety_theta=0.3, p=(0.9, 0.06, 0.035, 0.005))
    data = build_report_data(result=row, language="en", taken_at=f.TAKEN_AT, mode="full")
    html = page(data)
    assert data.mixed and data.described == ("secure",)
    assert "lie between two styles" not in html
    assert "fit best with the <strong>Secure</strong> style: 90% probability" in html
    assert 'class="near-boundary"' in html


def test_it_gives_every_element_of_the_page_a_unique_id(f):
    html = page(f.report_data("mixed", "nl", rq=rq(), rses=RSES))
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "One of your two scores lies close to the border between two styles"),
        ("nl", "Een van je twee scores ligt dicht bij de grens tussen twee stijlen"),
    ],
)
def test_it_names_the_clear_winner_when_a_second_style_is_described_for_the_boundary(
    f, language, expected
):
    # The runner-up is described because a score sits on a cut, not because it is close in
    # probability: the summary must not say that neither style is ahead (83% vs 13%).
    row = f.changed(f.PROFILES["secure"], anxiety_theta=0.3, p=(0.83, 0.13, 0.035, 0.005))
    data = build_report_data(result=row, language=language, taken_at=f.TAKEN_AT, mode="full")
    html = page(data)
    assert data.described == ("secure", "anxious") and not data.close_call
    assert expected in html
    assert "lie between two styles" not in html and "tussen twee stijlen in" not in html


def test_it_never_shows_a_style_as_certain_or_impossible():
    from hechting.reports.report import StyleProbability

    assert StyleProbability("secure", "Veilig", 0.9996).shown == ">99"
    assert StyleProbability("fearful", "Angstig", 0.001).shown == "<1"
    assert StyleProbability("secure", "Veilig", 0.52).shown == "52"
