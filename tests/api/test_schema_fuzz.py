"""Every operation of the OpenAPI schema, every parameter, hostile values: never a 5xx.

A small schema-driven tester: it reads /api/v1/openapi.json, and for each path and
each declared query parameter sends values of the wrong type, out of range, too long,
with odd characters, alone and combined, and checks that the answer is a 2xx/3xx/4xx
in JSON (problem details for errors).
"""

import itertools

import pytest

from tests.api.conftest import public_story

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "0",
    "-1",
    "1e9",
    "99999999999999999999999",
    "abc",
    "null",
    "é",
    "../../etc/passwd",
    "<script>",
    "x" * 2000,
    "2026-13-45T99:99:99",
    "2026-01-01T00:00:00+99:00",
    "1970-01-01",
    "0001-01-01",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59.999999",
    "9999-12-31T23:59:59-05:00",
    "a,b,,c",
    "\u202e",
    "%",
]


@pytest.fixture
def schema(api, ratings, journalist, settings):
    settings.API_ANONYMOUS_RATE = "100000000/min"  # the fuzzer, not the rate limit
    public_story("Caen : la rumeur", author=journalist, rating=ratings["faux"]).tags.add("caen")
    return api.get("/api/v1/openapi.json").json()


def concrete(path):
    return path.replace("{slug}", "caen-la-rumeur").replace("{id}", "1")


SEEN = set()


def check(response, url):
    SEEN.add(response.status_code)
    assert response.status_code < 500, url
    assert response.status_code != 429, url
    if response.status_code not in (204, 301, 304):
        kind = response["Content-Type"]
        assert kind.startswith(("application/json", "application/problem+json")), url
        body = response.json()
        if response.status_code >= 400:
            assert body["status"] == response.status_code, url


def test_every_parameter_with_hostile_values(api, schema):
    """Each declared parameter, alone, with each hostile value."""
    for path, operations in schema["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            if parameter["in"] != "query":
                continue
            for value in HOSTILE:
                response = api.get(concrete(path), {parameter["name"]: value})
                check(response, f"{path}?{parameter['name']}={value[:20]}")
    assert {200, 400} <= SEEN


def test_parameters_combined_and_repeated(api, schema):
    """Pairs of parameters with plausible and hostile values, and repeated parameters."""
    for path, operations in schema["paths"].items():
        names = [
            p["name"] for p in operations.get("get", {}).get("parameters", []) if p["in"] == "query"
        ]
        for first, second in itertools.combinations(names, 2):
            for value in ("1", "normandie", "x" * 300):
                check(api.get(concrete(path), {first: value, second: "-1"}), path)
        for name in names:
            check(api.get(f"{concrete(path)}?{name}=1&{name}=2"), path)


def test_paths_with_hostile_slugs(api, schema):
    for path in schema["paths"]:
        if "{" not in path:
            continue
        for value in ("inconnu", "a" * 300, "é", "0"):
            check(api.get(path.replace("{slug}", value)), path)
