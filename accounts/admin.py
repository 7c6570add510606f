"""Account recovery in the user admin: lift a login lock, reset a lost second factor."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.adminlist import DateSafeChangeListMixin

from . import lockout, twofactor

User = get_user_model()


class NewsroomUserAdmin(UserAdmin):
    actions = ["unlock_logins", "reset_second_factor"]

    @admin.action(description=_("Lift login locks of the selected accounts"))
    def unlock_logins(self, request, queryset):
        removed = sum(lockout.unlock(username=user.get_username()) for user in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d lock lifted.",
                "%(count)d locks lifted.",
                removed,
            )
            % {"count": removed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reset the second factor of the selected accounts"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            twofactor.reset_second_factor(user)
        self.message_user(
            request,
            _("They will set up a new authenticator app at their next login."),
            messages.SUCCESS,
        )


admin.site.unregister(User)
admin.site.register(User, NewsroomUserAdmin)


# Axes' login records, with the newsroom's date-safe lists (a hostile ?year= is a 400-free page).
def _date_safe(model):
    registered = admin.site._registry[model].__class__
    admin.site.unregister(model)
    admin.site.register(model, type(registered.__name__, (DateSafeChangeListMixin, registered), {}))


for _model in (AccessAttempt, AccessFailureLog, AccessLog):
    if admin.site.is_registered(_model):
        _date_safe(_model)
