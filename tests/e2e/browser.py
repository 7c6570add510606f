"""What a person does in the browser journeys: shared by every journey of tests/e2e."""

from __future__ import annotations

import os
from pathlib import Path

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


# --- accessibility: axe-core, WCAG 2.1 A and AA ----------------------------------------

# Where `make validators` (a step of make test-e2e) installs axe-core, beside the Nu checker.
AXE_PLACES = [
    Path(__file__).resolve().parents[2] / "var/validators/node_modules/axe-core/axe.min.js",
]


def axe_script() -> Path:
    if os.environ.get("AXE_JS"):
        return Path(os.environ["AXE_JS"])
    return next((place for place in AXE_PLACES if place.exists()), AXE_PLACES[0])


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, *, exclude: tuple[str, ...] = ()) -> list[str]:
    """What axe-core finds on the page against WCAG 2.1 A/AA, one line per problem.

    axe-core comes from npm (`make validators` installs it into var/validators/, out
    of git); it is evaluated through the browser's debugging channel, so the page's
    Content-Security-Policy (no inline script) stays as readers get it.
    """
    import pytest

    script = axe_script()
    if not script.exists():
        pytest.fail(
            f"{script} not found: run `make test-e2e` (it installs axe-core with npm).",
            pytrace=False,
        )
    problems = getattr(page, "problems", None)
    known = len(problems) if problems is not None else 0
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(script.read_text(encoding="utf-8") + "\n;undefined")
    found = page.evaluate(
        """async ([tags, exclude]) => {
            const context = exclude.length ? {exclude: exclude.map((s) => [s])} : document;
            const result = await window.axe.run(context, {runOnly: {type: "tag", values: tags}});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
            }));
        }""",
        [WCAG_TAGS, list(exclude)],
    )
    if problems is not None:
        # axe's own probes set inline styles, which the page's CSP refuses (and
        # the journeys count as problems): those refusals are the tool's, not the page's.
        problems[known:] = [p for p in problems[known:] if "Applying inline style" not in p]
    return [f"{v['impact']} {v['id']}: {v['help']} — {', '.join(v['nodes'])}" for v in found]


# --- counting what a person does ----------------------------------------------------


class Desk:
    """A page whose clicks and typed fields are counted (the journeys' effort budget).

    A click is any press: a button, a link, a box ticked, an option chosen in a list;
    a typed field is any field filled with the keyboard, search boxes included.
    """

    def __init__(self, page):
        self.page = page
        self.clicks = 0
        self.fields = 0
        self.popups = 0
        page.on("popup", self._popup)

    def _popup(self, popup):
        self.popups += 1

    def click(self, selector_or_locator) -> None:
        self.clicks += 1
        self._locator(selector_or_locator).click()

    def tick(self, selector_or_locator) -> None:
        self.clicks += 1
        self._locator(selector_or_locator).check()

    def choose(self, selector: str, value: str) -> None:
        self.clicks += 1
        self.page.select_option(selector, value)

    def fill(self, selector: str, text: str) -> None:
        self.fields += 1
        self.page.fill(selector, text)

    def autocomplete(self, field_id: str, search: str, option_text: str) -> None:
        """The admin's autocomplete: open it, type, pick (2 clicks, 1 field)."""
        self.click(f"#{field_id} + .select2 .select2-selection")
        self.fields += 1
        self.page.locator(".select2-container--open .select2-search__field").fill(search)
        self.click(self.page.locator(".select2-results__option", has_text=option_text).first)
        expect(self.page.locator(f"#select2-{field_id}-container")).to_contain_text(option_text)

    def _locator(self, target):
        return self.page.locator(target) if isinstance(target, str) else target
