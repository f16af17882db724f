import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


class TrustedProxyMiddleware:
    """Believe X-Forwarded-For/-Proto from HECHTING_TRUSTED_PROXIES only; drop them otherwise.

    The same rule holds whatever the server is (waitress passes the headers through, gunicorn is
    given the same list), so `request.is_secure()` and REMOTE_ADDR — which the login limiter and
    the throttles count by — can be trusted.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if _trusted(meta.get("REMOTE_ADDR", "")):
            proto = meta.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower()
            if proto in {"http", "https"}:
                meta["wsgi.url_scheme"] = proto
            hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
            # The nearest hop that is not one of our proxies is the client; hops to its left
            # were written by the client and prove nothing.
            for hop in reversed(hops):
                if hop and not _trusted(hop):
                    meta["REMOTE_ADDR"] = hop
                    break
        else:
            for header in FORWARDED:
                meta.pop(header, None)
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response that does not set its own caching.

    Reports, PDFs, exports, program pages and the API's token all carry one person's data; a
    default for everything means a new private page cannot forget it. Our static files (served
    by WhiteNoise with their own long caching) are the exception.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and not request.path.startswith(
            settings.STATIC_URL
        ):
            response["Cache-Control"] = "no-store"
        return response
