from collections.abc import Callable
from http import HTTPStatus

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

PREFIX = "/api/"


def error(status: int, detail: str | None = None) -> JsonResponse:
    return JsonResponse({"detail": detail or HTTPStatus(status).phrase + "."}, status=status)


class JsonErrorsMiddleware:
    """Every error under /api/ in JSON, also those Django answers itself (404, 405, 413, 500)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error(400, "The Content-Length header is not a number.")
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return _too_large()
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            retry_after = response.get("Retry-After")
            response = error(response.status_code)
            if retry_after:
                response["Retry-After"] = retry_after
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith(PREFIX) and isinstance(exception, RequestDataTooBig):
            return _too_large()
        return None


def _too_large() -> JsonResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return error(413, f"The request body is larger than {limit} bytes.")
