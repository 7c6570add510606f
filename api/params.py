"""Query parameters: validated by serializers (errors are 400s, never 500s), cursors.

A cursor is the sort key of the last item a page showed, signed so that a
client cannot forge one, and the next page is the items strictly after it
(a keyset: `WHERE (published_at, id) < (…)`, never OFFSET), so paging costs the
same at the millionth story as at the first and no item is skipped or shown
twice when stories are published meanwhile.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

CURSOR_SALT = "api.cursor"


def encode_cursor(kind: str, values: list) -> str:
    return signing.dumps([kind, values], salt=CURSOR_SALT, compress=True)


class ListParams(serializers.Serializer):
    """Every list: `limit`, `cursor`, `fields`."""

    limit = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="Items per page (default 20); more than 100 gives 100.",
    )
    cursor = serializers.CharField(
        required=False, help_text="The `next` link's cursor: the page after the previous one."
    )
    fields = serializers.CharField(
        required=False,
        help_text="Comma-separated names of the top-level fields to keep, e.g. `id,slug,title`.",
    )
    cursor_kind = "id"

    def validate_limit(self, value):
        return min(value, settings.API_MAX_LIMIT)

    def validate_cursor(self, value):
        try:
            kind, values = signing.loads(value, salt=CURSOR_SALT)
        except (signing.BadSignature, ValueError, TypeError):
            raise serializers.ValidationError(_("Unknown cursor.")) from None
        if kind != self.cursor_kind or not isinstance(values, list):
            raise serializers.ValidationError(_("This cursor belongs to another list."))
        return values

    def validate_fields(self, value):
        names = [name.strip() for name in value.split(",") if name.strip()]
        allowed = self.context.get("fields", ())
        unknown = [name for name in names if name not in allowed]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown fields: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return names

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {name: [_("Unknown parameter.")] for name in sorted(unknown)}
            )
        attrs.setdefault("limit", settings.API_DEFAULT_LIMIT)
        return attrs


def is_id(value) -> bool:
    """A row id the database can compare (a 64-bit signed integer, not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63


def in_utc(moment: datetime) -> datetime:
    """`moment` in UTC, as the database compares it; OverflowError at the ends of time."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.astimezone(UTC)


def cursor_time(value) -> datetime:
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is not None:
            return in_utc(parsed)
    except (ValueError, OverflowError):
        pass
    raise serializers.ValidationError({"cursor": [_("Unknown cursor.")]})


class MomentField(serializers.DateTimeField):
    """An ISO 8601 time, in UTC; a time the database cannot hold is a 400, not a 500."""

    def to_internal_value(self, value):
        try:
            return in_utc(super().to_internal_value(value))
        except (ValueError, OverflowError):
            raise serializers.ValidationError(_("This time is out of range.")) from None


SLUG = r"^[-a-zA-Z0-9_]+$"


class StoryParams(ListParams):
    """Filters of the story list (each one narrows; all combine)."""

    region = serializers.RegexField(
        SLUG, required=False, help_text="Region slug; places inside it are included."
    )
    tag = serializers.RegexField(SLUG, required=False, help_text="Tag slug.")
    author = serializers.RegexField(SLUG, required=False, help_text="Author slug.")
    verdict = serializers.RegexField(
        SLUG, required=False, help_text="Verdict slug: stories with a claim rated so."
    )
    type = serializers.ChoiceField(
        choices=[], required=False, help_text="Type of work (news, analysis, factcheck…)."
    )
    language = serializers.ChoiceField(choices=[], required=False, help_text="Language code.")
    updated_since = MomentField(
        required=False,
        help_text=(
            "ISO 8601 time: stories published, corrected or withdrawn after it, oldest "
            "change first; withdrawn stories come as tombstones."
        ),
    )
    cursor_kind = "stories"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from articles.models import WorkType

        self.fields["type"].choices = WorkType.choices
        self.fields["language"].choices = [(code, code) for code, _name in settings.LANGUAGES]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "cursor" in attrs:
            mode = "sync" if "updated_since" in attrs else "latest"
            values = attrs["cursor"]
            if len(values) != 3 or values[0] != mode or not is_id(values[2]):
                raise serializers.ValidationError({"cursor": [_("Unknown cursor.")]})
            attrs["cursor"] = (cursor_time(values[1]), values[2])
        return attrs


class FactcheckParams(StoryParams):
    updated_since = None  # apps sync through /stories/, which carries the claims too
    cursor_kind = "factchecks"


class IdCursorParams(ListParams):
    """Lists ordered by id (regions, authors, tags)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "cursor" in attrs:
            values = attrs["cursor"]
            if len(values) != 1 or not is_id(values[0]):
                raise serializers.ValidationError({"cursor": [_("Unknown cursor.")]})
            attrs["cursor"] = values[0]
        return attrs


class NoParams(serializers.Serializer):
    """A resource that takes no parameter: any one is a mistake worth a 400."""

    def validate(self, attrs):
        unknown = set(self.initial_data)
        if unknown:
            raise serializers.ValidationError(
                {name: [_("Unknown parameter.")] for name in sorted(unknown)}
            )
        return attrs


class SearchParams(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text="Words to look for.")
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=50, help_text="Results, 1 to 50 (default 20)."
    )

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {name: [_("Unknown parameter.")] for name in sorted(unknown)}
            )
        attrs.setdefault("limit", settings.API_DEFAULT_LIMIT)
        return attrs
