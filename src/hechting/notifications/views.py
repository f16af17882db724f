from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from hechting.notifications import reminders, schedules
from hechting.notifications.kinds import KINDS
from hechting.web.http import AuthenticatedRequest


def _language() -> str:
    return "nl" if (get_language() or "nl").startswith("nl") else "en"


@login_required
@require_POST
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    """Set the person's opt-ins: the kinds posted as `kind` are on; with `only`, just that one."""
    wanted = set(request.POST.getlist("kind")) & set(KINDS)
    scope = {request.POST["only"]} & set(KINDS) if request.POST.get("only") else set(KINDS)
    for name in scope:
        if name in wanted:
            reminders.subscribe(user=request.user, kind=name, language=_language())
            schedules.SCHEDULERS.get(name, lambda user: None)(request.user)
        else:
            reminders.unsubscribe(user=request.user, kind=name)
    messages.success(request, _("Your reminder choices are saved."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "accounts:account"
    return redirect(target)


# A mail program's one-click unsubscribe (RFC 8058) POSTs without our CSRF cookie; the signed
# token in the address is the authorisation, and unsubscribing is all it can do.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = reminders.read_unsubscribe_token(token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    user, kind = found
    # GET only asks: link scanners in mail systems open links without a person clicking.
    done = request.method == "POST"
    if done:
        reminders.unsubscribe(user=user, kind=kind)
    return render(request, "notifications/unsubscribe.html", {"kind": KINDS[kind], "done": done})
