import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest

from hechting.psychometrics.results import Occasion
from hechting.reports.plots import quadrant_svg, timeline_svg


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own SVG output


def quadrant(**overrides):  # type: ignore[no-untyped-def]
    kwargs = {
        "anxiety_theta": 0.9,
        "anxiety_se": 0.3,
        "avoidance_theta": -0.4,
        "avoidance_se": 0.3,
        "anxiety_cut": 0.25,
        "avoidance_cut": 0.1,
        "language": "nl",
        "title": "Titel",
        "description": "Beschrijving van de plek",
    } | overrides
    return quadrant_svg(**kwargs)


def by_id(root: ET.Element, suffix: str) -> ET.Element:
    found = [el for el in root.iter() if (el.get("id") or "").endswith(suffix)]
    assert found, f"no element with id ending in {suffix!r}"
    return found[0]


def path_extent(group: ET.Element) -> tuple[float, float]:
    d = next(el.get("d") for el in group.iter() if el.get("d"))
    pts = [float(n) for n in re.findall(r"-?\d+\.?\d*", d)]
    xs, ys = pts[0::2], pts[1::2]
    return max(xs) - min(xs), max(ys) - min(ys)


def marker_xy(root: ET.Element) -> tuple[float, float]:
    use = next(el for el in by_id(root, "person").iter() if el.tag.endswith("use"))
    return float(use.get("x")), float(use.get("y"))


def test_it_makes_well_formed_accessible_svg_without_inline_styles():
    svg = quadrant()
    root = parse(svg)
    assert root.tag.endswith("svg")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "q-title q-desc"
    assert by_id(root, "q-title").text == "Titel"
    assert by_id(root, "q-desc").text == "Beschrijving van de plek"
    assert "style=" not in svg and "<style" not in svg and "<script" not in svg
    assert "metadata" not in svg


def test_it_labels_the_quadrants_in_the_page_language():
    nl = quadrant(language="nl")
    en = quadrant(language="en")
    for word in ("Veilig", "Angstig", "Vermijdend", "Angstig-", "vermijdend"):  # fearful: two lines
        assert word in nl
    for word in ("Secure", "preoccupied", "Avoidant", "Fearful"):
        assert word in en
    assert "Veilig" not in en


def test_it_moves_the_person_marker_with_the_scores():
    # SVG y grows downwards: more anxiety = smaller y; more avoidance = larger x.
    low = parse(quadrant(anxiety_theta=-1.0, avoidance_theta=-1.0))
    high = parse(quadrant(anxiety_theta=1.0, avoidance_theta=1.0))
    (x0, y0), (x1, y1) = marker_xy(low), marker_xy(high)
    assert x1 > x0 + 20
    assert y1 < y0 - 20


def test_it_draws_a_wider_ellipse_for_a_larger_standard_error():
    narrow = parse(quadrant(avoidance_se=0.2, anxiety_se=0.2))
    wide = parse(quadrant(avoidance_se=0.4, anxiety_se=0.2))
    w_narrow, h_narrow = path_extent(by_id(narrow, "uncertainty"))
    w_wide, h_wide = path_extent(by_id(wide, "uncertainty"))
    assert w_wide == pytest.approx(2 * w_narrow, rel=0.02)
    assert h_wide == pytest.approx(h_narrow, rel=0.02)


def test_it_keeps_ids_apart_for_two_plots_on_one_page():
    a, b = quadrant(id_prefix="one"), quadrant(id_prefix="two")
    ids_a = set(re.findall(r'id="([^"]+)"', a))
    ids_b = set(re.findall(r'id="([^"]+)"', b))
    assert ids_a and not ids_a & ids_b
    # every internal reference points at an id of the same plot
    for ref in re.findall(r'(?:url\(#|href="#)([^")]+)', a):
        assert ref in ids_a


@pytest.fixture
def occasion(f):  # type: ignore[no-untyped-def]
    def make(when, anx, anx_se, avo, avo_se):  # type: ignore[no-untyped-def]
        result = f.changed(
            f.PROFILES["secure"],
            anxiety_theta=anx,
            anxiety_se=anx_se,
            avoidance_theta=avo,
            avoidance_se=avo_se,
        )
        return Occasion(str(when), when, result)

    return make


def timeline(occasions, **kw):  # type: ignore[no-untyped-def]
    return timeline_svg(
        occasions,
        language=kw.pop("language", "nl"),
        title="Verloop",
        description="Twee metingen",
        **kw,
    )


