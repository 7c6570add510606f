from django.contrib import admin

from .models import ImportedAuthor, ImportedItem, LegacyRedirect


@admin.register(LegacyRedirect)
class LegacyRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "article", "target_path", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["old_path", "target_path", "article__title"]
    autocomplete_fields = ["article"]
    list_select_related = ["article"]


@admin.register(ImportedItem)
class ImportedItemAdmin(admin.ModelAdmin):
    list_display = ["wp_id", "post_type", "wp_status", "article", "last_imported_at"]
    list_filter = ["source", "post_type", "wp_status", "published_by_import"]
    search_fields = ["=wp_id", "link", "article__title"]
    list_select_related = ["article"]
    readonly_fields = [f.name for f in ImportedItem._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ImportedAuthor)
class ImportedAuthorAdmin(admin.ModelAdmin):
    list_display = ["login", "author", "source"]
    search_fields = ["login", "author__name"]
    list_select_related = ["author"]
    autocomplete_fields = ["author"]
