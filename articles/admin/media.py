from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.adminlist import FoldedSearchMixin

from .. import media
from ..models import MediaImage


@admin.register(MediaImage)
class MediaImageAdmin(FoldedSearchMixin, admin.ModelAdmin):
    """The media library: images stored once, found by what they show (the story
    form's hero field searches here), added through `articles.media.add_image()`."""

    list_display = ["preview", "alt", "credit", "size", "created_at"]
    list_display_links = ["preview", "alt"]
    search_fields = ["alt", "caption", "credit"]
    fields = [
        "image",
        "preview",
        "alt",
        ("caption", "credit"),
        ("focal_x", "focal_y"),
        "size",
        "used_by",
    ]
    readonly_fields = ["preview", "size", "used_by"]

    def get_readonly_fields(self, request, obj=None):
        # The file of a library image is never swapped under the stories showing it:
        # a new file is a new library image.
        return [*self.readonly_fields, "image"] if obj else self.readonly_fields

    @admin.display(description=_("preview"))
    def preview(self, obj):
        display = obj.display if obj and obj.pk else None
        if display is None:
            return _("being prepared") if obj and obj.pk else "—"
        url, _width = obj.renditions[0]
        return format_html('<img src="{}" alt="" width="120" loading="lazy">', url)

    @admin.display(description=_("size in pixels"))
    def size(self, obj):
        return f"{obj.width}×{obj.height}" if obj and obj.width else "—"

    @admin.display(description=_("used by"))
    def used_by(self, obj):
        if not obj or not obj.pk:
            return "—"
        titles = list(obj.stories.values_list("title", flat=True)[:20])
        return ", ".join(titles) or _("no story")

    def save_model(self, request, obj, form, change):
        if not change:
            media.add_image(
                file=form.cleaned_data["image"],
                alt=obj.alt,
                caption=obj.caption,
                credit=obj.credit,
                focal=obj.focal,
                user=request.user,
                into=obj,
            )
            return
        obj.save()
        if form.has_changed():
            reopened = media.image_changed(obj, user=request.user)
            if reopened:
                message = ngettext(
                    "%(count)d story showing this image goes back to verification.",
                    "%(count)d stories showing this image go back to verification.",
                    reopened,
                )
                self.message_user(request, message % {"count": reopened}, messages.WARNING)
