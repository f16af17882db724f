import json
from dataclasses import replace

import numpy as np
import pytest

from hechting.psychometrics import results
from hechting.psychometrics.attachment import AttachmentModel, load_attachment_model
from hechting.psychometrics.irt.grm import GRMParams
from hechting.psychometrics.norms import load_norms

ALL_THREE = {f"Q{i}": 3 for i in range(1, 37)}


def test_it_round_trips_every_result_through_json_exactly():
    made = [
        results.ecr_result({f"Q{i}": 1 + i % 5 for i in range(1, 37)}),
        results.ecr_result({f"Q{i}": 1 + i % 5 for i in range(1, 37)}, instrument="ecr-s"),
        results.rq_result({"A": 6, "B": 2, "C": 3, "D": 5, "choice": 4}),
        results.rses_result({f"Q{i}": 1 + i % 4 for i in range(1, 11)}),
    ]
    for result in made:
        text = json.dumps(result.to_json())
        again = results.result_from_json(json.loads(text))
        assert again == result
        assert json.dumps(again.to_json()) == text  # floats survive byte for byte


def test_it_agrees_with_the_vectorised_model_for_one_person():
    answers = {f"Q{i}": 1 + (i * 7) % 5 for i in range(1, 37)}
    one = results.ecr_result(answers)
    model = load_attachment_model()
    row = model.score(results.ecr_row(answers))
    assert one.anxiety.theta == float(row.anxiety_theta[0])
    assert one.avoidance.se == float(row.avoidance_se[0])
    assert one.security == float(row.security[0])
    assert one.style == str(row.style[0])
    assert one.anxiety.t == 50 + 10 * one.anxiety.theta
    assert one.anxiety.cut_theta == model.scale("anxiety").cut
    assert one.n_answered == 36 and one.note == ""


def test_it_names_the_model_by_its_content():
    model = load_attachment_model()
    assert model.parameters_id.startswith("ecr-grm@sha256:")
    anxiety = model.scales[0]
    shifted = replace(anxiety, params=GRMParams(a=anxiety.params.a + 0.01, b=anxiety.params.b))
    other = AttachmentModel(scales=(shifted, model.scales[1]), norms=model.norms)
    assert other.parameters_id != model.parameters_id
    assert results.ecr_result(ALL_THREE, model=other).scored_with.parameters == other.parameters_id
    assert results.norms_id(load_norms("ecr")) != results.norms_id(load_norms("rses"))


def test_it_keeps_the_rq_arithmetic_and_the_letter_to_style_map_in_the_core():
    r = results.rq_result({"A": 3, "B": 5, "C": 6, "D": 2, "choice": 3})
    assert (r.self_model, r.other_model) == ((3 + 2) - (5 + 6), (3 + 6) - (5 + 2))
    assert r.by_prototype == {"secure": 3, "fearful": 5, "preoccupied": 6, "dismissing": 2}
    styles = [
        results.rq_result({"A": 1, "B": 1, "C": 1, "D": 1, "choice": c}).choice_style
        for c in (1, 2, 3, 4)
    ]
    assert styles == ["secure", "fearful", "anxious", "avoidant"]
    assert results.rq_result({"A": 1, "B": 1, "C": 1, "D": 1}).choice is None
    with pytest.raises(ValueError, match="missing D"):
        results.rq_result({"A": 1, "B": 1, "C": 1})


def test_it_scores_the_rses_against_its_one_norm_table():
    norms = load_norms("rses")
    assert list(norms.tables) == ["rses/sum"]
    r = results.rses_result({f"Q{i}": 3 for i in range(1, 11)})
    keyed = [3 if i not in (3, 5, 8, 9, 10) else 2 for i in range(1, 11)]
    assert r.total == sum(keyed) and r.mean == np.mean(keyed)
    assert r.percentile == float(norms["rses/sum"].percentile(r.total))
    assert r.t == float(norms["rses/sum"].t_score(r.total))
    with pytest.raises(ValueError, match="7 of 10 answered, at least 8 needed"):
        results.rses_result({f"Q{i}": 3 for i in range(1, 8)})


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("anxiety", "theta"), "high", "result.anxiety.theta must be a number"),
        (("styles", "secure"), None, "result.styles.secure must be a number"),
        (("style",), "clingy", "style must be one of"),
        (("scored_with",), [], "scored_with must be an object"),
        (("instrument",), "mbti", "unknown instrument 'mbti'"),
        (("n_answered",), 3.5, "result.n_answered must be a whole number"),
    ],
)
def test_it_names_the_field_of_a_malformed_stored_result(path, value, message):
    doc = results.ecr_result(ALL_THREE).to_json()
    target = doc
    for key in path[:-1]:
        target = target[key]  # type: ignore[assignment]
    target[path[-1]] = value
    with pytest.raises(ValueError, match=message):
        results.result_from_json(doc)


def test_it_refuses_an_ecr_without_answers_on_a_scale():
    with pytest.raises(ValueError, match="cannot be scored"):
        results.ecr_result({"Q2": 3})  # anxiety only
