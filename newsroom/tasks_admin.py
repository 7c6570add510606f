"""The task queue in the admin: django-tasks-db's read-only page, with each failure's error
in the list (the last line of its traceback), so a failing task is seen at a glance."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult


class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (
        "task_name",
        "status",
        "error",
        "enqueued_at",
        "run_after",
        "finished_at",
        "queue_name",
    )
    list_filter = ("status", "queue_name")
    search_fields = ("task_path",)

    @admin.display(description=_("error"))
    def error(self, obj):
        lines = (obj.traceback or "").strip().splitlines()
        return lines[-1][:200] if lines else ""


def install() -> None:
    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)
    admin.site.register(DBTaskResult, TaskResultAdmin)
