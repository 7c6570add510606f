"""The newsroom's admin site: the site's name, and sections named for a newsroom.

Journalists work in the admin all day; it should read as the newsroom's own
tool, not as Django's. The header and the browser title carry SITE_NAME, and
the models a library registers (tags, the task queue, login records, second
factors, user accounts) are listed under the newsroom section they belong to,
so that no library's name ("Taggit", "Axes", "Otp_Totp") is a section heading.
"""

import json

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from newsroom.adminlist import ActionCheckboxMixin

# {library app label: the label of the newsroom app whose section lists its models}.
# Labels only (strings): newsroom/ imports no app.
SECTIONS = {
    "taggit": "articles",
    "django_tasks_db": "newsroom",
    "auth": "accounts",
    "axes": "accounts",
    "otp_totp": "accounts",
    "otp_static": "accounts",
}


class InlineAddLabels:
    """An inline's "add" button says what it adds, in words of the trade.

    Django's button reads "Add another Author" ("Ajouter un objet Auteur
    supplémentaire" in French). An inline names its button with `add_label`
    ("Add an author"); without one, the button reads "Add another Author"
    ("Ajouter : Auteur").
    """

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        admin_formsets = super().get_inline_formsets(request, formsets, inline_instances, obj)
        for admin_formset in admin_formsets:
            label = getattr(admin_formset.opts, "add_label", None)
            if label:
                admin_formset.inline_formset_data = _formset_data(admin_formset, label)
        return admin_formsets


def _formset_data(admin_formset, label):
    def inline_formset_data():
        data = json.loads(type(admin_formset).inline_formset_data(admin_formset))
        data["options"]["addText"] = capfirst(gettext(str(label)))
        return json.dumps(data)

    return inline_formset_data


SITE_MIXINS = (InlineAddLabels, ActionCheckboxMixin)


class NewsroomAdminSite(admin.AdminSite):
    site_header = settings.SITE_NAME
    site_title = settings.SITE_NAME
    index_title = _("Writing desk")

    def get_app_list(self, request, app_label=None):
        if app_label is None:
            app_dict = self._build_app_dict(request)
        else:
            adopted = [label for label, home in SECTIONS.items() if home == app_label]
            app_dict = {}
            for label in [app_label, *adopted]:
                app_dict.update(self._build_app_dict(request, label))
        for label, home in SECTIONS.items():
            section = app_dict.pop(label, None)
            if section is None:
                continue
            if home not in app_dict:
                config = apps.get_app_config(home)
                app_dict[home] = {
                    **section,
                    "name": config.verbose_name,
                    "app_label": home,
                    "app_url": section["app_url"].replace(f"/{label}/", f"/{home}/"),
                    "models": [],
                }
            app_dict[home]["models"].extend(section["models"])
        app_list = sorted(app_dict.values(), key=lambda app: str(app["name"]).lower())
        for app in app_list:
            app["models"].sort(key=lambda model: str(model["name"]))
        return app_list

    def register(self, model_or_iterable, admin_class=None, **options):
        # Every model admin, a library's included, names its inlines' add buttons
        # (InlineAddLabels) and writes its rows' selection boxes without a template
        # (newsroom/adminlist.py).
        admin_class = admin_class or admin.ModelAdmin
        missing = tuple(m for m in SITE_MIXINS if not issubclass(admin_class, m))
        if missing:
            admin_class = type(
                admin_class.__name__,
                (*missing, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        super().register(model_or_iterable, admin_class, **options)

    def app_index(self, request, app_label, extra_context=None):
        # A library's own section page (a breadcrumb's link) is its newsroom section.
        if app_label in SECTIONS:
            return redirect("admin:app_list", app_label=SECTIONS[app_label])
        return super().app_index(request, app_label, extra_context)


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.NewsroomAdminSite"

    def ready(self):
        super().ready()
        # Breadcrumbs name a model's app: a library's models name their newsroom section.
        for label, home in SECTIONS.items():
            if label in apps.app_configs:
                apps.get_app_config(label).verbose_name = apps.get_app_config(home).verbose_name
