"""Second factor and security pages, under the admin's address (never cached, never public)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("deux-facteurs/", views.verify, name="verify"),
    path("deux-facteurs/activer/", views.enrol, name="enrol"),
    path("deux-facteurs/codes-de-secours/", views.backup_codes, name="backup_codes"),
    path("securite/", views.security_overview, name="security"),
    path("preferences/", views.preferences, name="preferences"),
]


def _reset_view(view_class):
    """Django's password-reset view, in the admin's frame."""

    def view(request, *args, **kwargs):
        context = admin.site.each_context(request)
        return view_class.as_view(extra_context=context)(request, *args, **kwargs)

    return view


# Un-namespaced: Django's views and e-mail template reverse these names; the
# admin's login page shows "Forgotten your password?" once `admin_password_reset` exists.
password_reset_urlpatterns = [
    path(
        "mot-de-passe-oublie/",
        _reset_view(views.SiteAddressPasswordResetView),
        name="admin_password_reset",
    ),
    path(
        "mot-de-passe-oublie/envoye/",
        _reset_view(auth_views.PasswordResetDoneView),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        _reset_view(auth_views.PasswordResetConfirmView),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/modifie/",
        _reset_view(auth_views.PasswordResetCompleteView),
        name="password_reset_complete",
    ),
]
