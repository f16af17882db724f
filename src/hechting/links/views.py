from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hechting.assessments import services as assessment_services
from hechting.links import access, queries, services
from hechting.links.forms import CodeForm, ScopesForm
from hechting.links.models import Link, Scope
from hechting.psychometrics import results
from hechting.reports.plots import style_names

SESSION_KEY = "link_invitations"  # {link pk: [token, code]}: shown to the inviter, never stored
CODE_FAILURE_LIMIT = 10
CODE_FAILURE_WINDOW = 15 * 60

ERRORS = {
    "own_invitation": gettext_lazy("This is your own invitation: send it to the other person."),
    "already_linked": gettext_lazy("You are already linked with this person."),
    "used_or_expired": gettext_lazy("This invitation has been used, withdrawn or has expired."),
    "not_active": gettext_lazy("This link has ended."),
}


def _email(user_id: int | None) -> str:
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return user.email if user else _("(account deleted)")


def _member_link(request: HttpRequest, pk: int) -> Link:
    """An active link, or an open invitation of the inviter, of which the person is a member."""
    link = Link.objects.filter(pk=pk).first()
    if link is None or not link.has_member(request.user.pk):
        raise Http404
    mine = link.inviter_id == request.user.pk
    if link.is_active or (link.status == Link.Status.INVITED and mine):
        return link
    raise Http404


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    me = request.user.pk
    notices = list(queries.unread_notices(me))
    rows = [
        {"link": link, "other": _email(link.other_id(me)) if link.is_active else ""}
        for link in queries.links_of(me)
    ]
    for notice in notices:
        link = Link.objects.filter(pk=notice.link_number).first()
        notice.other = _email(link.other_id(me)) if link else _("(account deleted)")
    queries.unread_notices(me).update(read_at=timezone.now())
    return render(
        request,
        "links/overview.html",
        {"rows": rows, "notices": notices, "form": ScopesForm(), "code_form": CodeForm()},
    )


@login_required
def invite(request: HttpRequest) -> HttpResponse:
    form = ScopesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite(inviter=request.user, scopes=form.cleaned_data["scopes"])
        shown = dict(request.session.get(SESSION_KEY, {}))
        shown[str(invitation.link.pk)] = [invitation.token, invitation.code]
        request.session[SESSION_KEY] = shown
        return redirect("links:detail", pk=invitation.link.pk)
    return render(request, "links/invite.html", {"form": form})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    link = _member_link(request, pk)
    me = request.user.pk
    form = ScopesForm(request.POST or None, initial={"scopes": link.scopes_of(me)})
    if request.method == "POST" and form.is_valid():
        services.set_scopes(link=link, user=request.user, scopes=form.cleaned_data["scopes"])
        messages.success(request, _("Saved. The change takes effect at once."))
        return redirect("links:detail", pk=pk)
    secrets = request.session.get(SESSION_KEY, {}).get(str(pk)) if not link.is_active else None
    url = (
        request.build_absolute_uri(reverse("links:invitation", kwargs={"token": secrets[0]}))
        if secrets
        else ""
    )
    context = {
        "link": link,
        "form": form,
        "other": _email(link.other_id(me)) if link.is_active else "",
        "invitation_url": url,
        "invitation_code": secrets[1] if secrets else "",
        "their_scopes": [Scope(s).label for s in link.scopes_of(link.other_id(me))],
    }
    return render(request, "links/detail.html", context)


@login_required
def stop(request: HttpRequest, pk: int) -> HttpResponse:
    link = _member_link(request, pk)
    if request.method == "POST":
        services.stop(link=link, user=request.user)
        messages.success(
            request,
            _("Sharing has stopped. The other person no longer sees anything of yours.")
            if link.is_active
            else _("The invitation has been withdrawn."),
        )
        return redirect("links:overview")
    other = _email(link.other_id(request.user.pk))
    return render(request, "links/stop.html", {"link": link, "other": other})


def _answer(request: HttpRequest, link: Link | None, secret: dict[str, str]) -> HttpResponse:
    """The invitee's page: who invites, what each side will see, accept or decline."""
    if link is None:
        return render(request, "links/invitation_invalid.html", status=404)
    form = ScopesForm(request.POST if request.POST.get("action") else None)
    action = request.POST.get("action")
    if action in ("accept", "decline") and (action == "decline" or form.is_valid()):
        try:
            if action == "accept":
                link = services.accept(
                    link=link, invitee=request.user, scopes=form.cleaned_data["scopes"]
                )
                messages.success(request, _("You are now linked."))
                return redirect("links:detail", pk=link.pk)
            services.decline(link=link, invitee=request.user)
            messages.success(request, _("You declined the invitation."))
            return redirect("links:overview")
        except services.LinkError as exc:
            messages.error(request, ERRORS.get(exc.code, exc.code))
            return redirect("links:overview")
    context = {
        "link": link,
        "form": form,
        "inviter": _email(link.inviter_id),
        "their_scopes": [Scope(s).label for s in link.inviter_scopes],
        "secret": secret,
        "own": link.inviter_id == request.user.pk,
    }
    return render(request, "links/invitation.html", context)


@login_required
def by_token(request: HttpRequest, token: str) -> HttpResponse:
    return _answer(request, services.find_invitation(token=token), {"token": token})


def _code_failures_key(request: HttpRequest) -> str:
    return f"links-code-fail:{request.user.pk}"


@login_required
def by_code(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        key = _code_failures_key(request)
        if cache.get(key, 0) >= CODE_FAILURE_LIMIT:
            form.add_error("code", _("Too many wrong codes. Try again in a quarter of an hour."))
            return render(request, "links/code.html", {"form": form}, status=429)
        code = form.cleaned_data["code"]
        link = services.find_invitation(code=code)
        if link is not None:
            return _answer(request, link, {"code": code})
        if not cache.add(key, 1, timeout=CODE_FAILURE_WINDOW):
            cache.incr(key)
        form.add_error("code", ERRORS["used_or_expired"])
    return render(request, "links/code.html", {"form": form})


@login_required
def partner(request: HttpRequest, pk: int) -> HttpResponse:
    """The other person's shared results; each part read through the checked, logged gate."""
    me = request.user.pk
    link = access.active_link(viewer_id=me, link_id=pk)
    parts: dict[str, object] = {}
    for scope in (Scope.STYLE, Scope.RESULTS):
        if access.granted(viewer_id=me, link_id=pk, scope=scope):
            assessment = access.read_through_link(
                viewer_id=me,
                link_id=pk,
                scope=scope,
                what="latest ECR result",
                read=queries.latest_ecr,
            )
            parts[scope] = assessment_services.ecr_result_of(assessment) if assessment else None
    style = parts.get(Scope.STYLE)
    context = {
        "link": link,
        "other": _email(link.other_id(me)),
        "style_name": style_names()[style.style] if isinstance(style, results.EcrResult) else "",
        "results": parts.get(Scope.RESULTS),
        "shares_style": Scope.STYLE in parts,
        "shares_results": Scope.RESULTS in parts,
    }
    return render(request, "links/partner.html", context)
