from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import editing
from articles.admin import (
    ArticleAdmin,
    BylineInline,
    CorrectionInline,
    QuoteInline,
    StoryChildInline,
)
from articles.admin.forms import VersionGuardMixin, version_field
from articles.models import Article
from newsroom.adminlist import FoldedSearchMixin
from newsroom.pagination import CappedCountPaginator

from .models import Claim, ClaimAppearance, Outlet, Rating, Source


@admin.register(Outlet)
class OutletAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "homepage"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "value", "colour", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["label"]}


class ClaimForm(forms.ModelForm):
    """Supporting sources can only be sources cited by the claim's own article."""

    class Meta:
        model = Claim
        fields = [
            "article",
            "label",
            "statement",
            "claimant",
            "claimant_kind",
            "rating",
            "verdict_explanation",
            "analysis",
            "sources",
            "position",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sources" in self.fields and self.instance.article_id:
            self.fields["sources"].queryset = Source.objects.filter(
                article_id=self.instance.article_id
            ).select_related("outlet")

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article") or getattr(self.instance, "article", None)
        sources = cleaned.get("sources")
        if article and sources:
            foreign = [s for s in sources if s.article_id != article.pk]
            if foreign:
                raise ValidationError(
                    {"sources": _("Choose sources cited by this claim's article.")},
                    code="foreign_source",
                )
        return cleaned


class ClaimAdminForm(VersionGuardMixin, ClaimForm):
    """The claim's own page: a save from a stale page is refused like the story's."""

    loaded_version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_version_guard()

    def guarded_article_pk(self):
        return self.instance.article_id

    def guarded_article_version(self):
        return self.instance.article.version if self.instance.article_id else None

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        return cleaned


class AppearanceInline(StoryChildInline, admin.TabularInline):
    model = ClaimAppearance
    extra = 0

    def _story_editable(self, request, obj):
        # `obj` is the claim: its appearances follow the claim's story.
        return obj is None or editing.can_edit(request.user, obj.article)


def stamp_review(claim, form, user):
    """Whoever sets or changes the verdict is its reviewer."""
    if "rating" in form.changed_data and claim.rating_id:
        claim.reviewed_by = user
        claim.reviewed_at = timezone.now()


@admin.register(Claim)
class ClaimAdmin(FoldedSearchMixin, admin.ModelAdmin):
    form = ClaimAdminForm
    # Newest first, by primary key: no sort of millions of claims per page load.
    ordering = ["-pk"]
    paginator = CappedCountPaginator
    list_display = ["label", "rating", "article", "claimant", "reviewed_at"]
    list_filter = ["rating", "claimant_kind"]
    search_fields = ["label", "statement", "claimant", "article__title"]
    autocomplete_fields = ["article"]
    list_select_related = ["rating", "article"]
    filter_horizontal = ["sources"]
    inlines = [AppearanceInline]
    readonly_fields = ["reviewed_by", "reviewed_at"]
    show_full_result_count = False
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "article",
                    "label",
                    "statement",
                    ("claimant", "claimant_kind"),
                    "loaded_version",
                ]
            },
        ),
        (_("Verdict"), {"fields": ["rating", "verdict_explanation", "analysis", "sources"]}),
        (_("Review"), {"fields": [("reviewed_by", "reviewed_at"), "position"]}),
    ]

    def _story_editable(self, request, obj):
        return obj is None or editing.can_edit(request.user, obj.article)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._story_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._story_editable(request, obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            fieldsets = [
                (name, {**opts, "fields": [f for f in opts["fields"] if f != "loaded_version"]})
                for name, opts in fieldsets
            ]
        return fieldsets

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = editing.editable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        stamp_review(obj, form, request.user)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changes = [name for name in form.changed_data if name != "loaded_version"]
        changes += [formset.prefix for formset in formsets if formset.has_changed()]
        editing.record_child_edit(
            article=form.instance.article,
            user=request.user,
            changes=changes if change else ["created"],
            note=_("claim “%(label)s”") % {"label": form.instance.label},
        )

    def delete_model(self, request, obj):
        article = obj.article
        super().delete_model(request, obj)
        editing.record_child_edit(
            article=article,
            user=request.user,
            note=_("claim “%(label)s” deleted") % {"label": obj.label},
        )

    def delete_queryset(self, request, queryset):
        for claim in queryset.select_related("article"):
            self.delete_model(request, claim)


class SourceInline(StoryChildInline, admin.StackedInline):
    model = Source
    extra = 0
    autocomplete_fields = ["outlet"]
    fields = [("outlet", "kind"), "title", ("url", "published_on"), "archived_url", "position"]


class ClaimInline(StoryChildInline, admin.StackedInline):
    model = Claim
    form = ClaimForm
    extra = 0
    show_change_link = True
    fields = [
        "label",
        "statement",
        ("claimant", "claimant_kind"),
        "rating",
        "verdict_explanation",
        "analysis",
        "sources",
        "position",
    ]
    filter_horizontal = ["sources"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if "sources" in formset.form.base_fields:
            # A new article has no saved sources yet: they are chosen once it exists.
            formset.form.base_fields["sources"].queryset = (
                obj.sources.select_related("outlet") if obj else Source.objects.none()
            )
        return formset


class FactCheckedArticleAdmin(ArticleAdmin):
    """The article page with its sources and claims, so a story is entered on one page."""

    inlines = [BylineInline, QuoteInline, SourceInline, ClaimInline, CorrectionInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is Claim:
            for claim_form in formset.forms:
                if claim_form.has_changed() and not claim_form.cleaned_data.get("DELETE"):
                    stamp_review(claim_form.instance, claim_form, request.user)
        super().save_formset(request, form, formset, change)


admin.site.unregister(Article)
admin.site.register(Article, FactCheckedArticleAdmin)
