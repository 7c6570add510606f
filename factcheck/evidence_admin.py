"""The evidence in the admin: captures (read-only), exceptions editors record, the link watch."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.adminlist import DateSafeChangeListMixin, FoldedSearchMixin, ReadOnlyAdminMixin

from . import evidence
from .content import our_archive
from .models import EvidenceCapture, EvidenceExemption, LinkStatus


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Written by the worker only."""


@admin.register(EvidenceCapture)
class EvidenceCaptureAdmin(DateSafeChangeListMixin, FoldedSearchMixin, ReadOnlyAdmin):
    list_display = ("url", "fetched_at", "status_code", "failure", "size", "copy")
    list_filter = ("failure", "status_code")
    search_fields = ("url", "sha256")
    date_hierarchy = "fetched_at"
    exclude = ("text",)

    @admin.display(description=_("archived copy"))
    def copy(self, obj):
        if not obj.is_usable:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.sha256[:12])


class EvidenceExemptionForm(forms.ModelForm):
    class Meta:
        model = EvidenceExemption
        fields = ["article", "url", "reason"]


@admin.register(EvidenceExemption)
class EvidenceExemptionAdmin(FoldedSearchMixin, admin.ModelAdmin):
    form = EvidenceExemptionForm
    list_display = ("url", "article", "created_by", "created_at")
    search_fields = ("url", "article__title")
    autocomplete_fields = ["article"]

    def has_change_permission(self, request, obj=None):
        # Recorded once: the dossier of the verification that relied on it keeps it.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        try:
            saved = evidence.record_exemption(
                article=obj.article, url=obj.url, reason=obj.reason, user=request.user
            )
        except PermissionDenied:
            raise
        obj.pk = saved.pk


@admin.register(LinkStatus)
class LinkStatusAdmin(FoldedSearchMixin, ReadOnlyAdmin):
    """The link watch's findings, with the published stories whose evidence died or changed."""

    change_list_template = "admin/factcheck/linkstatus/change_list.html"
    list_display = ("url", "state", "status_code", "detail", "since", "checked_at", "fallback")
    list_filter = ("state",)
    search_fields = ("url",)

    def changelist_view(self, request, extra_context=None):
        from .linkwatch import flagged_stories

        stories = flagged_stories().only("pk", "title", "slug")[:100]
        return super().changelist_view(
            request, {**(extra_context or {}), "flagged_stories": stories}
        )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(evidence_sha256=our_archive())

    @admin.display(description=_("our archived copy"))
    def fallback(self, obj):
        if not obj.evidence_sha256:
            return "—"
        url = reverse("factcheck:evidence", args=[obj.evidence_sha256])
        return format_html('<a href="{}">{}</a>', url, obj.evidence_sha256[:12])
