from django.contrib import admin

from newsroom.adminlist import FoldedSearchMixin, ReadOnlyAdminMixin
from newsroom.pagination import CappedCountPaginator

from ..models import ArticleEvent


@admin.register(ArticleEvent)
class ArticleEventAdmin(ReadOnlyAdminMixin, FoldedSearchMixin, admin.ModelAdmin):
    """The whole newsroom's history, read-only for everyone, superusers included."""

    list_display = ["at", "article", "action", "actor", "from_status", "to_status"]
    list_filter = ["action", "to_status"]
    search_fields = ["article__title", "comment"]
    list_select_related = ["article", "actor"]
    show_full_result_count = False
    paginator = CappedCountPaginator
