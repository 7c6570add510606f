from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from newsroom.adminlist import FoldedSearchMixin
from newsroom.folding import fold
from newsroom.numbers import parse_number

from ..tagging import clean_tag_name, existing_tags
from .urlify import FrenchSlugPrefill


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        # Cleaned before the uniqueness check, which must see the name as stored.
        name = clean_tag_name(self.cleaned_data.get("name"))
        same = existing_tags([name]).get(fold(name))
        if same is not None and same.pk != self.instance.pk:
            raise forms.ValidationError(
                _("The tag “%(tag)s” already names this subject."),
                code="tag_exists",
                params={"tag": same.name},
            )
        return name


class TagAdmin(FrenchSlugPrefill, FoldedSearchMixin, TaggitTagAdmin):
    """taggit's tag admin, closed to anyone who could not retag stories on their page.

    taggit's own version lets any staff member attach a tag to any object
    (the tagged-items inline) and merge tags (an action and a page that check
    no permission): a journalist could retag a published story that way,
    outside the workflow. Stories are tagged on the story's page only.
    """

    form = TagForm
    inlines = []

    def get_urls(self):
        suggest = path(
            "suggest/", self.admin_site.admin_view(self.suggest_view), name="taggit_tag_suggest"
        )
        return [suggest, *super().get_urls()]

    def suggest_view(self, request):
        """Existing tags for the story page's tag field (static/js/tag-suggest.js): the ten
        most used whose name holds what was typed, accents and case aside."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        typed = fold(clean_tag_name(request.GET.get("q", "")))[:100]
        names = []
        if typed:
            names = list(
                Tag.objects.filter(name__fold__contains=typed)
                .annotate(uses=Count("taggit_taggeditem_items"))
                .order_by("-uses", "name")
                .values_list("name", flat=True)[:10]
            )
        return JsonResponse({"results": names})

    @admin.action(description=_("Merge selected tags"), permissions=["change", "delete"])
    def render_tag_form(self, request, queryset):
        return super().render_tag_form(request, queryset)

    def merge_tags_view(self, request):
        if not (self.has_change_permission(request) and self.has_delete_permission(request)):
            raise PermissionDenied
        # taggit fails with a 500 when the page is posted without a selection.
        selected = request.session.get("selected_tag_ids", "").split(",")
        if request.method == "POST" and not all(parse_number(pk) is not None for pk in selected):
            self.message_user(request, _("Select the tags to merge first."), messages.ERROR)
            return redirect("admin:taggit_tag_changelist")
        if request.method == "POST" and "new_tag_name" in request.POST:
            # taggit looks the new name up as typed; find the tag as it is stored.
            request.POST = request.POST.copy()
            name = clean_tag_name(request.POST["new_tag_name"])
            same = existing_tags([name]).get(fold(name))
            request.POST["new_tag_name"] = same.name if same is not None else name
        return super().merge_tags_view(request)


admin.site.unregister(Tag)
admin.site.register(Tag, TagAdmin)
