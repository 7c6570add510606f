"""What a person does in the browser journeys: shared by every journey of tests/e2e."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext

from articles.models import Status


def expect(locator):
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(locator)


def in_french(text) -> str:
    with translation.override("fr"):
        return str(text)


def status_label(status) -> str:
    return in_french(Status(status).label)


def scheduled_label() -> str:
    with translation.override("fr"):
        return gettext("scheduled")


# --- what a person does on an admin page ---------------------------------------------


def choose_autocomplete(page, field_id: str, search: str, option_text: str) -> None:
    """Pick `option_text` in the admin's autocomplete (select2) for `<select id=field_id>`."""
    page.locator(f"#{field_id} + .select2 .select2-selection").click()
    search_box = page.locator(".select2-container--open .select2-search__field")
    search_box.fill(search)
    page.locator(".select2-results__option", has_text=option_text).first.click()
    expect(page.locator(f"#select2-{field_id}-container")).to_contain_text(option_text)


def add_inline_row(page, prefix: str) -> None:
    page.locator(f"#{prefix}-group .add-row a").click()


def save_and_continue(page) -> None:
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    expect(page.locator(".errornote")).to_have_count(0)


def take_transition(page, name: str, comment: str | None = None) -> None:
    """Press one of the workflow's buttons on the story page, after its comment if any."""
    if comment is not None:
        page.fill(f"#t-{name}-comment", comment)
    page.locator(f"button[name=_transition][value={name}]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def workflow_title(page):
    return page.locator("#workflow-title")
