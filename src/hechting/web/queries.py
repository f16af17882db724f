"""What the home page shows a returning, signed-in person."""

from typing import Any

from hechting.assessments.models import Assessment
from hechting.assessments.views import OFFERS
from hechting.program.queries import STEP_TITLES, program_status


def welcome_back(user: Any) -> dict[str, Any]:
    """Their latest result (or None) and the next step of the program (None when all started)."""
    latest = (
        Assessment.objects.filter(user=user, status=Assessment.Status.COMPLETED)
        .order_by("-completed")
        .first()
    )
    step = program_status(user)["current"]
    return {
        "latest": latest,
        "latest_title": OFFERS[(latest.instrument, latest.mode)]["title"] if latest else "",
        "next_step": step,
        "next_step_title": STEP_TITLES.get(step, "") if isinstance(step, int) else "",
    }
