"""`{% flat_answers as flat %}`: whether the answers of the page's assessment are (nearly) all the
same, so the page can say that such a pattern is hard to interpret instead of naming a style."""

from django import template

from hechting.assessments import access, services
from hechting.psychometrics.patterns import is_flat

register = template.Library()


@register.simple_tag(takes_context=True)
def flat_answers(context: template.Context) -> bool:
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    pk = match.kwargs.get("pk") if match else None
    if request is None or pk is None:
        return False
    assessment = access.get_owned(request, pk)
    answers = services.answers_of(assessment)
    # The RQ's last answer is a choice among the four, not a rating.
    values = [v for item, v in answers.items() if item != "choice"]
    return is_flat(values)