def test_it_draws_a_timeline_with_bands_for_both_dimensions(occasion):
    occ = [
        occasion(date(2026, 1, 5), 1.0, 0.3, 0.4, 0.3),
        occasion(datetime(2026, 3, 1, 12, 0, tzinfo=UTC), 0.6, 0.25, 0.2, 0.28),
        occasion(date(2026, 5, 1), 0.2, 0.3, 0.0, 0.3),
    ]
    svg = timeline(occ, show_cuts=True)
    root = parse(svg)
    assert root.get("role") == "img"
    assert "style=" not in svg and "<style" not in svg
    bands = [el for el in root.iter() if (el.get("id") or "").endswith("band")]
    assert len(bands) == 2  # one per dimension
    assert "Hechtingsangst" in svg and "Hechtingsvermijding" in svg


def test_it_draws_a_single_occasion_without_a_band(occasion):
    svg = timeline([occasion(date(2026, 1, 5), 1.0, 0.3, 0.4, 0.3)], language="en")
    root = parse(svg)
    assert not [el for el in root.iter() if (el.get("id") or "").endswith("band")]
    assert "Anxiety" in svg


def test_it_refuses_an_empty_timeline_and_bad_occasions(occasion):
    with pytest.raises(ValueError, match="at least one occasion"):
        timeline([])
    with pytest.raises(ValueError, match="anxiety.se must be a number from 0.0"):
        occasion(date(2026, 1, 5), 1.0, -0.3, 0.4, 0.3)
    with pytest.raises(ValueError, match="anxiety.theta"):
        occasion(date(2026, 1, 5), float("nan"), 0.3, 0.4, 0.3)


def test_it_places_the_rq_dot_by_the_two_axes():
    from hechting.reports.plots import rq_svg

    def xy(self_model: int, other_model: int) -> tuple[float, float]:
        svg = rq_svg(
            model_of_self=self_model,
            model_of_other=other_model,
            language="nl",
            title="t",
            description="d",
        )
        assert "style=" not in svg and "Veilig" in svg
        return marker_xy(parse(svg))

    (x0, y0), (x1, y1) = xy(-6, -6), xy(6, 6)
    assert x1 > x0 + 20 and y1 < y0 - 20  # more positive: right and up
    with pytest.raises(ValueError, match="model_of_self"):
        rq_svg(model_of_self=13, model_of_other=0, language="nl", title="t", description="d")


def label_xy(root: ET.Element, text: str) -> tuple[float, float]:
    """Position of the <text> whose content starts with `text` (multi-line labels use tspans)."""
    for el in root.iter():
        if el.tag.endswith("text") and "".join(el.itertext()).startswith(text):
            if el.get("x") is not None:
                return float(el.get("x")), float(el.get("y"))
            x, y = re.search(r"translate\(([-\d.]+)[ ,]([-\d.]+)\)", el.get("transform")).groups()
            return float(x), float(y)
    raise AssertionError(f"no label {text!r}")


def test_it_puts_each_style_in_its_own_corner():
    # ECR: x = avoidance, y = anxiety (SVG y grows downwards)
    ecr = parse(quadrant(language="en"))
    secure, avoidant = label_xy(ecr, "Secure"), label_xy(ecr, "Avoidant")
    fearful = label_xy(ecr, "Fearful")
    assert avoidant[0] > secure[0] and abs(avoidant[1] - secure[1]) < 1
    assert fearful[1] < secure[1] and fearful[0] > secure[0]

    # RQ: x = view of others, y = view of yourself
    from hechting.reports.plots import rq_svg

    rq = parse(
        rq_svg(model_of_self=-6, model_of_other=6, language="en", title="t", description="d")
    )
    secure, anxious = label_xy(rq, "Secure"), label_xy(rq, "Anxious")
    avoidant, fearful = label_xy(rq, "Avoidant"), label_xy(rq, "Fearful")
    assert anxious[0] > fearful[0] and anxious[1] > secure[1]  # others okay, self not: bottom right
    assert avoidant[0] < secure[0] and avoidant[1] < fearful[1]  # self okay, others not: top left
    x, y = marker_xy(rq)
    assert x > fearful[0] and abs(y - anxious[1]) < abs(y - secure[1])  # the dot sits with anxious
