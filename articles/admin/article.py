from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from newsroom.adminlist import DateSafeChangeListMixin, FoldedSearchMixin
from newsroom.pagination import CappedCountPaginator

from .. import editing, workflow
from ..models import Article, ArticleAuthor, ArticleEvent, Author, Correction, Quote
from .forms import ArticleAdminForm, TransitionForm
from .revisions import compare_revisions_view


class StoryChildInline:
    """Inline rows of a story follow the story: read-only when it is not editable."""

    def _story_editable(self, request, obj):
        return obj is None or editing.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._story_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._story_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._story_editable(request, obj)


class BylineInline(StoryChildInline, admin.TabularInline):
    model = ArticleAuthor
    extra = 0
    autocomplete_fields = ["author"]
    verbose_name = _("author")
    verbose_name_plural = _("authors")


class QuoteInline(StoryChildInline, admin.StackedInline):
    model = Quote
    extra = 0
    fields = [("speaker", "speaker_role"), "text", ("said_on", "url"), "position"]


class CorrectionInline(StoryChildInline, admin.StackedInline):
    model = Correction
    extra = 0
    fields = [("kind", "published_at"), "text"]


class ShortcutFilter(admin.SimpleListFilter):
    """The newsroom's daily views of the article list."""

    title = _("shortcut")
    parameter_name = "view"

    def lookups(self, request, model_admin):
        return [
            ("mine", _("My drafts")),
            ("awaiting", _("Awaiting verification")),
            ("verified", _("Verified, to publish")),
            ("scheduled", _("Scheduled")),
            ("published", _("Published")),
            ("withdrawn", _("Withdrawn")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "mine":
            return queryset.by_user(request.user).drafts()
        if value == "awaiting":
            return queryset.awaiting_verification()
        if value == "verified":
            return queryset.verified()
        if value == "scheduled":
            return queryset.scheduled()
        if value == "published":
            return queryset.published()
        if value == "withdrawn":
            return queryset.withdrawn()
        return queryset


class RecentTagFilter(admin.SimpleListFilter):
    """Tags of recently edited stories: thousands of tags would drown the sidebar."""

    title = _("tag")
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        recent = Article.objects.order_by("-updated_at").values("pk")[:300]
        tags = (
            Tag.objects.filter(taggit_taggeditem_items__object_id__in=recent)
            .distinct()
            .order_by("name")[:40]
        )
        choices = [(tag.slug, tag.name) for tag in tags]
        chosen = self.value()
        if chosen and chosen not in dict(choices):
            # Keep an older tag reached by a link selectable and named.
            tag = Tag.objects.filter(slug=chosen).first()
            if tag:
                choices.insert(0, (tag.slug, tag.name))
        return choices

    def queryset(self, request, queryset):
        if self.value():
            tag = Tag.objects.filter(slug=self.value()).first()
            return queryset.tagged(tag) if tag else queryset.none()
        return queryset


@admin.register(Article)
class ArticleAdmin(FoldedSearchMixin, DateSafeChangeListMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/articles/article/change_form.html"
    list_display = [
        "title",
        "status_label",
        "work_type",
        "region",
        "byline",
        "published_at",
        "updated_at",
    ]
    list_filter = [
        ShortcutFilter,
        "status",
        "work_type",
        "region",
        ("bylines__author", admin.RelatedFieldListFilter),
        RecentTagFilter,
    ]
    # Accents, case and apostrophes folded (newsroom/adminlist.py); trigram indexes on
    # the folded title, introduction, tag names and claim labels serve it at scale.
    search_fields = ["title", "introduction", "tags__name", "claims__label"]
    search_help_text = _(
        "Searches titles, introductions, tags and claim labels; accents and capitals do not matter."
    )
    date_hierarchy = "published_at"
    # Recently edited first: what a newsroom works on; served by an index.
    ordering = ["-updated_at"]
    paginator = CappedCountPaginator
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["region"]
    list_select_related = ["region"]
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ["status_label", "version", "published_at", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    ("work_type", "language"),
                    "region",
                    "tags",
                    "loaded_version",
                ]
            },
        ),
        (_("Story"), {"fields": ["introduction", "verified_facts", "development", "context"]}),
        (_("Hero image"), {"fields": ["hero_image", "hero_alt", ("hero_caption", "hero_credit")]}),
        (_("Origin"), {"fields": ["original_url"]}),
        (
            _("Status"),
            {"fields": [("status_label", "version"), "published_at", ("created_at", "updated_at")]},
        ),
    ]
    inlines = [BylineInline, QuoteInline, CorrectionInline]

    # --- permissions: the role says what, the story's state says when --------

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return super().has_change_permission(request, obj) and editing.can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and editing.can_delete(request.user, obj)

    def get_deleted_objects(self, objs, request):
        # History entries cannot be deleted one by one, by anyone; they go with
        # a story that may be deleted, so they must not block its deletion.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(ArticleEvent._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            # A read-only page has no form to guard.
            fieldsets = [
                (
                    name,
                    {**options, "fields": [f for f in options["fields"] if f != "loaded_version"]},
                )
                for name, options in fieldsets
            ]
        return fieldsets

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("bylines__author")

    # --- columns --------------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return _("scheduled")
        return obj.get_status_display()

    @admin.display(description=_("authors"))
    def byline(self, obj):
        return ", ".join(author.name for author in obj.byline_authors)

    # --- saving ---------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        editing.stamp(obj, request.user, created=not change)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        if not change and not article.bylines.exists():
            # A journalist's new story is theirs until they say otherwise.
            author = Author.objects.filter(user=request.user).first()
            if author:
                ArticleAuthor.objects.create(article=article, author=author)
        changes = [
            str(form.fields[name].label or name)
            for name in form.changed_data
            if name != "loaded_version"
        ]
        changes += [
            str(formset.model._meta.verbose_name_plural)
            for formset in formsets
            if formset.has_changed()
        ]
        was_public = article.is_public
        revision = editing.record_edit(
            article=article, user=request.user, created=not change, changes=changes
        )
        if change and was_public and revision is not None:
            url = reverse("admin:articles_article_change", args=[article.pk]) + "#corrections-group"
            self.message_user(
                request,
                format_html(
                    _(
                        'This published story changed. <a href="{}">Add a public correction</a> '
                        "if readers should know."
                    ),
                    url,
                ),
                messages.WARNING,
            )

    # --- workflow in the change page -----------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/transition/<slug:name>/",
                self.admin_site.admin_view(self.transition_view),
                name="%s_%s_transition" % info,
            ),
            path(
                "<int:object_id>/revisions/",
                self.admin_site.admin_view(self.revisions_view),
                name="%s_%s_revisions" % info,
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None and self.has_view_permission(request, article):
            extra_context.update(
                workflow_options=workflow.options_for(article, request.user),
                transition_form=TransitionForm(),
                events=article.events.select_related("actor", "revision")[:100],
                revisions=article.revisions.select_related("created_by")[:50],
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def transition_view(self, request, object_id, name):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        form = TransitionForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return HttpResponseRedirect(change_url)
        try:
            article = workflow.apply_transition(
                article=article,
                user=request.user,
                name=name,
                comment=form.cleaned_data["comment"],
                publish_at=form.cleaned_data["publish_at"],
            )
        except workflow.TransitionForbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except workflow.TransitionError as exc:
            for problem in exc.problems:
                self.message_user(request, problem, messages.ERROR)
            return HttpResponseRedirect(change_url)
        self.message_user(
            request,
            _("“%(title)s” is now %(status)s.")
            % {
                "title": article.title,
                "status": _("scheduled") if article.is_scheduled else article.get_status_display(),
            },
            messages.SUCCESS,
        )
        return HttpResponseRedirect(change_url)

    def revisions_view(self, request, object_id):
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            **compare_revisions_view(request, article),
            "opts": self.opts,
            "original": article,
            "title": _("Compare revisions"),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)
