"""Evidence that does not rot: our own archived copy of every cited page.

When a source or a claim appearance is saved with a URL (signals.py), a task
(`archive_evidence`) fetches it through newsroom.fetch (SSRF-safe, size and time
caps) and stores an `EvidenceCapture`: the response as a WARC record, its SHA-256,
HTTP status, final URL, time, and a readable text copy served at /preuves/<sha256>/.
A capture belongs to a URL, not to one citation: every story citing the same page
shares it.

Verification asks for it (`missing_evidence`, registered in apps.py): every cited
URL of the story needs a usable capture of ours, an archive address typed by the
journalist (web.archive.org…), or an exception an editor recorded with a reason.
"""

from __future__ import annotations

import hashlib
import html
import io
import re

import nh3
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsroom.fetch import Fetched, FetchError, fetch
from newsroom.tasks import background, enqueue

from .models import ClaimAppearance, EvidenceCapture, EvidenceExemption, Source

# Failures worth another try later (the worker retries with back-off).
TRANSIENT = {"timeout", "connection", "dns"}

_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(r"charset=([\w-]+)", re.IGNORECASE)
_INVISIBLE = {"script", "style", "noscript", "template", "iframe", "object", "svg", "head"}


class TransientFetchFailure(Exception):
    """Raised by the task after recording a failure that may pass: it is retried."""


def decode(body: bytes, headers) -> str:
    charset = "utf-8"
    for name, value in headers:
        if name.lower() == "content-type" and (match := _CHARSET.search(value)):
            charset = match.group(1)
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def readable(fetched: Fetched) -> tuple[str, str]:
    """(title, text) a reader can read: scripts, styles and markup removed."""
    if not fetched.content_type.startswith(("text/", "application/xhtml")):
        return "", ""
    source = decode(fetched.body, fetched.headers)
    if "html" not in fetched.content_type:
        return "", source.strip()
    match = _TITLE.search(source)
    title = " ".join(html.unescape(match.group(1)).split())[:300] if match else ""
    # Block ends become line breaks before the tags go, so paragraphs stay apart.
    source = re.sub(r"(?i)<(br|/p|/div|/h\d|/li|/tr|/blockquote)\b[^>]*>", "\n", source)
    stripped = nh3.clean(source, tags=set(), clean_content_tags=_INVISIBLE)
    lines = (" ".join(line.split()) for line in html.unescape(stripped).splitlines())
    return title, "\n".join(line for line in lines if line)


def warc_record(fetched: Fetched) -> bytes:
    """The final response as one gzipped WARC/1.1 `response` record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True, warc_version="1.1")
    http_headers = StatusAndHeaders(
        f"{fetched.status} {fetched.reason}".strip(), fetched.headers, protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        fetched.final_url,
        "response",
        payload=io.BytesIO(fetched.body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": fetched.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")},
    )
    writer.write_record(record)
    return buffer.getvalue()


def capture(url: str) -> EvidenceCapture:
    """Fetch `url` now and store what came back (a failure too). Never raises FetchError."""
    from django.utils import timezone

    try:
        fetched = fetch(url)
    except FetchError as error:
        return EvidenceCapture.objects.create(
            url=url,
            failure=error.reason,
            failure_detail=str(error.detail)[:500],
            fetched_at=timezone.now(),
        )
    return store(fetched)


def store(fetched: Fetched) -> EvidenceCapture:
    """Record a completed fetch as a capture (also used by the demo's seed, offline)."""
    digest = hashlib.sha256(fetched.body).hexdigest()
    title, text = readable(fetched)
    item = EvidenceCapture(
        url=fetched.url,
        final_url=fetched.final_url[:2000],
        status_code=fetched.status,
        content_type=fetched.content_type[:100],
        sha256=digest,
        size=len(fetched.body),
        title=title,
        text=text,
        fetched_at=fetched.fetched_at,
    )
    item.warc.save(f"{digest}.warc.gz", ContentFile(warc_record(fetched)), save=False)
    item.save()
    return item


@background(attempts=4, backoff=300, queue_name="evidence")
def archive_evidence(*, url: str) -> int | None:
    """Archive `url` unless a usable capture of it exists. Idempotent.

    Returns the capture's id. Raises TransientFetchFailure (retried) after
    recording a timeout, connection or DNS failure.
    """
    existing = EvidenceCapture.objects.usable().filter(url=url).first()
    if existing:
        return existing.pk
    item = capture(url)
    if item.failure in TRANSIENT:
        raise TransientFetchFailure(f"{item.failure}: {item.failure_detail}")
    return item.pk


def queue_archive(url: str) -> bool:
    """Queue archiving `url` (with the current transaction) unless it is archived already."""
    if not url or EvidenceCapture.objects.usable().filter(url=url).exists():
        return False
    enqueue(archive_evidence, url=url)
    return True


def latest_captures(urls) -> dict[str, EvidenceCapture]:
    """The newest usable capture of each URL among `urls` (one query)."""
    found = {}
    for item in EvidenceCapture.objects.usable().filter(url__in=set(urls)).defer("text"):
        found.setdefault(item.url, item)
    return found


def cited_urls(article) -> list[tuple[str, str, str]]:
    """(what, url, typed archive) for every cited URL of `article`: its sources and the
    appearances of its claims."""
    cited = [
        (_("Source “%(title)s”") % {"title": source.title}, source.url, source.archived_url)
        for source in Source.objects.filter(article=article).exclude(url="")
    ]
    for item in ClaimAppearance.objects.filter(claim__article=article).select_related("claim"):
        what = _("Appearance of claim “%(label)s”") % {"label": item.claim.label}
        cited.append((what, item.url, item.archived_url))
    return cited


def missing_evidence(article) -> list[str]:
    """Verification check: every cited URL is archived, or an editor accepted it is not."""
    cited = [row for row in cited_urls(article) if not row[2]]
    if not cited:
        return []
    archived = latest_captures(url for _what, url, _typed in cited)
    exempted = set(EvidenceExemption.objects.filter(article=article).values_list("url", flat=True))
    return [
        _(
            "%(what)s (%(url)s) has no archived copy yet: wait for the archive, type the "
            "address of one, or record an evidence exception."
        )
        % {"what": what, "url": url}
        for what, url, _typed in cited
        if url not in archived and url not in exempted
    ]


def exemptions_in_dossier(article, data: dict) -> None:
    """The dossier lists the evidence exceptions verification accepted."""
    data["evidence_exemptions"] = [
        {
            "url": item.url,
            "reason": item.reason,
            "by": item.created_by.get_username() if item.created_by else None,
            "at": item.created_at.isoformat(),
        }
        for item in EvidenceExemption.objects.filter(article=article).select_related("created_by")
    ]


def record_exemption(*, article, url: str, reason: str, user) -> EvidenceExemption:
    """An editor accepts that `url` of `article` has no archive. Raises PermissionDenied
    (not an editor) or ValueError (empty reason)."""
    from django.core.exceptions import PermissionDenied

    if not user.has_perm("articles.verify_article"):
        raise PermissionDenied(_("Only an editor can accept evidence without an archive."))
    reason = (reason or "").strip()
    if not reason:
        raise ValueError(_("Say why this page cannot be archived."))
    with transaction.atomic():
        item, _created = EvidenceExemption.objects.update_or_create(
            article=article, url=url, defaults={"reason": reason, "created_by": user}
        )
    return item
