import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hechting.program.crypto import JournalKeyError

logger = logging.getLogger(__name__)


class JournalKeyErrorMiddleware:
    """A wrong journal key gives a clear page (503) and a log line — never ciphertext."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, JournalKeyError):
            return None
        logger.error("Journal key problem: %s", exception)
        return render(request, "program/key_error.html", status=503)
