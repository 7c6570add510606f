"""Every public page type is valid HTML (the Nu HTML checker) and has no WCAG 2.1 A/AA
violation (axe-core in Chromium, at 1280 and 375 px wide), on the demo's content.

The results, page type by page type, are kept under test-artifacts/html/ (git-ignored).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.outage import database_down
from tests.page_types import every_page_type

from .conftest import E2E_MARKS
from .validators import (
    axe_run,
    describe_axe,
    describe_nu,
    focus_ring_problems,
    load_axe,
    nu_check,
    nu_errors,
)

pytestmark = E2E_MARKS

WIDTHS = (1280, 375)


def artifacts(config, *parts) -> Path:
    folder = Path(config.rootpath, "test-artifacts", "html", *parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_every_public_page_type_is_valid_html(client, pytestconfig):
    """The Nu HTML checker finds no error on any public page type, as the server sends
    it, nor in the stylesheets they link to."""
    pages = every_page_type()
    folder = artifacts(pytestconfig, "nu")
    shutil.rmtree(folder)
    folder.mkdir()
    files = {}
    for page_type in pages:
        if page_type.post:
            response = client.post(page_type.path, {})
        elif page_type.outage:
            with database_down():
                response = client.get(page_type.path)
        else:
            response = client.get(page_type.path)
        assert response.status_code == page_type.status, page_type
        path = folder / f"{page_type.name}.html"
        path.write_bytes(response.content)
        files[page_type.name] = path

    # The stylesheets those pages link to: the site's, and the verdict colours.
    files["site.css"] = Path(pytestconfig.rootpath, "static", "css", "site.css")
    files["verdicts.css"] = folder / "verdicts.css"
    files["verdicts.css"].write_bytes(client.get("/verifications/verdicts.css").content)

    messages = nu_check(list(files.values()))
    report = {}
    for name, path in files.items():
        errors = nu_errors(messages[path])
        report[name] = {
            "path": next((p.path for p in pages if p.name == name), name),
            "errors": len(errors),
            "warnings": len(messages[path]) - len(errors),
            "messages": messages[path],
        }
    (folder / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    failures = {
        name: describe_nu(nu_errors(messages[path]))
        for name, path in files.items()
        if nu_errors(messages[path])
    }
    assert not failures, json.dumps(failures, indent=2, ensure_ascii=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_wcag_violation_on_any_public_page_type(open_context, pytestconfig, width):
    """axe-core finds no WCAG 2.1 A/AA violation on any public page type at this width, and
    every element a keyboard reaches shows a focus ring of at least 3:1."""
    pages = every_page_type()
    page = open_context("reader")
    page.set_viewport_size({"width": width, "height": 900})
    load_axe(page.context)
    report = {}
    for page_type in pages:
        if page_type.post:
            page.goto(page_type.path)
            page.locator("form.tip-form").evaluate("form => { form.noValidate = true; }")
            with page.expect_navigation() as navigation:
                page.locator("form.tip-form button[type=submit]").click()
            response = navigation.value
        elif page_type.outage:
            with database_down():
                response = page.goto(page_type.path)
        else:
            response = page.goto(page_type.path)
        assert response.status == page_type.status, page_type
        result = axe_run(page)
        report[page_type.name] = {
            "path": page_type.path,
            "violations": len(result["violations"]),
            "rules_passed": result["passes"],
            "focus_rings": focus_ring_problems(page),
            "details": result["violations"],
        }
    folder = artifacts(pytestconfig, "axe")
    (folder / f"report-{width}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    failures = {
        name: describe_axe(entry["details"]) + entry["focus_rings"]
        for name, entry in report.items()
        if entry["details"] or entry["focus_rings"]
    }
    assert not failures, json.dumps(failures, indent=2, ensure_ascii=False)
    assert all(entry["rules_passed"] > 0 for entry in report.values()), "axe checked nothing"
    assert not page.problems
