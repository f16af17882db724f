from hechting.psychometrics.patterns import is_flat, same_answer_share


def test_it_finds_all_and_nearly_all_the_same_answer():
    assert same_answer_share([3] * 10) == 1.0
    assert is_flat([3] * 10)
    assert is_flat([3] * 9 + [4])  # nine of ten
    assert not is_flat([3] * 8 + [4, 5])
    assert is_flat([2] * 33 + [1, 4, 5])  # 33 of 36
    assert not is_flat([2] * 32 + [1, 4, 5, 5])


def test_it_says_nothing_about_too_few_answers():
    assert not is_flat([])
    assert not is_flat([4, 4, 4])
    assert same_answer_share([]) == 0.0
