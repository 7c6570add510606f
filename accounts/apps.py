from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Staff accounts")

    def ready(self):
        # The admin's login form refuses locked (username, address) pairs with a message.
        from django.contrib import admin

        from .forms import LockoutAwareAuthenticationForm

        admin.site.login_form = LockoutAwareAuthenticationForm

        from django.contrib.auth.signals import user_logged_in

        from .middleware import remember_language_at_login, start_staff_session

        user_logged_in.connect(start_staff_session, dispatch_uid="accounts.start_staff_session")
        # The admin's language, remembered in the session (AdminLanguageMiddleware).
        user_logged_in.connect(
            remember_language_at_login, dispatch_uid="accounts.remember_language_at_login"
        )
