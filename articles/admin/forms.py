from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from newsroom.slugs import slugify

from ..editing import EditRefused, check_version
from ..workflow import ChangeKind


class VersionGuardMixin:
    """Refuse a save made from a form opened before someone else's save.

    The form carries the version it was opened at and compares it while
    validating, so that the refusal keeps what the user typed; the service
    (articles.editing.edit_story) compares again under the row lock. A
    refusal the service raised after validation (`refusal`, set by the admin
    on its second pass) is reported the same way. Subclasses declare a hidden
    ``loaded_version`` field.
    """

    refusal: EditRefused | None = None

    def guarded_article_pk(self):
        raise NotImplementedError

    def guarded_article_version(self):
        raise NotImplementedError

    def setup_version_guard(self):
        self.fields["loaded_version"].required = self.guarded_article_pk() is not None
        if not self.is_bound:
            self.fields["loaded_version"].initial = self.guarded_article_version()

    def check_version(self):
        if self.refusal is not None:
            raise self.refusal
        article_pk = self.guarded_article_pk()
        if article_pk is None:
            return
        check_version(article_pk, self.cleaned_data.get("loaded_version"))


class VersionField(forms.IntegerField):
    """The version a page was opened at: a guard, never a change (not in the history)."""

    def has_changed(self, initial, data):
        return False


def version_field():
    return VersionField(widget=forms.HiddenInput, required=False)


class ArticleAdminForm(VersionGuardMixin, forms.ModelForm):
    loaded_version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_version_guard()
        if "tags" in self.fields:
            # Existing tags offered as the journalist types (static/js/tag-suggest.js).
            self.fields["tags"].widget.attrs.update(
                {
                    "data-suggest-url": reverse("admin:taggit_tag_suggest"),
                    "autocomplete": "off",
                }
            )
            self.fields["tags"].help_text = _(
                "Separate tags with commas: “Réseaux de chaleur, Caen” is two tags."
            )

    def guarded_article_pk(self):
        return self.instance.pk

    def guarded_article_version(self):
        return self.instance.version if self.instance.pk else None

    def clean_tags(self):
        """Each tag must fit the tag table and have an address (/tags/<slug>/)."""
        names = self.cleaned_data.get("tags") or []
        limit = Tag._meta.get_field("name").max_length
        for name in names:
            slug = slugify(name)
            # A slug that is taken gets "-<n>" (articles/tagging.py): leave room for it.
            if len(name) > limit or len(slug) > limit - 5:
                raise ValidationError(
                    _("The tag “%(tag)s…” is too long: at most %(limit)d characters."),
                    code="tag_too_long",
                    params={"tag": name[:30], "limit": limit},
                )
            if not slug:
                raise ValidationError(
                    _("The tag “%(tag)s” needs at least one letter or digit."),
                    code="tag_without_slug",
                    params={"tag": name},
                )
        return names

    def clean(self):
        cleaned = super().clean()
        self.check_version()
        return cleaned


class TransitionForm(forms.Form):
    """What a workflow button sends: its comment or time, and the page it came from."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)
    publish_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to publish now."),
    )
    change_kind = forms.ChoiceField(
        label=_("Kind of change"), choices=[("", "—"), *ChangeKind.CHOICES], required=False
    )
    loaded_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    loaded_hash = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
