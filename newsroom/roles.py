"""The newsroom's roles, as Django groups kept in sync with this file.

`sync_roles()` runs after every `migrate` (see apps.py), so a deployment never
drifts from what the code says each role may do. Object-level rules (a
journalist edits only their own drafts, an editor never verifies their own
story, nobody deletes a published story) live in articles/workflow.py and
articles/editing.py.
"""

from django.db import transaction

JOURNALIST = "Journalist"
EDITOR = "Editor"

_VIEW = "view"

JOURNALIST_PERMISSIONS = {
    "articles": {
        "article": {"view", "add", "change", "submit_article"},
        "articleauthor": {"view", "add", "change", "delete"},
        "quote": {"view", "add", "change", "delete"},
        "correction": {"view"},
        "publishedversion": {"view"},
        "region": {"view"},
        "author": {"view"},
        "authorlink": {"view"},
        # The media library: journalists add images; editors fix or remove them.
        "mediaimage": {"view", "add"},
        "articleevent": {"view"},
        "revision": {"view"},
        "sitepage": {"view"},
    },
    "factcheck": {
        "source": {"view", "add", "change", "delete"},
        "claim": {"view", "add", "change", "delete"},
        "claimappearance": {"view", "add", "change", "delete"},
        # Journalists may add an outlet they cite; editors curate the list.
        "outlet": {"view", "add"},
        "rating": {"view"},
        "evidencecapture": {"view"},
        "evidenceexemption": {"view"},
        "linkstatus": {"view"},
        # Reader tips: the whole newsroom triages them (they come from /signaler/).
        "tip": {"view", "change"},
    },
    "taggit": {"tag": {"view", "add"}, "taggeditem": {"view", "add", "change", "delete"}},
}

EDITOR_PERMISSIONS = {
    "articles": {
        "article": {
            "view",
            "add",
            "change",
            "delete",
            "submit_article",
            "return_article",
            "verify_article",
            "publish_article",
            "withdraw_article",
            "change_any_article",
        },
        "articleauthor": {"view", "add", "change", "delete"},
        "quote": {"view", "add", "change", "delete"},
        # Corrections are made by approving a change, amended, never deleted.
        "correction": {"view", "change"},
        "publishedversion": {"view"},
        "articleredirect": {"view", "delete"},
        "region": {"view", "add", "change", "delete"},
        "author": {"view", "add", "change", "delete"},
        "mediaimage": {"view", "add", "change", "delete"},
        "authorlink": {"view", "add", "change", "delete"},
        "articleevent": {"view"},
        "revision": {"view"},
        "sitepage": {"view", "add", "change"},
    },
    "factcheck": {
        "source": {"view", "add", "change", "delete"},
        "claim": {"view", "add", "change", "delete"},
        "claimappearance": {"view", "add", "change", "delete"},
        "outlet": {"view", "add", "change", "delete"},
        "rating": {"view", "add", "change", "delete"},
        "evidencecapture": {"view"},
        # An exception stays in the dossier of the verification that relied on it.
        "evidenceexemption": {"view", "add"},
        "linkstatus": {"view"},
        "tip": {"view", "change", "delete"},
    },
    "taggit": {
        "tag": {"view", "add", "change", "delete"},
        "taggeditem": {"view", "add", "change", "delete"},
    },
    # An imported site's old addresses, and what the import remembers: read-only, but
    # deleted with the story or author it belongs to.
    "imports": {
        "legacyredirect": {"view", "add", "change", "delete"},
        "importeditem": {"view", "delete"},
        "importedauthor": {"view", "delete"},
    },
}

ROLES = {JOURNALIST: JOURNALIST_PERMISSIONS, EDITOR: EDITOR_PERMISSIONS}


def _codename(action, model):
    return f"{action}_{model}" if action in {"view", "add", "change", "delete"} else action


def role_permissions(role):
    """The Permission queryset a role should have, from the table above."""
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    query = Q(pk__in=[])
    for app_label, models in ROLES[role].items():
        for model, actions in models.items():
            codenames = [_codename(action, model) for action in actions]
            query |= Q(
                content_type__app_label=app_label, content_type__model=model, codename__in=codenames
            )
    return Permission.objects.filter(query)


@transaction.atomic
def sync_roles(**kwargs):
    """Create the groups and give them exactly the permissions listed here."""
    from django.contrib.auth.models import Group

    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(role_permissions(role))
        groups[role] = group
    return groups
