"""Error pages: in the admin, in the newsroom's frame and words, saying why and where to go.

A journalist who tries what their role forbids, follows a dead link or posts
a page left open too long gets a page in their interface language that says
what happened, what their role allows and where to go next, instead of a bare
English "403 Forbidden". Elsewhere Django's own handlers answer.
"""

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseServerError
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.template import loader
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import csrf, defaults

from .roles import EDITOR, JOURNALIST


def in_admin(request) -> bool:
    return request.path_info.startswith(reverse("admin:index"))


def _role_names(user) -> list[str]:
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return [_("administrator")]
    names = {JOURNALIST: _("journalist"), EDITOR: _("editor")}
    return [names[group.name] for group in user.groups.all() if group.name in names]


def _admin_page(request, template: str, status: int, **context):
    user = getattr(request, "user", None)
    staff = bool(user and user.is_active and user.is_staff)
    context = {
        **(admin.site.each_context(request) if staff else {}),
        "site_header": admin.site.site_header,
        "site_title": admin.site.site_title,
        "staff": staff,
        "roles": _role_names(user) if staff else [],
        **context,
    }
    response = TemplateResponse(request, template, context, status=status)
    return response.render()


def permission_denied(request, exception=None):
    if not in_admin(request):
        return defaults.permission_denied(request, exception)
    reason = str(exception or "")
    return _admin_page(request, "admin/403.html", 403, reason=reason)


def page_not_found(request, exception=None):
    if not in_admin(request):
        return defaults.page_not_found(request, exception)
    return _admin_page(request, "admin/404.html", 404)


def server_error(request):
    if not in_admin(request):
        return defaults.server_error(request)
    # Nothing that could fail again: no database, no context processor.
    page = loader.get_template("admin/500.html").render(
        {"site_name": settings.SITE_NAME, "english": (get_language() or "").startswith("en")}
    )
    return HttpResponseServerError(page)


def csrf_failure(request, reason=""):
    if not in_admin(request):
        return csrf.csrf_failure(request, reason)
    return _admin_page(
        request, "admin/403_csrf.html", 403, no_cookie=reason == REASON_NO_CSRF_COOKIE
    )
