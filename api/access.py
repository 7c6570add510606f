"""Who is asking, and how often: API keys and rate limits.

Public reads need no key, at `API_ANONYMOUS_RATE` per client address. Apps
and partners send `Authorization: Api-Key <key>` (or `X-Api-Key: <key>`) and
get their key's own limit per minute. A wrong or revoked key is a 401, never
a silent fall back to anonymous. Over the limit: 429 with Retry-After.
Counters live in the default cache (Redis when REDIS_URL is set, so every
host counts together).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, throttling

from newsroom.security import client_address

from .models import ApiKey

KEYWORD = "Api-Key"
# Writing `last_used_at` at every request would be a write per read.
LAST_USED_PRECISION = timedelta(minutes=5)


def presented_key(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        keyword, _space, key = header.partition(" ")
        if keyword.lower() == KEYWORD.lower():
            return key.strip()
        return None
    return request.META.get("HTTP_X_API_KEY") or None


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`request.auth` is the ApiKey; the user stays anonymous (public content only)."""

    def authenticate(self, request):
        key = presented_key(request)
        if key is None:
            return None
        found = ApiKey.from_key(key)
        if found is None:
            raise exceptions.AuthenticationFailed(_("Unknown or revoked API key."))
        now = timezone.now()
        if found.last_used_at is None or found.last_used_at < now - LAST_USED_PRECISION:
            ApiKey.objects.filter(pk=found.pk).update(last_used_at=now)
        return AnonymousUser(), found

    def authenticate_header(self, request):
        return KEYWORD


class KeyOrAddressThrottle(throttling.SimpleRateThrottle):
    """The key's own limit per minute, else `API_ANONYMOUS_RATE` per client address."""

    scope = "api"

    def get_rate(self):
        return settings.API_ANONYMOUS_RATE

    def allow_request(self, request, view):
        if isinstance(request.auth, ApiKey):
            self.num_requests, self.duration = request.auth.rate_limit, 60
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = f"key:{request.auth.prefix}"
        else:
            ident = f"address:{client_address(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI schema describes the key (optional: reads work without one)."""

    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`: a key created in the admin, with its own rate limit.",
        }
