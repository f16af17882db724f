"""A small cache-based throttle for requests that send e-mail (sign-up, password reset).

Fixed windows: a count per (scope, identity, window number) in Django's cache, so processes that
share a cache share the counts. Identities are hashed: the cache holds no addresses. Written here
because the shared limiter of the production-readiness work was not on main yet; when it lands,
this module should delegate to it.
"""

import hashlib
import math
import time

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def hit(scope: str, identity: str, limit: tuple[int, int]) -> int | None:
    """Count one request; return the seconds to wait if this one is over `limit`, else None.

    `limit` is (requests, seconds).
    """
    allowed, window = limit
    now = time.time()
    bucket = int(now // window)
    digest = hashlib.sha256(identity.strip().lower().encode()).hexdigest()
    key = f"throttle:{scope}:{digest}:{bucket}"
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=window + 1)
            count = 1
    if count <= allowed:
        return None
    return max(1, math.ceil((bucket + 1) * window - now))


def too_many(request: HttpRequest, wait: int) -> HttpResponse:
    """The 429 page, with Retry-After in seconds."""
    minutes = max(1, (wait + 59) // 60)
    response = render(request, "accounts/throttled.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait)
    return response
