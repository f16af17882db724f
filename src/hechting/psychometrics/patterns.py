"""Answer patterns that make a score hard to interpret."""

from collections import Counter
from collections.abc import Sequence

# Nine of ten RSES answers, 33 of 36 ECR answers, or all four RQ ratings the same.
FLAT_SHARE = 0.9
MIN_ANSWERS = 4


def same_answer_share(values: Sequence[int]) -> float:
    """The share of answers equal to the most common answer (0 for no answers)."""
    if not values:
        return 0.0
    return Counter(values).most_common(1)[0][1] / len(values)


def is_flat(values: Sequence[int], share: float = FLAT_SHARE) -> bool:
    """All, or nearly all, answers the same option: reverse-keyed items then contradict each
    other, and a score or style read from them says little about the person."""
    return len(values) >= MIN_ANSWERS and same_answer_share(values) >= share
