from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hechting.accounts import ratelimit, services
from hechting.accounts.forms import DeleteAccountForm, LoginForm, SignupForm
from hechting.web import throttle


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


def _sign_in(request: HttpRequest, user: object, *, remember: bool) -> None:
    login(request, user)
    # Without "keep me signed in" the session cookie dies with the browser.
    request.session.set_expiry(None if remember else 0)
    kept = services.claim_anonymous_assessments(user=request.user, session=request.session)
    if kept:
        messages.success(
            request,
            ngettext(
                "Your test result is now kept with your account.",
                "Your %(count)d test results are now kept with your account.",
                kept,
            )
            % {"count": kept},
        )


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        _sign_in(request, user, remember=False)
        messages.success(request, _("Welcome! Your account has been created."))
        return redirect(_next_url(request))
    return render(request, "accounts/signup.html", {"form": form, "next": _next_url(request)})


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST":
        email, ip = request.POST.get("username", ""), ratelimit.client_ip(request)
        verdict = ratelimit.attempt(email=email, ip=ip)
        if not verdict.allowed:
            return _locked(request, email, verdict)
        if form.is_valid():
            ratelimit.reset(email=email)
            _sign_in(request, form.get_user(), remember=form.cleaned_data["remember"])
            return redirect(_next_url(request))
        ratelimit.record_failure(ip=ip)
    context = {"form": form, "locked": False, "next": _next_url(request)}
    return render(request, "accounts/login.html", context)


def _locked(request: HttpRequest, email: str, verdict: throttle.Verdict) -> HttpResponse:
    # The password is never looked at: the page is the same for a right and a wrong one.
    form = LoginForm(request, initial={"username": email[:254]})
    context = {"form": form, "locked": True, "next": _next_url(request)}
    response = render(request, "accounts/login.html", context, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html")


@login_required
def export(request: HttpRequest) -> HttpResponse:
    data = services.export_zip(user=request.user)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="hechting-{stamp}.zip"'
    return response


@login_required
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user=user)
        messages.success(request, _("Your account and everything in it have been deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})
