"""`{% private_link %}`: the box with the private link on a result page (screen only, not PDF).

A tag rather than view context, so the report views keep their shape: it reads the assessment
from the URL the page was served for, which the view has already authorised.
"""

from typing import Any

from django import template
from django.urls import reverse

from hechting.assessments import access
from hechting.assessments.forms import LinkMailForm

register = template.Library()


@register.inclusion_tag("assessments/_private_link.html", takes_context=True)
def private_link(context: template.Context, part: str = "box") -> dict[str, Any]:
    """`part` "banner": one line at the top of a long report pointing to the box below it."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    pk = match.kwargs.get("pk") if match else None
    if request is None or pk is None:
        return {"show": False}
    assessment = access.get_owned(request, pk)
    token = access.resume_token(request, assessment)
    url = ""
    if token and assessment.user_id is None:
        url = request.build_absolute_uri(reverse("assessments:resume", kwargs={"token": token}))
    return {
        "show": True,
        "banner": part == "banner",
        "assessment": assessment,
        "kept": assessment.user_id is not None,
        "url": url,
        "form": LinkMailForm(),
        "signup_url": reverse("accounts:signup"),
        "signed_in": request.user.is_authenticated,
    }
