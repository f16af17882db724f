"""Counting attempts in a time window, shared by every app process (one place for all limits).

The counts live in Django's cache: the database cache by default, Redis with
HECHTING_CACHE_URL. Both are shared across processes and survive a restart of the app. A
window starts with the first attempt and lasts `window` seconds; `hit` counts one attempt and
says whether it is still within the limit. Identifiers (email addresses, IP addresses, user
ids) are hashed, so the cache holds no personal data.

Used by the login limiter (accounts/ratelimit.py), anonymous assessment creation (API and
pages), PDF rendering, and meant for every further limit (password reset e-mails, ...): add a
scope to settings.THROTTLES and call `hit(rule("scope"), identifier)`; a refused request
answers `too_many(request, verdict)` (429 with Retry-After) or a page of its own.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@dataclass(frozen=True)
class Rule:
    scope: str  # part of the cache key, e.g. "login-email"
    limit: int  # attempts allowed per window
    window: int  # seconds


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int  # seconds until the window ends (0 when allowed)


def client_ip(request: HttpRequest) -> str:
    # TrustedProxyMiddleware has already replaced a trusted proxy's address by its client's.
    return request.META.get("REMOTE_ADDR") or "unknown"


def rule(scope: str) -> Rule:
    limit, window = settings.THROTTLES[scope]
    return Rule(scope=scope, limit=limit, window=window)


def _key(rule: Rule, identifier: str) -> str:
    digest = hashlib.sha256(identifier.encode()).hexdigest()[:32]
    return f"throttle:{rule.scope}:{digest}"


def _retry_after(rule: Rule, key: str) -> int:
    started = cache.get(f"{key}:start")
    if started is None:
        return rule.window
    return max(1, int(started + rule.window - time.time()) + 1)


def hit(rule: Rule, identifier: str) -> Verdict:
    """Count one attempt; allowed while at most `limit` attempts fell in this window."""
    key = _key(rule, identifier)
    if cache.add(key, 1, timeout=rule.window):
        cache.set(f"{key}:start", time.time(), timeout=rule.window)
        count = 1
    else:
        try:
            count = cache.incr(key)  # atomic on Redis and on our database cache
        except ValueError:  # the window ended between add() and incr()
            cache.add(key, 1, timeout=rule.window)
            count = 1
    if count <= rule.limit:
        return Verdict(allowed=True, count=count, retry_after=0)
    return Verdict(allowed=False, count=count, retry_after=_retry_after(rule, key))


def peek(rule: Rule, identifier: str) -> Verdict:
    """Whether the next attempt would be refused because `limit` were already counted."""
    key = _key(rule, identifier)
    count = cache.get(key, 0)
    if count < rule.limit:
        return Verdict(allowed=True, count=count, retry_after=0)
    return Verdict(allowed=False, count=count, retry_after=_retry_after(rule, key))


def reset(rule: Rule, identifier: str) -> None:
    key = _key(rule, identifier)
    cache.delete_many([key, f"{key}:start"])


def too_many(request: HttpRequest, verdict: Verdict) -> HttpResponse:
    """The 429 page (JSON under /api/, see api/middleware.py), with Retry-After."""
    minutes = -(-verdict.retry_after // 60)
    ctx = {"status": 429, "minutes": minutes}
    response = render(request, "web/error.html", ctx, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


def person(request: HttpRequest) -> str:
    """Who is asking: the account when signed in, otherwise the client address."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_ip(request)}"
