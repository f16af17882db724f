"""`{% retake_comparison %}`: at the top of a retake's report, the change since the last time.

Like `{% private_link %}`, it reads the assessment from the URL the (already authorised) page
was served for, and compares it with the latest earlier ECR this request may see.
"""

from typing import Any

from django import template

from hechting.assessments import access, services
from hechting.assessments.models import Assessment
from hechting.psychometrics.results import EcrResult, Occasion

register = template.Library()


def _occasion(assessment: Assessment) -> Occasion | None:
    result = services.result_of(assessment)
    if not isinstance(result, EcrResult):
        return None
    return Occasion(str(assessment.pk), assessment.completed or assessment.created, result)


@register.inclusion_tag("assessments/_retake.html", takes_context=True)
def retake_comparison(context: template.Context) -> dict[str, Any]:
    from hechting.program.progress import compare  # the progress page's comparison, in words

    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    pk = match.kwargs.get("pk") if match else None
    if request is None or pk is None:
        return {}
    this = access.get_owned(request, pk)
    if this.instrument != "ecr" or this.completed is None:
        return {}
    earlier = (
        access.owned(request)
        .filter(instrument="ecr", status=Assessment.Status.COMPLETED, completed__lt=this.completed)
        .order_by("-completed")
        .first()
    )
    before = _occasion(earlier) if earlier else None
    after = _occasion(this)
    if before is None or after is None:
        return {}
    return {
        "before": before,
        "after": after,
        "changes": compare(before, after),
        "signed_in": request.user.is_authenticated,
    }
