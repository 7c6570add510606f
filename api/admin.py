import secrets

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbound, webhooks
from .models import ApiKey, Event, WebhookDelivery, WebhookSubscription


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "rate_limit", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix")
    fields = ("name", "rate_limit", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        key = None if change else obj.assign_key()
        super().save_model(request, obj, form, change)
        if key:
            self.message_user(
                request,
                _("The key for “%(name)s” is %(key)s — copy it now: it will not be shown again.")
                % {"name": obj.name, "key": key},
                messages.WARNING,
            )

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count},
        )

    def has_delete_permission(self, request, obj=None):
        return False  # revoked keys stay listed: who had access, and until when


def new_secret():
    return secrets.token_urlsafe(32)


class SubscriptionForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )
    secret = forms.CharField(
        label=_("signing secret"),
        initial=new_secret,
        min_length=16,
        max_length=100,
        help_text=_("Shared with the receiver, who checks the X-Newsroom-Signature header."),
    )

    class Meta:
        model = WebhookSubscription
        fields = ("name", "url", "events", "secret", "is_active")

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            outbound.resolve_public(url)
        except outbound.AddressRefused as error:
            raise forms.ValidationError(
                _("This address cannot receive webhooks: %(reason)s."),
                code="private_address",
                params={"reason": error},
            ) from None
        return url


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    add_label = _("Add a delivery")
    fields = ("created_at", "event", "state", "attempts", "status_code", "error")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    ordering = ("-created_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("payload")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = SubscriptionForm
    list_display = ("name", "url", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "url")
    inlines = [DeliveryInline]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "created_at", "subscription", "event", "state", "attempts", "status_code",
        "last_attempt_at", "delivered_at",
    )  # fmt: skip
    list_filter = ("state", "event", "subscription")
    list_select_related = ("subscription",)
    readonly_fields = (
        "subscription", "event", "payload", "state", "attempts", "status_code", "error",
        "created_at", "not_before", "last_attempt_at", "delivered_at",
    )  # fmt: skip
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected failed deliveries again"))
    def retry(self, request, queryset):
        failed = list(queryset.filter(state=WebhookDelivery.State.FAILED))
        for delivery in failed:
            delivery.state = WebhookDelivery.State.PENDING
            delivery.attempts = 0
            delivery.not_before = timezone.now()
            delivery.save(update_fields=["state", "attempts", "not_before"])
            webhooks.enqueue(delivery)
        self.message_user(
            request, _("%(count)d delivery(ies) queued again.") % {"count": len(failed)}
        )
