"""Deployment settings: safe defaults, a clean `check --deploy`, seeded data."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from articles.models import Region, SitePage
from factcheck.models import Rating

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    """With production values, Django's deployment checklist reports nothing."""
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-" + "Zq8!x" * 8,
        ALLOWED_HOSTS="news.example.org",
        SITE_URL="https://news.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_missing_secret_key_fails_fast():
    """Without DEBUG, starting without SECRET_KEY is an error, not a silent default."""
    result = run_manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_regions_are_seeded():
    """France's 13 metropolitan and 5 overseas regions exist after migrating."""
    regions = Region.objects.filter(level=Region.Level.REGION)
    assert regions.count() == 18
    assert {"normandie", "la-reunion", "mayotte", "corse"} <= set(
        regions.values_list("slug", flat=True)
    )
    assert all(region.parent.slug == "france" for region in regions.select_related("parent"))


@pytest.mark.django_db
def test_rating_scale_is_seeded():
    """The French scale has values 1 to 5 and labels without a value."""
    values = dict(Rating.objects.values_list("label", "value"))
    assert values["Faux"] == 1 and values["Vrai/Confirmé"] == 5
    assert values["Trompeur"] is None and values["Satire"] is None
    assert sorted(v for v in values.values() if v) == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_rating_value_outside_the_scale_is_refused_by_the_database():
    """Even a bulk write cannot store a verdict value of 6."""
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(label="Archi-vrai", slug="archi-vrai", value=6)


@pytest.mark.django_db
def test_site_pages_are_seeded():
    """The five site pages exist, one per kind."""
    assert set(SitePage.objects.values_list("kind", flat=True)) == set(SitePage.Kind.values)
