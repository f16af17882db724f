import numpy as np
import pytest

from hechting.commands.calibrate import style_shares


def test_it_counts_the_share_of_each_style():
    styles = np.array(["secure", "anxious", "anxious", "fearful"])
    assert style_shares(styles) == {
        "secure": 0.25,
        "anxious": 0.5,
        "avoidant": 0.0,
        "fearful": 0.25,
    }


def test_it_refuses_an_empty_sample():
    with pytest.raises(ValueError, match="no persons"):
        style_shares(np.array([], dtype=str))
