from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from newsroom.adminlist import FoldedSearchMixin
from newsroom.text import clean_text


def clean_tag_name(name):
    """A tag name as stored: one line, without control characters (newsroom/text.py)."""
    return clean_text(name or "", multiline=False).strip()


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        # Cleaned before the uniqueness check, which must see the name as stored.
        return clean_tag_name(self.cleaned_data.get("name"))


class TagAdmin(FoldedSearchMixin, TaggitTagAdmin):
    """taggit's tag admin, closed to anyone who could not retag stories on their page.

    taggit's own version lets any staff member attach a tag to any object
    (the tagged-items inline) and merge tags (an action and a page that check
    no permission): a journalist could retag a published story that way,
    outside the workflow. Stories are tagged on the story's page only.
    """

    form = TagForm
    inlines = []

    @admin.action(description=_("Merge selected tags"), permissions=["change", "delete"])
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        # taggit fails with a 500 when the page is posted without a selection.
        selected = request.session.get("selected_tag_ids", "").split(",")
        if request.method == "POST" and not all(pk.isdigit() for pk in selected):
            self.message_user(request, _("Select the tags to merge first."), messages.ERROR)
            return redirect("admin:taggit_tag_changelist")
        if request.method == "POST" and "new_tag_name" in request.POST:
            # taggit looks the new name up as typed; find the tag as it is stored.
            request.POST = request.POST.copy()
            request.POST["new_tag_name"] = clean_tag_name(request.POST["new_tag_name"])
        return super().merge_tags_view(request)


admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)
