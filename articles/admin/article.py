from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.formsets import all_valid
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from newsroom.adminlist import DateSafeChangeListMixin, FoldedSearchMixin
from newsroom.numbers import parse_number
from newsroom.pagination import CappedCountPaginator

from .. import editing, media, record, workflow
from ..diff import compare_content
from ..dossier import dossier
from ..models import (
    Article,
    ArticleAuthor,
    ArticleEvent,
    Author,
    Correction,
    PublishedVersion,
    Quote,
    Status,
)
from ..models.article import LISTING_DEFERRED, VERSION_DEFERRED
from .autosave import AutosaveAdminMixin
from .forms import ArticleAdminForm, TransitionForm
from .revisions import compare_revisions_view
from .rows import COMPACT_TEMPLATE, HelpTextAsText, OrderedRowsInline
from .suggestions import WorkTypeSuggestionMixin
from .urlify import FRENCH_SLUG_JS


class RefusalRetryMixin:
    """Show a refusal of the write path (articles.editing.EditRefused) as a form error.

    The service checks under the row lock, after the forms validated; when it
    refuses, the transaction is rolled back and the page is built again from
    the same POST, with the refusal as the form's error, so nothing typed is
    lost.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except editing.EditRefused as refusal:
            if request.method != "POST" or getattr(request, "_edit_refusal", None):
                raise
            request._edit_refusal = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_edit_refusal", None)
        if refusal is not None:
            form = type(form.__name__, (form,), {"refusal": refusal})
        return form


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


class BylineInline(OrderedRowsInline, StoryChildInline, admin.StackedInline):
    model = ArticleAuthor
    template = COMPACT_TEMPLATE
    side_panel = True  # in the story editor's right-hand panel
    extra = 0
    max_num = 20
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name = _("author")
    verbose_name_plural = _("authors")
    add_label = _("Add an author")


class QuoteInline(OrderedRowsInline, StoryChildInline, admin.StackedInline):
    model = Quote
    add_label = _("Add an official reaction")
    template = COMPACT_TEMPLATE
    extra = 0
    max_num = 100
    fields = ["speaker", "speaker_role", "said_on", "url", "text", "position"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The date stays the partial-date field's text input ("2025", "03/2025"...).
        if db_field.name == "url":
            kwargs["widget"] = forms.URLInput  # no "Currently:" line in a compact row
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class CorrectionInline(HelpTextAsText, StoryChildInline, admin.StackedInline):
    """Public corrections: made by approving a change, amended here, never deleted."""

    model = Correction
    extra = 0
    fields = [("kind", "published_at", "amended_at"), "text"]
    readonly_fields = ["kind", "published_at", "amended_at"]
    verbose_name_plural = _("corrections (amend the text; the change then needs approval)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


# The sidebar's tag and author choices come from the stories edited last: a
# newsroom's thousands of tags and hundreds of bylines would drown it, and each
# choice is a link the list builds at every request.
RECENT_STORIES = 300
RECENT_CHOICES = 40


def recently_edited():
    return Article.objects.order_by("-updated_at").values("pk")[:RECENT_STORIES]


class RecentTagFilter(admin.SimpleListFilter):
    """Tags of recently edited stories."""

    title = _("tag")
    parameter_name = "tag"

    def lookups(self, request, model_admin):
        tags = (
            Tag.objects.filter(taggit_taggeditem_items__object_id__in=recently_edited())
            .distinct()
            .order_by("name")[:RECENT_CHOICES]
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


class RecentAuthorFilter(admin.SimpleListFilter):
    """Authors with a byline on a recently edited story; a link naming any author
    by id (`?author=<id>`, the dashboard's) still filters and names them."""

    title = _("author")
    parameter_name = "author"

    def _chosen_id(self) -> int | None:
        return parse_number(self.value() or "")

    def lookups(self, request, model_admin):
        authors = (
            Author.objects.filter(bylines__article__in=recently_edited())
            .distinct()
            .order_by("name")[:RECENT_CHOICES]
        )
        choices = [(str(author.pk), author.name) for author in authors]
        chosen = self._chosen_id()
        if chosen and str(chosen) not in dict(choices):
            author = Author.objects.filter(pk=chosen).first()
            if author:
                choices.insert(0, (str(author.pk), author.name))
        return choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        chosen = self._chosen_id()
        return queryset.bylined(chosen) if chosen else queryset.none()


class _Discarded(list):
    """Messages of a dry run (checks_view): kept nowhere."""

    level = 0

    def add(self, *args, **kwargs):
        pass

    def update(self, response):
        return []


def story_checks(article) -> list[dict]:
    """What the story still needs before submission and before verification, as the
    workflow's guards say it (the same functions the buttons use)."""
    if article.status not in (Status.DRAFT, Status.SUBMITTED):
        return []
    submission = workflow.missing_for_submission(article)
    verification = [
        str(problem)
        for problem in workflow.missing_for_verification(article)
        if problem not in submission
    ]
    return [
        {"title": str(_("Before submission")), "problems": [str(p) for p in submission]},
        {"title": str(_("Before verification")), "problems": verification},
    ]


# Story text the article list never shows (50 rows of it cost more than the page).
CHANGELIST_DEFERRED = ["introduction", *LISTING_DEFERRED, "change_note"]


@admin.register(Article)
class ArticleAdmin(
    AutosaveAdminMixin,
    HelpTextAsText,
    WorkTypeSuggestionMixin,
    RefusalRetryMixin,
    FoldedSearchMixin,
    DateSafeChangeListMixin,
    admin.ModelAdmin,
):
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
        RecentAuthorFilter,
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
    autocomplete_fields = ["region", "hero"]
    list_select_related = ["region"]
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ["status_label", "version", "published_at", "created_at", "updated_at"]
    # The story editor (change_form.html): fieldsets classed "side-panel" go to the
    # right-hand panel, the others to the story's column.
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", ("work_type", "language"), "loaded_version"]},
        ),
        (_("Story"), {"fields": ["introduction", "verified_facts", "development", "context"]}),
        (_("Origin"), {"fields": ["original_url", "original_outlet"]}),
        (_("Filed under"), {"classes": ["side-panel"], "fields": ["region", "tags"]}),
        (
            _("Hero image"),
            {"classes": ["side-panel"], "fields": ["hero"]},
        ),
        (
            _("Status"),
            {
                "classes": ["side-panel"],
                "fields": [
                    ("status_label", "version"),
                    "published_at",
                    ("created_at", "updated_at"),
                ],
            },
        ),
    ]
    inlines = [BylineInline, QuoteInline, CorrectionInline]

    class Media:
        js = [
            "js/unsaved-changes.js",
            "js/autosave.js",
            "js/story-editor.js",
            *FRENCH_SLUG_JS,
            "js/tag-suggest.js",
        ]
        css = {"all": ["css/autosave.css"]}

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
        queryset = super().get_queryset(request).prefetch_related("bylines__author")
        match = request.resolver_match
        if match is not None and match.url_name == "articles_article_changelist":
            # The list shows no story text: its long columns stay in the database.
            queryset = queryset.defer(*CHANGELIST_DEFERRED)
        return queryset

    # --- columns --------------------------------------------------------------

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return _("scheduled")
        return obj.get_status_display()

    @admin.display(description=_("authors"))
    def byline(self, obj):
        return ", ".join(author.name for author in obj.byline_authors)

    # --- saving: through the write path (articles/editing.py) ------------------

    def save_model(self, request, obj, form, change):
        if not change:
            editing.stamp_new(obj, request.user)
            media.set_hero(obj, form.cleaned_data.get("hero"))
            obj.save()
        # A change is saved in save_related, inside the write path with its inlines.

    def save_related(self, request, form, formsets, change):
        if not change:
            super().save_related(request, form, formsets, change)
            editing.story_created(article=form.instance, user=request.user)
            return
        article = form.instance
        old_slug = form.initial.get("slug", "")
        with editing.edit_story(
            article=article,
            user=request.user,
            expected_version=form.cleaned_data.get("loaded_version"),
        ) as edit:
            if form.has_changed():
                article.save()
            if "hero" in form.changed_data:
                media.set_hero(article, form.cleaned_data["hero"])
            super().save_related(request, form, formsets, change)
            if "slug" in form.changed_data:
                editing.change_slug(article=article, user=request.user, old_slug=old_slug)
        if edit.changed.get(article.pk) and article.is_public:
            self.message_user(
                request,
                _(
                    "Readers still see the published version: propose this change (with a "
                    "public note) for a second editor to approve."
                ),
                messages.WARNING,
            )

    def response_change(self, request, obj):
        name = request.POST.get("_transition")
        if name:
            # A workflow button of the story's own form: what was typed is saved
            # first (save_related), then the step is taken from that version.
            obj.refresh_from_db()
            form = TransitionForm(request.POST, prefix=f"t-{name}")
            self.take_transition(request, obj, name, form, expected_version=obj.version)
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))
        return super().response_change(request, obj)

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
            path(
                "<int:object_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="%s_%s_restore" % info,
            ),
            path(
                "checks/",
                self.admin_site.admin_view(self.checks_view),
                name="%s_%s_checks" % info,
            ),
            path(
                "<int:object_id>/checks/",
                self.admin_site.admin_view(self.checks_view),
                name="%s_%s_checks" % info,
            ),
            path(
                "<int:object_id>/dossier/",
                self.admin_site.admin_view(self.dossier_view),
                name="%s_%s_dossier" % info,
            ),
            *self.suggestion_urls(),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None and self.has_view_permission(request, article):
            live = record.story_content(article)
            version = article.current_version
            pending = (
                compare_content(version.content, live)
                if version is not None and version.kind != PublishedVersion.Kind.WITHDRAWAL
                else None
            )
            extra_context.update(
                workflow_options=workflow.options_for(article, request.user),
                change_kinds=workflow.ChangeKind.CHOICES,
                live_hash=record.content_hash(live),
                in_form=self.has_change_permission(request, article),
                unpublished_changes=pending,
                events=article.events.select_related("actor", "revision")[:100],
                revisions=article.revisions.select_related("created_by")[:50],
                versions=article.versions.defer(*VERSION_DEFERRED).order_by("-number"),
                show_checks=article.status in (Status.DRAFT, Status.SUBMITTED),
                story_checks=story_checks(article),
                work_type_suggestion=self.show_work_type_suggestion(request, article),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "show_checks": True, "story_checks": None}
        return super().add_view(request, form_url, extra_context)

    def take_transition(self, request, article, name, form, *, expected_version, expected_hash=""):
        """Apply `name` from the admin, reporting the outcome as messages."""
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, error, messages.ERROR)
            return None
        try:
            article = workflow.apply_transition(
                article=article,
                user=request.user,
                name=name,
                comment=form.cleaned_data["comment"],
                publish_at=form.cleaned_data["publish_at"],
                change_kind=form.cleaned_data["change_kind"],
                expected_version=expected_version,
                expected_hash=expected_hash,
            )
        except workflow.TransitionForbidden as exc:
            raise PermissionDenied(str(exc)) from exc
        except workflow.TransitionError as exc:
            for problem in exc.problems:
                self.message_user(request, problem, messages.ERROR)
            return None
        self.message_user(
            request,
            _("“%(title)s” is now %(status)s.")
            % {
                "title": article.title,
                "status": _("scheduled") if article.is_scheduled else article.get_status_display(),
            },
            messages.SUCCESS,
        )
        return article

    def transition_view(self, request, object_id, name):
        """A workflow button of a page the user cannot edit (read-only story)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        transition = workflow.TRANSITIONS.get(name)
        if transition is not None and workflow.lacks_role(transition, article, request.user):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        prefix = f"t-{name}"
        form = TransitionForm(request.POST, prefix=prefix)
        loaded = parse_number(request.POST.get(f"{prefix}-loaded_version", ""))
        if loaded is None:
            # Every button carries the version its page showed: acting on a story
            # nobody looked at is refused like acting on a stale page.
            self.message_user(
                request,
                _("Reload the story and try again: its page was out of date."),
                messages.ERROR,
            )
            return HttpResponseRedirect(change_url)
        self.take_transition(
            request,
            article,
            name,
            form,
            expected_version=loaded,
            expected_hash=request.POST.get(f"{prefix}-loaded_hash", ""),
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
            "can_restore": self.has_change_permission(request, article)
            and request.user.has_perm("articles.change_any_article"),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restore_view(self, request, object_id):
        """Bring a story back to an earlier revision, or to its published version."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=object_id)
        if not (
            self.has_change_permission(request, article)
            and request.user.has_perm("articles.change_any_article")
        ):
            raise PermissionDenied
        change_url = reverse("admin:articles_article_change", args=[article.pk])
        source = request.POST.get("source", "")
        if source == "published" and article.current_version_id:
            content = article.current_version.content
            note = _("Unpublished changes discarded: back to published version %(n)d.") % {
                "n": article.current_version.number
            }
        elif (number := parse_number(source)) is not None and (
            revision := article.revisions.filter(version=number).first()
        ):
            content = revision.data
            if "article" not in content:
                self.message_user(
                    request, _("This revision is too old to be restored."), messages.ERROR
                )
                return HttpResponseRedirect(change_url)
            note = _("Revision v%(n)s restored.") % {"n": source}
        else:
            raise Http404
        try:
            editing.restore(
                article=article,
                content=content,
                user=request.user,
                expected_version=parse_number(request.POST.get("loaded_version", "")),
                note=note,
            )
        except editing.EditRefused as exc:
            for message in exc.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, note, messages.SUCCESS)
        return HttpResponseRedirect(change_url)

    def checks_view(self, request, object_id=None):
        """What the story would still need if the page were saved now (the editor's panel).

        The page's unsaved form goes through the same save as the Save button (the
        write path, then the workflow's guards), inside a transaction that is always
        rolled back: nothing is written, no message, no e-mail, no task.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, str(object_id)) if object_id else None
        if object_id and article is None:
            raise Http404
        allowed = (
            self.has_change_permission(request, article)
            if article
            else self.has_add_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        change = article is not None
        request._messages = _Discarded()
        form = self.get_form(request, article, change=change)(
            request.POST, instance=article or Article()
        )
        result = {"checks": None, "invalid": False}
        with transaction.atomic():
            try:
                formsets, _inlines = self._create_formsets(request, form.instance, change=change)
                if not (form.is_valid() and all_valid(formsets)):
                    result["invalid"] = True
                else:
                    story = self.save_form(request, form, change=change)
                    self.save_model(request, story, form, change)
                    self.save_related(request, form, formsets, change)
                    story.refresh_from_db()
                    result["checks"] = story_checks(story)
            except editing.EditRefused:
                result["invalid"] = True
            finally:
                transaction.set_rollback(True)
        return JsonResponse(result)

    def dossier_view(self, request, object_id):
        """What verification relied on, for an ombudsman: printable page or JSON."""
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        data = dossier(article)
        if request.GET.get("format") == "json":
            response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
            response["Content-Disposition"] = (
                f'attachment; filename="dossier-{article.pk}-v{article.version}.json"'
            )
            return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "dossier": data,
            "title": _("Verification dossier"),
        }
        return TemplateResponse(request, "admin/articles/article/dossier.html", context)
