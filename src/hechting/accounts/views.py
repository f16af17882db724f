from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hechting.accounts import ratelimit, services
from hechting.accounts.forms import (
    DeleteAccountForm,
    LoginForm,
    NewPasswordForm,
    ResetForm,
    SignupForm,
)
from hechting.accounts.models import User
from hechting.assessments.models import Assessment
from hechting.assessments.views import OFFERS
from hechting.notifications.kinds import KINDS
from hechting.notifications.models import Subscription
from hechting.web import throttle
from hechting.web.http import AuthenticatedRequest


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


def _sign_in(request: HttpRequest, user: User, *, remember: bool) -> None:
    login(request, user)
    # Without "keep me signed in" the session cookie dies with the browser.
    request.session.set_expiry(None if remember else 0)
    kept = services.claim_anonymous_assessments(user=user, session=request.session)
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


def _language() -> str:
    return "nl" if (get_language() or "nl").startswith("nl") else "en"


def _mail_allowed(request: HttpRequest) -> throttle.Verdict:
    """Per client address: sign-up, password reset and private-link e-mails together."""
    return throttle.hit(throttle.rule("mail-ip"), throttle.client_ip(request))


def _recipient_allowed(scope: str, email: str) -> bool:
    """Per recipient: over the limit nothing is sent, and the page does not change."""
    return throttle.hit(throttle.rule(scope), email.strip().lower()).allowed


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if not (verdict := _mail_allowed(request)).allowed:
            return throttle.too_many(request, verdict)
        if form.is_valid():
            email = form.cleaned_data["email"]
            # Over the per-address limit nothing is sent, and the page looks the same.
            if _recipient_allowed("signup-email", email):
                services.request_signup(
                    email=email,
                    password=form.cleaned_data["password1"],
                    next_url=_next_url(request),
                    language=_language(),
                    request=request,
                )
            return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form, "next": _next_url(request)})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html")


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    # GET only asks for a click: mail systems open links to scan them, and that must not
    # use up the link.
    if request.method == "GET":
        valid = services.pending_signup(token) is not None
        return render(
            request, "accounts/signup_confirm.html", {"valid": valid}, status=200 if valid else 404
        )
    user, next_url = services.confirm_signup(token=token)
    if user is None:
        return render(request, "accounts/signup_confirm.html", {"valid": False}, status=404)
    _sign_in(request, user, remember=False)
    messages.success(request, _("Welcome! Your account has been created."))
    safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
    return redirect(next_url if next_url and safe else settings.LOGIN_REDIRECT_URL)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, throttled per address and per e-mail; it never says if an account exists."""

    form_class = ResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (verdict := _mail_allowed(request)).allowed:
            return throttle.too_many(request, verdict)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: ResetForm) -> HttpResponse:
        email = form.cleaned_data["email"]
        if not _recipient_allowed("reset-email", email):
            return redirect(self.success_url)  # the same page as when a mail went out
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        ratelimit.reset(email=form.user.email)  # a new password lifts a lockout
        return super().form_valid(form)


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
def account(request: AuthenticatedRequest) -> HttpResponse:
    chosen = set(Subscription.objects.filter(user=request.user).values_list("kind", flat=True))
    kinds = [(kind, kind.name in chosen) for kind in KINDS.values()]
    return render(request, "accounts/account.html", {"reminder_kinds": kinds})


@login_required
def export(request: AuthenticatedRequest) -> HttpResponse:
    data = services.export_zip(user=request.user, language=_language())
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="hechting-{stamp}.zip"'
    return response


@login_required
def delete(request: AuthenticatedRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user=user)
        messages.success(request, _("Your account and everything in it have been deleted."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
def results(request: AuthenticatedRequest) -> HttpResponse:
    """Every questionnaire of this person, newest first, each opening its report."""
    rows = [
        {
            "assessment": a,
            "title": OFFERS.get((a.instrument, a.mode), {}).get(
                "title", a.get_instrument_display()
            ),
            "when": a.completed or a.created,
            "pdf": a.instrument == "ecr",
        }
        for a in Assessment.objects.filter(user=request.user).order_by("-created")
    ]
    return render(request, "accounts/results.html", {"rows": rows})
