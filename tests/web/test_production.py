"""Behaviour behind a proxy, under abuse and at the edges of the API (issue 9's probes)."""

import ipaddress

import pytest
from django.core.cache import cache
from django.test import Client

API = "/api/v1"
ECR = {"instrument": "ecr", "mode": "adaptive"}


@pytest.fixture(autouse=True)
def _fresh_counts():
    cache.clear()
    yield
    cache.clear()


def _create(client, body=ECR, **extra):
    return client.post(f"{API}/assessments", body, content_type="application/json", **extra)


# --- behind a TLS proxy ---------------------------------------------------------------------


@pytest.fixture
def secure(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1")]


@pytest.mark.django_db
def test_it_serves_https_that_a_trusted_proxy_reports(secure):
    r = Client().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert r.status_code == 200


@pytest.mark.django_db
def test_it_redirects_plain_http_from_a_trusted_proxy(secure):
    r = Client().get("/")
    assert r.status_code == 301 and r["Location"] == "https://testserver/"


@pytest.mark.django_db
def test_it_ignores_the_proto_header_from_an_untrusted_address(secure):
    r = Client().get("/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="192.0.2.5")
    assert r.status_code == 301


# --- no caching of private data ---------------------------------------------------------------


@pytest.mark.django_db
def test_it_forbids_caching_the_response_that_carries_a_token(client):
    r = _create(client)
    assert r.status_code == 201
    assert r["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_it_lets_static_files_keep_their_own_caching(client):
    r = client.get("/static/hechting/hechting.css")
    assert r.status_code == 200
    assert "no-store" not in r.get("Cache-Control", "")


# --- API errors in JSON, and an OpenAPI document that says what the API does -----------------


@pytest.mark.django_db
def test_it_answers_an_oversized_api_body_with_a_json_413(client):
    r = client.post(f"{API}/assessments", "x" * (10 * 1024 * 1024), content_type="application/json")
    assert r.status_code == 413
    assert "larger than" in r.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", f"{API}/no-such-thing", 404),
        ("get", f"{API}/assessments", 405),
        ("post", f"{API}/assessments/00000000-0000-0000-0000-000000000000", 405),
    ],
)
@pytest.mark.django_db
def test_it_answers_every_api_error_in_json(client, method, path, status):
    r = getattr(client, method)(path)
    assert r.status_code == status
    assert r["Content-Type"].startswith("application/json")
    assert r.json()["detail"]


def _operations(client) -> dict[tuple[str, str], set[int]]:
    doc = client.get(f"{API}/openapi.json").json()
    return {
        (method, path): {int(code) for code in op["responses"]}
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
    }


@pytest.mark.django_db
def test_it_lists_every_status_the_api_returns_in_openapi(client):
    ops = _operations(client)
    a = _create(client).json()
    one = f"{API}/assessments/{{id}}"
    url = f"{API}/assessments/{a['id']}"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {a['token']}"}
    wrong = {"HTTP_AUTHORIZATION": "Bearer nope"}
    seen: dict[tuple[str, str], set[int]] = {}

    def probe(method, template, path, *args, **kwargs):
        r = getattr(client, method)(path, *args, **kwargs)
        seen.setdefault((method, template), set()).add(r.status_code)

    create = f"{API}/assessments"
    probe("post", create, create, ECR, content_type="application/json")
    probe("post", create, create, "{bad", content_type="application/json")
    probe(
        "post",
        create,
        create,
        {"instrument": "rses", "mode": "adaptive"},
        content_type="application/json",
    )
    probe("post", create, create, "x" * (3 * 1024 * 1024), content_type="application/json")
    for headers in ({}, wrong, auth):
        probe("get", one, url, **headers)
        probe("get", f"{one}/result", f"{url}/result", **headers)
    answer = f"{one}/answers/{{item}}"
    for body in ('{"value": 3}', '{"value": 99}', "{bad", "x" * (3 * 1024 * 1024)):
        probe(
            "put",
            answer,
            f"{url}/answers/{a['next']['item']}",
            body,
            content_type="application/json",
            **auth,
        )
    probe(
        "put", answer, f"{url}/answers/Q99", '{"value": 3}', content_type="application/json", **auth
    )
    probe("put", answer, f"{url}/answers/Q1", '{"value": 3}', content_type="application/json")
    for headers in ({}, wrong, auth):
        probe("delete", one, url, **headers)
    for key, statuses in seen.items():
        assert statuses <= ops[key], (key, statuses - ops[key])
    assert {400, 401, 404, 413, 422} <= set().union(*seen.values())


@pytest.mark.django_db
def test_it_offers_only_the_instrument_mode_pairs_it_accepts_in_openapi(client):
    doc = client.get(f"{API}/openapi.json").json()
    body = doc["paths"][f"{API}/assessments"]["post"]["requestBody"]["content"]
    schema = body["application/json"]["schema"]
    variants = [doc["components"]["schemas"][v["$ref"].split("/")[-1]] for v in schema["oneOf"]]
    pairs = set()
    for v in variants:
        instruments = v["properties"]["instrument"].get("enum") or [
            v["properties"]["instrument"]["const"]
        ]
        modes = v["properties"]["mode"].get("enum") or [v["properties"]["mode"]["const"]]
        pairs |= {(i, m) for i in instruments for m in modes}
    assert pairs == {("ecr", "adaptive"), ("ecr", "full"), ("rq", "full"), ("rses", "full")}
    for instrument, mode in pairs:
        assert _create(client, {"instrument": instrument, "mode": mode}).status_code == 201


# --- throttles --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_lets_a_classroom_of_thirty_start_at_once(client):
    for _ in range(30):
        assert _create(client).status_code == 201


@pytest.mark.django_db
def test_it_throttles_a_burst_of_anonymous_creations_with_retry_after(client, settings):
    settings.THROTTLES = {**settings.THROTTLES, "create-ip": (5, 600)}
    for _ in range(5):
        assert _create(client).status_code == 201
    r = _create(client)
    assert r.status_code == 429
    assert 0 < int(r["Retry-After"]) <= 600
    assert r.json()["detail"]
    r = client.post("/test/start/ecr/adaptive/")  # the pages share the count
    assert r.status_code == 429 and int(r["Retry-After"]) > 0
    other = _create(Client(REMOTE_ADDR="192.0.2.44"))
    assert other.status_code == 201  # another address is not affected


@pytest.mark.django_db
def test_it_throttles_pdf_rendering_per_person(client, settings):
    from program_factories import make_ecr, make_user

    settings.THROTTLES = {**settings.THROTTLES, "pdf": (2, 60)}
    user = make_user()
    assessment, _token = make_ecr(user, keyed=4)
    client.force_login(user)
    url = f"/test/{assessment.pk}/rapport.pdf"
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    r = client.get(url)
    assert r.status_code == 429 and int(r["Retry-After"]) > 0
    assert client.get("/groei/voortgang/pdf/").status_code == 429  # one budget per person
