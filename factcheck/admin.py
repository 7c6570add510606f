from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import editing
from articles.admin import (
    ArticleAdmin,
    BylineInline,
    CorrectionInline,
    QuoteInline,
    StoryChildInline,
)
from articles.admin.article import RefusalRetryMixin
from articles.admin.forms import VersionGuardMixin, version_field
from articles.admin.rows import COMPACT_TEMPLATE, OrderedRowsInline
from articles.admin.urlify import FrenchSlugPrefill
from articles.models import Article
from newsroom.adminlist import FoldedSearchMixin
from newsroom.pagination import CappedCountPaginator

from . import services, tips
from .models import CLAIM_FIELDS, Claim, ClaimAppearance, Outlet, Rating, Source, Tip
from .similar_admin import SimilarClaimsMixin, similar_claims_html
from .story_forms import SourceRowForm, SourceRowFormSet, StoryClaimForm, StoryClaimFormSet


class SharedLabelAdmin(admin.ModelAdmin):
    """An outlet or a verdict shows on many stories: saving one goes through the
    write path (verified stories that change go back to verification), and its
    page lists the published stories that show it, to republish them."""

    change_form_template = "admin/factcheck/shared_label_change_form.html"

    def stories_of(self, obj) -> list[int]:
        raise NotImplementedError

    def label_changed(self, obj, user) -> int:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and form.has_changed():
            reopened = self.label_changed(obj, request.user)
            if reopened:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d verified story showing it went back to verification.",
                        "%(count)d verified stories showing it went back to verification.",
                        reopened,
                    )
                    % {"count": reopened},
                    messages.WARNING,
                )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            ids = self.stories_of(obj)
            extra_context = {
                **(extra_context or {}),
                "published_stories": Article.objects.published()
                .filter(pk__in=ids)
                .latest_first()
                .only("title", "slug", "published_at")[:100],
            }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Outlet)
