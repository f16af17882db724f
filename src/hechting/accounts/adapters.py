"""The one place where accounts meets the assessments app (owned by another helper)."""

from typing import Any


def claim_anonymous_assessments(*, user: Any, session: Any) -> int:
    """Attach anonymous assessments from this session to `user`; returns how many.

    Not wired yet: the assessments app is not on main. Returns 0 until it is.
    """
    return 0
