"""Errors as RFC 9457 problem details: one JSON shape for every error of the API.

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "…", "errors": {"limit": ["…"]}}

sent as `application/problem+json`. `errors` (per parameter) only for 400s.
"""

from http import HTTPStatus

from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

CONTENT_TYPE = "application/problem+json"


def problem(status_code: int, detail: str = "", **extra) -> dict:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
    }
    if detail:
        body["detail"] = str(detail)
    body.update(extra)
    return body


def problem_response(status_code: int, detail: str = "", headers=None, **extra) -> Response:
    return Response(
        problem(status_code, detail, **extra),
        status=status_code,
        headers=headers,
        content_type=CONTENT_TYPE,
    )


def exception_handler(exc, context):
    """DRF's handler (status, headers such as Retry-After), then the problem shape."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500 handling and logging
    data = response.data
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = "Invalid query parameters."
        extra["errors"] = data if isinstance(data, dict) else {"non_field_errors": data}
    else:
        detail = data.get("detail", "") if isinstance(data, dict) else str(data)
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS and "Retry-After" not in response:
        response["Retry-After"] = "60"
    response.data = problem(response.status_code, detail, **extra)
    response.content_type = CONTENT_TYPE
    return response


def not_found(request, *args, **kwargs):
    """Any other address under /api/: a 404 in the same shape."""
    return JsonResponse(problem(404, "No such resource."), status=404, content_type=CONTENT_TYPE)
