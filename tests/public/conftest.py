"""Fixtures of the public-site tests: the demo plan scored on a fixed date, generated worlds of
two sizes, and a clean page cache for every test."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from commitments.models import ActionPlan
from sampledata.demo import demo_load
from sampledata.world import world_generate
from scoring.recompute import scores_recompute

DEMO_AS_OF = datetime.date(2017, 3, 1)
WORLD_AS_OF = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _clean_page_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks) -> ActionPlan:
    """The real 2015-2017 plan with its illustrative milestones and indicators, scored (and
    committed, as far as the after-commit callbacks are concerned)."""
    with django_capture_on_commit_callbacks(execute=True):
        demo_load()
        scores_recompute(as_of=DEMO_AS_OF)
    return ActionPlan.objects.get(slug="pan-2015-2017")


def make_world(size: int) -> None:
    world_generate(commitments=size, seed=5, as_of=WORLD_AS_OF)
    scores_recompute(as_of=WORLD_AS_OF)
