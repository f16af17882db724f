"""The one place that decides which of our two languages a page is in."""

from typing import Literal

from django.utils.translation import get_language

Language = Literal["nl", "en"]


def current_language() -> Language:
    """The active language as one of ours: Dutch (the default, also when none is active) or
    English."""
    return "nl" if (get_language() or "nl").startswith("nl") else "en"
