"""Care when a result may hurt: which short, specific messages the report shows near its top.

One rule for both: a result in the norm group's bottom ``LOW_PERCENT`` — attachment security
(the secure-fearful diagonal) or Rosenberg self-esteem. The templates only show the messages.
"""

from __future__ import annotations

from dataclasses import dataclass

LOW_PERCENT = 5  # the bottom 5 % of the norm group


@dataclass(frozen=True)
class Care:
    very_insecure: bool
    very_low_self_esteem: bool
    threshold: int = LOW_PERCENT

    @property
    def needed(self) -> bool:
        return self.very_insecure or self.very_low_self_esteem


def care_for(*, security: float, rses_percentile: float | None) -> Care:
    """``security`` and ``rses_percentile`` are norm percentiles (0..100); RSES may be absent."""
    return Care(
        very_insecure=security < LOW_PERCENT,
        very_low_self_esteem=rses_percentile is not None and rses_percentile < LOW_PERCENT,
    )


def care_for_self_esteem(rses_percentile: float | None) -> Care:
    """For a self-esteem result shown on its own, without an attachment result."""
    return Care(
        very_insecure=False,
        very_low_self_esteem=rses_percentile is not None and rses_percentile < LOW_PERCENT,
    )
