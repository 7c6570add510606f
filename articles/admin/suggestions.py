"""What the story's content suggests to the editor (articles.editing.suggested_work_type):
shown on the story page with a button to accept it; the editor may also choose another
type in the form. Nothing is changed until someone accepts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from newsroom.numbers import parse_number

from .. import editing
from ..models import Article, WorkType


class WorkTypeSuggestionMixin:
    def suggestion_urls(self):
        return [
            path(
                "<int:object_id>/work-type/",
                self.admin_site.admin_view(self.work_type_view),
                name="articles_article_work_type",
            )
        ]

    def show_work_type_suggestion(self, request, article) -> str | None:
        """On the story page (GET): the suggested type, with a button for who may edit."""
        suggestion = editing.suggested_work_type(article)
        if suggestion is None or request.method != "GET":
            return suggestion
        label = WorkType(suggestion).label
        text = _(
            "This story rates claims but is filed as “%(current)s”: readers and search "
            "engines would see it as a “%(suggested)s”."
        ) % {"current": article.get_work_type_display(), "suggested": label}
        if not self.has_change_permission(request, article):
            self.message_user(request, text, messages.INFO)
            return suggestion
        button = format_html(
            '{} <form method="post" action="{}" class="suggestion">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<input type="hidden" name="work_type" value="{}">'
            '<input type="hidden" name="loaded_version" value="{}">'
            '<button type="submit" class="button">{}</button></form>',
            text,
            reverse("admin:articles_article_work_type", args=[article.pk]),
            get_token(request),
            suggestion,
            article.version,
            _("File it as “%(type)s”") % {"type": label},
        )
        self.message_user(request, button, messages.INFO)
        return suggestion

    def work_type_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = request.POST.get("loaded_version", "")
        try:
            editing.accept_work_type(
                article=article,
                user=request.user,
                work_type=request.POST.get("work_type", ""),
                expected_version=parse_number(version),
            )
        except editing.EditRefused as refusal:
            for message in refusal.messages:
                self.message_user(request, message, messages.ERROR)
        else:
            article.refresh_from_db()
            self.message_user(
                request,
                _("Filed as “%(type)s”.") % {"type": article.get_work_type_display()},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
