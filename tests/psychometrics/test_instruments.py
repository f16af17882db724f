"""Instrument definitions: keys are tied to item text, not only to item numbers."""

import numpy as np
import pytest

from hechting.psychometrics.instruments import INSTRUMENT_CODES, load_instrument

# The reverse-keyed ECR items, by their verbatim text (Brennan, Clark & Shaver, 1998).
ECR_REVERSED = {
    "Q3": "I am very comfortable being close to romantic partners.",
    "Q15": "I feel comfortable sharing my private thoughts and feelings with my partner.",
    "Q19": "I find it relatively easy to get close to my partner.",
    "Q22": "I do not often worry about being abandoned.",
    "Q25": "I tell my partner just about everything.",
    "Q27": "I usually discuss my problems and concerns with my partner.",
    "Q29": "I feel comfortable depending on romantic partners.",
    "Q31": "I don't mind asking romantic partners for comfort, advice, or help.",
    "Q33": "It helps to turn to my romantic partner in times of need.",
    "Q35": "I turn to my partner for many things, including comfort and reassurance.",
}

# ECR-S number -> (ECR item id, reversed, scale), Wei et al. (2007)
ECR_S = {
    1: ("Q33", True, "avoidance"),
    2: ("Q18", False, "anxiety"),
    3: ("Q11", False, "avoidance"),
    4: ("Q26", False, "anxiety"),
    5: ("Q35", True, "avoidance"),
    6: ("Q16", False, "anxiety"),
    7: ("Q17", False, "avoidance"),
    8: ("Q22", True, "anxiety"),
    9: ("Q27", True, "avoidance"),
    10: ("Q32", False, "anxiety"),
    11: ("Q13", False, "avoidance"),
    12: ("Q6", False, "anxiety"),
}

# The reverse-keyed RSES items in the order of shared/data/rse/codebook.txt, by text.
RSES_REVERSED = {
    "Q3": "All in all, I am inclined to feel that I am a failure.",
    "Q5": "I feel I do not have much to be proud of.",
    "Q8": "I wish I could have more respect for myself.",
    "Q9": "I certainly feel useless at times.",
    "Q10": "At times I think I am no good at all.",
}


def test_it_loads_every_instrument_with_dutch_marked_as_project_translation():
    for code in INSTRUMENT_CODES:
        inst = load_instrument(code)
        assert inst.code == code
        assert "project translation" in inst.translation_nl
        assert "not a validated" in inst.translation_nl
        assert inst.citation and inst.licence and inst.source
        for item in inst.items:
            assert item.text.en.strip() and item.text.nl.strip()
            assert item.text.en != item.text.nl
            assert item.scale in inst.scale_codes
        assert len({item.id for item in inst.items}) == len(inst.items)
        assert {o.value for o in inst.response_labels} <= set(
            range(inst.response_min, inst.response_max + 1)
        )


def test_it_keys_the_ecr_reverse_items_by_their_text():
    ecr = load_instrument("ecr")
    assert len(ecr.items) == 36
    assert ecr.item_ids == tuple(f"Q{n}" for n in range(1, 37))
    reversed_items = {item.id: item.text.en for item in ecr.items if item.reverse}
    assert reversed_items == ECR_REVERSED


def test_it_puts_even_ecr_items_on_anxiety_and_odd_on_avoidance():
    ecr = load_instrument("ecr")
    for item in ecr.items:
        assert item.scale == ("anxiety" if item.number % 2 == 0 else "avoidance")
    assert len(ecr.scale_items("anxiety")) == len(ecr.scale_items("avoidance")) == 18


def test_it_shows_ecr_item_6_with_an_apostrophe():
    text = load_instrument("ecr").item("Q6").text.en
    assert text == (
        "I worry that romantic partners won't care about me as much as I care about them."
    )


def test_it_labels_the_five_ecr_answers():
    labels = [o.label.en for o in load_instrument("ecr").response_labels]
    assert labels == [
        "strongly disagree",
        "disagree",
        "neither agree nor disagree",
        "agree",
        "strongly agree",
    ]


def test_it_maps_the_ecr_s_numbering_to_ecr_items_with_the_same_text_and_key():
    ecr, ecrs = load_instrument("ecr"), load_instrument("ecr-s")
    assert [item.number for item in ecrs.items] == list(range(1, 13))
    for item in ecrs.items:
        ecr_id, reverse, scale = ECR_S[item.number]
        assert (item.id, item.reverse, item.scale) == (ecr_id, reverse, scale)
        assert item.ecr_number == int(ecr_id[1:])
        assert item.text == ecr.item(ecr_id).text
        assert item.reverse == ecr.item(ecr_id).reverse


def test_it_keys_the_rses_by_text_in_codebook_order():
    rses = load_instrument("rses")
    assert rses.item_ids == tuple(f"Q{n}" for n in range(1, 11))
    assert {i.id: i.text.en for i in rses.items if i.reverse} == RSES_REVERSED
    assert rses.item("Q1").text.en.startswith("I feel that I am a person of worth")
    assert (rses.response_min, rses.response_max) == (1, 4)


def test_it_keys_ecr_rs_avoidance_items_1_to_4_reversed():
    inst = load_instrument("ecr-rs")
    assert [(i.number, i.scale, i.reverse) for i in inst.items] == [
        (1, "avoidance", True),
        (2, "avoidance", True),
        (3, "avoidance", True),
        (4, "avoidance", True),
        (5, "avoidance", False),
        (6, "avoidance", False),
        (7, "anxiety", False),
        (8, "anxiety", False),
        (9, "anxiety", False),
    ]
    assert inst.item("Q1").text.en == "It helps to turn to this person in times of need."
    assert [t.code for t in inst.targets] == ["mother", "father", "partner", "friend"]
    assert (inst.response_min, inst.response_max) == (1, 7)


def test_it_defines_the_rq_prototypes_and_models():
    rq = load_instrument("rq")
    assert [(i.id, i.scale) for i in rq.items] == [
        ("A", "secure"),
        ("B", "fearful"),
        ("C", "preoccupied"),
        ("D", "dismissing"),
    ]
    assert rq.item("A").text.en.startswith("It is easy for me to become emotionally close")
    assert rq.forced_choice
    assert dict(rq.models)["self"] == (
        ("secure", 1),
        ("dismissing", 1),
        ("fearful", -1),
        ("preoccupied", -1),
    )


def test_it_recodes_reverse_items_as_min_plus_max_minus_x():
    ecr = load_instrument("ecr")
    raw = np.full((1, 36), np.nan)
    raw[0, 2] = 1  # Q3, reversed
    raw[0, 1] = 1  # Q2, not reversed
    keyed = ecr.key(raw)
    assert keyed[0, 2] == 5 and keyed[0, 1] == 1
    assert np.isnan(keyed[0, 0])
    assert ecr.categories(raw)[0, 2] == 4


@pytest.mark.parametrize("bad", [0, 6, 2.5, -1])
def test_it_rejects_answers_outside_the_response_format(bad):
    raw = np.full((1, 36), 3.0)
    raw[0, 5] = bad
    with pytest.raises(ValueError, match="1..5"):
        load_instrument("ecr").key(raw)


def test_it_refuses_an_unknown_instrument():
    with pytest.raises(KeyError):
        load_instrument("mmpi")
