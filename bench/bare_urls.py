import json

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

TABLE = "bench_bare"


def create_table() -> None:
    key = "bigserial" if connection.vendor == "postgresql" else "integer"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id {key} PRIMARY KEY, value integer)")


@csrf_exempt
def bare(request: HttpRequest) -> JsonResponse:
    value = int(json.loads(request.body)["value"])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} (value) VALUES (%s)", [value])  # noqa: S608
    return JsonResponse({"ok": True, "value": value})


urlpatterns = [path("bench/bare", bare), path("", include("hechting.web.urls"))]
