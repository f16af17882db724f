"""A small cache-based login limiter (instead of django-axes: no extra dependency or tables).

Failures are counted per email address (hashed, so the cache holds no addresses) and per IP
address within a window; while either count is at its limit, logins are refused without even
checking the password. The default local-memory cache suits `hechting serve` (one process);
a multi-process deployment needs a shared cache in CACHES.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _keys(email: str, ip: str) -> tuple[str, str]:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"login-fail:email:{digest}", f"login-fail:ip:{ip}"


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR") or "unknown"


def is_locked(*, email: str, ip: str) -> bool:
    email_key, ip_key = _keys(email, ip)
    return (
        cache.get(email_key, 0) >= settings.LOGIN_FAILURE_LIMIT
        or cache.get(ip_key, 0) >= settings.LOGIN_FAILURE_LIMIT_PER_IP
    )


def record_failure(*, email: str, ip: str) -> None:
    for key in _keys(email, ip):
        # add() starts the window; incr() keeps its original expiry.
        if not cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)


def reset(*, email: str) -> None:
    cache.delete(_keys(email, "")[0])
