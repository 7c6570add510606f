"""The sync client printed in docs/api.md works: run it against a live server."""

import json
import re
from pathlib import Path

import pytest
from django.test import override_settings

from articles.models import Article
from articles.workflow import apply_transition
from newsroom.roles import EDITOR
from tests.factories import make_user
from tests.reader_site import seed_demo

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def example_client():
    """The last Python block of docs/api.md, as a module namespace."""
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    namespace = {"__name__": "sync_example"}
    exec(compile(blocks[-1], str(DOC), "exec"), namespace)  # noqa: S102 - our own doc
    return namespace


@pytest.fixture
def api_server(transactional_db):
    """A live server on loopback, plain HTTP, set up before its handler is built."""
    from pytest_django.live_server_helper import LiveServer

    with override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0):
        server = LiveServer("localhost")
        yield server
        server.stop()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_docs_sync_script_copies_the_demo_and_applies_a_withdrawal(api_server, settings, tmp_path):
    """A first run copies every public story of the demo; after a withdrawal, the next
    run removes that story and keeps the others."""
    seed_demo(settings)
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    sync = example_client()["sync"]
    api = f"{api_server.url}/api/v1/"
    copy = tmp_path / "stories.json"
    public = set(
        Article.objects.published()
        .filter(current_version__isnull=False)
        .values_list("pk", flat=True)
    )
    assert len(public) > 3
    changed, removed = sync(api, copy)
    state = json.loads(copy.read_text())
    assert {int(pk) for pk in state["stories"]} == public
    assert (changed, removed) == (len(public), 0)

    article = Article.objects.get(pk=min(public))
    editor = make_user("redac-chef", EDITOR)
    apply_transition(article=article, user=editor, name="withdraw", comment="Erreur de lieu.")
    changed, removed = sync(api, copy)
    state = json.loads(copy.read_text())
    assert removed == 1
    assert {int(pk) for pk in state["stories"]} == public - {article.pk}