class OutletAdmin(FrenchSlugPrefill, FoldedSearchMixin, SharedLabelAdmin):
    list_display = ["name", "kind", "homepage"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def stories_of(self, obj):
        return services.stories_with_outlet(obj)

    def label_changed(self, obj, user):
        return services.outlet_changed(outlet=obj, user=user)


@admin.register(Rating)
class RatingAdmin(FrenchSlugPrefill, SharedLabelAdmin):
    list_display = ["label", "value", "colour", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["label"]}

    def stories_of(self, obj):
        return services.stories_with_rating(obj)

    def label_changed(self, obj, user):
        return services.rating_changed(rating=obj, user=user)


class ClaimForm(forms.ModelForm):
    """Supporting sources can only be sources cited by the claim's own article."""

    story_id = None  # set for the claim rows of a story's page (ClaimInline)

    class Meta:
        model = Claim
        fields = ["article", *CLAIM_FIELDS, "sources"]
        # Labelled checkboxes: the two-pane picker's controls have no accessible name.
        widgets = {"sources": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "sources" in self.fields:
            # Only the sources of the claim's own story, never the newsroom's
            # whole archive: on a new claim, of the story it is being added to.
            article_id = self.instance.article_id or self.story_id or self._chosen_article_id()
            self.fields["sources"].queryset = (
                Source.objects.filter(article_id=article_id).select_related("outlet")
                if article_id
                else Source.objects.none()
            )
            if not article_id:
                self.fields["sources"].help_text = _(
                    "Save the claim with its story first: its sources can then be chosen here."
                )

    def _chosen_article_id(self):
        if "article" not in self.fields:
            return None
        value = (
            self.data.get(self.add_prefix("article"))
            if self.is_bound
            else self.initial.get("article")
        )
        value = getattr(value, "pk", value)
        return int(value) if str(value or "").isdigit() else None

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article") or getattr(self.instance, "article", None)
        sources = cleaned.get("sources")
        error = services.verdict_in_label_error(cleaned.get("label", ""))
        if error:
            self.add_error("label", error)
        if article and sources and services.foreign_sources(article.pk, sources):
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
    add_label = _("Add a place where it appeared")
    extra = 0

    def _story_editable(self, request, obj):
        # `obj` is the claim: its appearances follow the claim's story.
        return obj is None or editing.can_edit(request.user, obj.article)


@admin.register(Claim)
class ClaimAdmin(SimilarClaimsMixin, RefusalRetryMixin, FoldedSearchMixin, admin.ModelAdmin):
    form = ClaimAdminForm
    # Newest first, by primary key: no sort of millions of claims per page load.
    ordering = ["-pk"]
    paginator = CappedCountPaginator
    list_display = ["label", "rating", "article", "claimant", "reviewed_at"]
    list_filter = ["rating", "claimant_kind"]
    search_fields = ["label", "statement", "claimant", "article__title"]
    autocomplete_fields = ["article"]
    list_select_related = ["rating", "article"]
    inlines = [AppearanceInline]
    readonly_fields = ["reviewed_by", "reviewed_at", "similar_existing"]
    show_full_result_count = False
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "article",
                    "label",
                    "statement",
                    "similar_existing",
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

    # --- saving: through the write path (articles/editing.py) -------------------

    def save_model(self, request, obj, form, change):
        pass  # saved in save_related, inside the write path with its appearances

    def save_related(self, request, form, formsets, change):
        claim = form.instance
        story = form.cleaned_data.get("article") or claim.article
        moved_from = form.initial.get("article") if change else None
        moved_from = getattr(moved_from, "pk", moved_from)
        if change and moved_from and moved_from != story.pk:
            note = _("claim “%(label)s” moved to another story") % {"label": claim.label}
        else:
            moved_from = None
            note = _("claim “%(label)s”") % {"label": claim.label}
        with editing.edit_story(
            article=moved_from or story,
            also=[story] if moved_from else [],
            user=request.user,
            expected_version=form.cleaned_data.get("loaded_version") if change else None,
            note=note,
        ):
            claim.save()
            super().save_related(request, form, formsets, change)
        story.refresh_from_db()
        if editing.suggested_work_type(story) and "rating" in form.changed_data:
            # Suggested, not applied: the story page offers to accept it.
            self.message_user(
                request,
                _(
                    "“%(story)s” now rates claims but is still filed as news: its page "
                    "suggests filing it as a fact-check."
                )
                % {"story": story.title},
                messages.INFO,
            )

    def delete_model(self, request, obj):
        with editing.edit_story(
            article=obj.article_id,
            user=request.user,
            note=_("claim “%(label)s” deleted") % {"label": obj.label},
        ):
            obj.delete()

    def delete_queryset(self, request, queryset):
        for claim in queryset:
            self.delete_model(request, claim)


class ShownAsStoredMixin:
    """Rows a person may only read show what is stored, not the form's typing aids:
    `shown_as_stored` maps a form-only field to the model field it stands for."""

    shown_as_stored: dict[str, str] = {}

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        return [self.shown_as_stored.get(name, name) for name in fields]


class SourceInline(ShownAsStoredMixin, OrderedRowsInline, StoryChildInline, admin.StackedInline):
    """Sources as compact rows; the outlet is typed (found or created on save)."""

    model = Source
    add_label = _("Add a source")
    form = SourceRowForm
    formset = SourceRowFormSet
    template = COMPACT_TEMPLATE
    extra = 0
    max_num = 150
    fields = ["outlet_name", "kind", "title", "url", "published_on", "archived_url", "position"]
    shown_as_stored = {"outlet_name": "outlet"}
    rows_help = _(
        "Type the outlet's name: one the newsroom never cited is created when you save, "
        "its homepage taken from the address. Rows keep the order you give them (↑ ↓)."
    )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("outlet")


class ClaimInline(
    ShownAsStoredMixin,
    SimilarClaimsMixin,
    OrderedRowsInline,
    StoryChildInline,
    admin.StackedInline,
):
    model = Claim
    add_label = _("Add a claim")
    form = StoryClaimForm
    formset = StoryClaimFormSet
    extra = 0
    max_num = 60
    show_change_link = True
    search_on_render = False
    readonly_fields = ["similar_existing"]
    fields = [
        "label",
        "statement",
        "similar_existing",
        ("claimant", "claimant_kind"),
        "rating",
        "verdict_explanation",
        "analysis",
        "source_refs",
        "position",
    ]
    shown_as_stored = {"source_refs": "sources"}

    def get_formset(self, request, obj=None, **kwargs):
        # A claim row offers the story's saved sources and the rows typed on the page.
        kwargs["form"] = type("StoryClaimForm", (self.form,), {"story_id": obj.pk if obj else None})
        return super().get_formset(request, obj, **kwargs)


class FactCheckedArticleAdmin(ArticleAdmin):
    """The article page with its sources and claims, so a story is entered on one page."""

    inlines = [BylineInline, QuoteInline, SourceInline, ClaimInline, CorrectionInline]

    def save_formset(self, request, form, formset, change):
        if isinstance(formset, StoryClaimFormSet):
            formset.save()
            formset.save_sources(getattr(request, "_source_rows", {}))
            return
        formset.save()
        if isinstance(formset, SourceRowFormSet):
            # The rows' indexes on the page, for claims that picked a row typed there.
            request._source_rows = {
                index: row.instance
                for index, row in enumerate(formset.forms)
                if row.instance.pk and row not in formset.deleted_forms
            }
            for row in formset.forms:
                outlet = getattr(row, "new_outlet", None)
                if outlet is not None:
                    self.message_user(
                        request,
                        _(
                            "New outlet “%(name)s” (homepage %(homepage)s): check its kind "
                            "on its page when you have a moment."
                        )
                        % {"name": outlet.name, "homepage": outlet.homepage or "—"},
                        messages.INFO,
                    )


admin.site.unregister(Article)
admin.site.register(Article, FactCheckedArticleAdmin)


# --- reader tips: the triage queue ------------------------------------------------------


class TipTriageForm(forms.ModelForm):
    add_appearance = forms.BooleanField(
        label=_("Record where the reader saw it as a new appearance of this claim"),
        help_text=_(
            "A rumour that comes back gets one more dated appearance on the claim already "
            "checked, instead of a second check."
        ),
        required=False,
    )

    class Meta:
        model = Tip
        fields = ["state", "claim", "duplicate_of", "rejection_reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("add_appearance"):
            problem = tips.appearance_problem(
                tip=self.instance, claim=cleaned.get("claim"), user=self.user
            )
            if problem:
                self.add_error("add_appearance", problem)
        try:
            tips.check_triage(
                tip=self.instance,
                state=cleaned.get("state"),
                claim=cleaned.get("claim"),
                duplicate_of=cleaned.get("duplicate_of"),
                reason=cleaned.get("rejection_reason") or "",
            )
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                for message in messages_:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned


@admin.register(Tip)
class TipAdmin(FoldedSearchMixin, admin.ModelAdmin):
    form = TipTriageForm
    ordering = ["-created_at", "-id"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    list_display = ["__str__", "state", "created_at", "claim", "wants_answer"]
    list_filter = ["state"]
    list_select_related = ["claim"]
    search_fields = ["text", "seen_where"]
    autocomplete_fields = ["claim", "duplicate_of"]
    readonly_fields = [
        "text",
        "seen_where",
        "seen_on",
        "created_at",
        "wants_answer",
        "answered_at",
        "triaged_by",
        "triaged_at",
        "similar_claims_found",
        "similar_tips_found",
    ]
    fieldsets = [
        (None, {"fields": ["text", ("seen_where", "seen_on"), "created_at", "wants_answer"]}),
        (_("Already checked?"), {"fields": ["similar_claims_found", "similar_tips_found"]}),
        (
            _("Triage"),
            {
                "fields": [
                    "state",
                    "claim",
                    "duplicate_of",
                    "rejection_reason",
                    "add_appearance",
                    ("triaged_by", "triaged_at"),
                    "answered_at",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return False  # tips come from readers (/signaler/)

    @admin.display(description=_("wants the answer"), boolean=True)
    def wants_answer(self, obj):
        return bool(obj.consent and (obj.email or obj.answered_at))

    @admin.display(description=_("Similar claims"))
    def similar_claims_found(self, obj):
        return similar_claims_html(obj.text)

    @admin.display(description=_("Similar tips"))
    def similar_tips_found(self, obj):
        rows = tips.similar_tips(obj)
        return render_to_string("admin/factcheck/_similar_tips.html", {"rows": rows})

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if data.get("add_appearance") and data.get("claim"):
            try:
                tips.add_appearance(tip=obj, claim=data["claim"], user=request.user)
            except (ValidationError, PermissionDenied) as refusal:
                self.message_user(
                    request,
                    "; ".join(refusal.messages if hasattr(refusal, "messages") else [str(refusal)]),
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    _("The place it was seen is now an appearance of “%(label)s”.")
                    % {"label": data["claim"].label},
                    messages.SUCCESS,
                )
        tips.triage_tip(
            tip=obj,
            user=request.user,
            state=data["state"],
            claim=data.get("claim"),
            duplicate_of=data.get("duplicate_of"),
            reason=data.get("rejection_reason") or "",
        )


from . import evidence_admin  # noqa: E402, F401  (the evidence's own pages)
