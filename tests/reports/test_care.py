from dataclasses import replace

import pytest
from django.test import RequestFactory

from hechting.psychometrics.results import RsesResult, ScoredWith
from hechting.reports.care import LOW_PERCENT, care_for
from hechting.reports.report import build_report_data, render_report


@pytest.mark.parametrize(
    ("security", "rses", "insecure", "low_esteem"),
    [
        (LOW_PERCENT - 0.1, None, True, False),
        (LOW_PERCENT, None, False, False),  # the bottom 5 %, not the bottom 5 % and its edge
        (50.0, LOW_PERCENT - 0.1, False, True),
        (50.0, 60.0, False, False),
        (1.0, 1.0, True, True),
    ],
)
def test_it_flags_the_bottom_of_the_norm_group(security, rses, insecure, low_esteem):
    care = care_for(security=security, rses_percentile=rses)
    assert (care.very_insecure, care.very_low_self_esteem) == (insecure, low_esteem)
    assert care.needed == (insecure or low_esteem)


def _rses(percentile):  # type: ignore[no-untyped-def]
    return RsesResult(
        total=13.0,
        mean=1.3,
        percentile=percentile,
        t=30.0,
        norm_n=47899,
        scored_with=ScoredWith(parameters=None, norms="rses-norms@sha256:3"),
    )


def _page(f, security, rses=None):  # type: ignore[no-untyped-def]
    result = replace(f.PROFILES["fearful"], security=security)
    data = build_report_data(
        result=result, language="nl", taken_at=f.TAKEN_AT, mode="full", rses=rses
    )
    return render_report(RequestFactory().get("/rapport/x/"), data).content.decode()


def test_it_speaks_to_a_very_insecure_person_near_the_top_with_the_helpline(f):
    html = _page(f, security=2.0)
    care = html.index('id="care"')
    assert care < html.index('id="summary"')
    section = html[care : html.index("</aside>", care)]
    assert "Voordat je verder leest" in section and "niet veilig voelen" in section
    assert "0800-0113" in section and "zelfwaardering" not in section


def test_it_speaks_to_very_low_self_esteem(f):
    html = _page(f, security=40.0, rses=_rses(3.0))
    section = html[html.index('id="care"') : html.index("</aside>", html.index('id="care"'))]
    assert "erg streng bent voor jezelf" in section and "niet veilig voelen" not in section


def test_it_says_nothing_extra_when_nothing_is_very_low(f):
    html = _page(f, security=40.0, rses=_rses(60.0))
    assert 'id="care"' not in html and "Voordat je verder leest" not in html


def test_it_states_the_norm_group_share_of_secure_next_to_the_six_in_ten(f):
    from hechting.psychometrics.norms import load_norms

    share = round(100 * load_norms("ecr").provenance["style_shares"]["secure"])
    html = _page(f, security=40.0)
    assert "zes op de tien" in html and f"ongeveer {share}% het best" in html
