from django.contrib import admin

from newsroom.adminlist import FoldedSearchMixin
from newsroom.pagination import CappedCountPaginator

from ..models import ArticleEvent


@admin.register(ArticleEvent)
class ArticleEventAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """The whole newsroom's history, read-only for everyone, superusers included."""

    list_display = ["at", "article", "action", "actor", "from_status", "to_status"]
    list_filter = ["action", "to_status"]
    search_fields = ["article__title", "comment"]
    list_select_related = ["article", "actor"]
    show_full_result_count = False
    paginator = CappedCountPaginator

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
