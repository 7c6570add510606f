"""The link watch: cited pages of published stories are checked again; one that dies or
changes substantially is flagged in the admin with the archive to fall back on."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from factcheck import linkwatch
from factcheck.models import LinkStatus, Outlet, Source
from tests.evidence_server import ARTICLE
from tests.factories import make_article, refreeze
from tests.tasks import queued, run_tasks

pytestmark = pytest.mark.django_db


def published_citing(journalist, *urls, status=Status.PUBLISHED):
    article = make_article(author=journalist, status=status)
    outlet, _ = Outlet.objects.get_or_create(slug="mairie", name="Mairie de Granville")
    for url in urls:
        Source.objects.create(article=article, outlet=outlet, title="Arrêté", url=url)
    run_tasks()  # the worker archives them
    refreeze(article)
    return article


def test_a_page_that_starts_failing_is_flagged_with_its_stories(
    admin_client, evidence_server, journalist
):
    """The page answered when archived; it now answers 404: the URL is dead, and the
    admin's watched-links page names the story and links our copy."""
    url = evidence_server.url("/arrete")
    article = published_citing(journalist, url)
    assert linkwatch.check(url).state == LinkStatus.State.OK

    evidence_server.pages["/arrete"] = (404, "text/html", b"<p>Page retir\xc3\xa9e</p>")
    status = linkwatch.check(url)
    assert (status.state, status.status_code, status.failures) == ("dead", 404, 1)

    page = admin_client.get(reverse("admin:factcheck_linkstatus_changelist"))
    html = page.content.decode()
    assert page.status_code == 200
    assert article.title in html
    assert "/preuves/" in html


def test_a_page_whose_text_changed_substantially_is_flagged(evidence_server, journalist):
    """Same address, another text: changed. A small edit (a date) is not flagged."""
    url = evidence_server.url("/arrete")
    published_citing(journalist, url)
    small = ARTICLE.replace("1er juin", "2 juin").encode()
    evidence_server.pages["/arrete"] = (200, "text/html; charset=utf-8", small)
    assert linkwatch.check(url).state == LinkStatus.State.OK
    rewritten = (
        "<html><title>Mairie</title><p>Cette page a été entièrement remplacée par un "
        "communiqué sur la fête du port et le programme des animations estivales.</p></html>"
    )
    evidence_server.pages["/arrete"] = (200, "text/html", rewritten.encode())
    assert linkwatch.check(url).state == LinkStatus.State.CHANGED


def test_a_refused_address_is_dead_not_an_error(evidence_server, settings, journalist):
    """A cited page that now redirects to a private address is dead (never fetched)."""
    url = evidence_server.url("/arrete")
    published_citing(journalist, url)
    evidence_server.redirects["/arrete"] = "http://10.0.0.7/"
    status = linkwatch.check(url)
    assert status.state == LinkStatus.State.DEAD and "address" in status.detail


def test_only_published_stories_are_watched(evidence_server, journalist):
    """Drafts' sources are not watched."""
    published_citing(journalist, evidence_server.url("/arrete"))
    published_citing(journalist, evidence_server.url("/rapport.pdf"), status=Status.DRAFT)
    assert linkwatch.watched_urls() == {evidence_server.url("/arrete")}


def test_runs_are_spread_over_the_period_and_bounded_per_host(settings, journalist):
    """With 24 runs per period, 48 URLs are checked 2 per run, oldest first, and never more
    than LINK_WATCH_PER_HOST on one host."""
    settings.LINK_WATCH_PERIOD_DAYS = 1
    urls = [f"https://site{n % 3}.example/page-{n}" for n in range(48)]
    published_citing(journalist, *urls)
    first = linkwatch.due(None, interval_seconds=3600)
    assert len(first) == 2
    now = timezone.now()
    LinkStatus.objects.bulk_create(LinkStatus(url=url, checked_at=now) for url in first)
    assert not set(first) & set(linkwatch.due(None, interval_seconds=3600))
    settings.LINK_WATCH_PER_HOST = 1
    settings.LINK_WATCH_PERIOD_DAYS = 30
    spread = linkwatch.due(None, interval_seconds=86400 * 30)
    assert len(spread) == 3  # one per host, though 46 are due


def test_the_watch_runs_in_the_worker_and_queues_its_next_run(
    evidence_server, settings, journalist
):
    """`manage.py watch_links` queues the watch; a run checks the due URLs and queues the
    next one, LINK_WATCH_INTERVAL later; there is never more than one waiting."""
    from django.core.management import call_command

    url = evidence_server.url("/arrete")
    published_citing(journalist, url)
    call_command("watch_links")
    call_command("watch_links")
    assert len(queued("watch_links")) == 1
    evidence_server.pages["/arrete"] = (500, "text/html", b"panne")
    assert run_tasks() == 1
    assert LinkStatus.objects.get(url=url).state == LinkStatus.State.DEAD
    (following,) = queued("watch_links")
    assert following.run_after >= timezone.now() + timedelta(
        seconds=settings.LINK_WATCH_INTERVAL - 5
    )
