from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from newsroom.adminlist import FoldedSearchMixin

from ..counts import published_counts
from ..models import Author, AuthorLink, Region, SitePage
from .urlify import FrenchSlugPrefill


@admin.register(Region)
class RegionAdmin(FrenchSlugPrefill, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "level", "parent", "code"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


class AuthorLinkInline(admin.TabularInline):
    model = AuthorLink
    add_label = _("Add a link")
    extra = 0


@admin.register(Author)
class AuthorAdmin(FrenchSlugPrefill, FoldedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "job_title", "user", "article_count"]
    search_fields = ["name", "job_title", "expertise"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    inlines = [AuthorLinkInline]
    list_select_related = ["user"]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # Counted for the page's authors only, and cached (articles/counts.py):
        # annotating every author would aggregate every byline of the archive.
        authors = list(changelist.result_list)
        counts = published_counts(author.pk for author in authors)
        for author in authors:
            author.published_count = counts.get(author.pk, 0)
        return changelist

    @admin.display(description=_("published articles"))
    def article_count(self, obj):
        return getattr(obj, "published_count", "")


@admin.register(SitePage)
class SitePageAdmin(FrenchSlugPrefill, admin.ModelAdmin):
    list_display = ["title", "kind", "slug", "updated_at"]
    prepopulated_fields = {"slug": ["title"]}
