"""A scale data set: a whole "world" of plans, commitments, milestones, indicators and measurements.

``world_generate(commitments=5000)`` adds about 80 two-year action plans spread over 1990–2027
(``max(1, round(N / 62))`` plans of 3–6 axes each), the requested number of commitments (French
titles, some vague, some concrete; summaries, objectives, contacts, costs, action types),
about 8 milestones and 2 indicators per commitment and about 10 measurements per indicator, with
a realistic mix of on-time, late, rescheduled and cancelled milestones and of rising, falling,
flat and qualitative indicators. It is meant for load tests and for looking at dashboards at
scale; every invented milestone, indicator and measurement is flagged ``is_illustrative`` and
every stated cost ``cost_is_illustrative``.

What it does to existing data: it **adds** a world and never deletes or changes a row.

* Administrations (about 150 French ministries, agencies, independent authorities, courts and
  local authorities) and civil-society partners are shared: one whose name already exists is
  reused, the others are created (a slug already taken by another name gets a ``-2``… suffix).
* Plan slugs are ``pan-<start>-<end>-<k>`` (``pan-2015-2017-7``); the numbering starts after
  the highest ``k`` already used for that kind of slug, so a second run adds a second set of
  plans next to the first instead of failing on the unique slug.
* One audit record per generated plan and per generated commitment (source ``command``,
  author ``generate_world``) says that it was generated; milestones, indicators and measurements
  are counted in that record's justification rather than audited one by one.

The same ``seed`` and ``as_of`` on the same starting data give the same rows (ids aside).
``as_of`` (default: today) decides which milestones are already due, hence which are completed
or late, and the last date a measurement can have.

Speed: everything is built in memory and written with ``bulk_create`` in one transaction; no
``full_clean`` and no per-row query. The database check constraints still guard every row.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from .builder import _World


def world_generate(
    *,
    commitments: int,
    seed: int = 1,
    progress: Callable[[str], None] | None = None,
    as_of: datetime.date | None = None,
) -> dict[str, int]:
    """Add a generated world of ``commitments`` commitments; return the rows created per model.

    See the module docstring for what is generated and how it coexists with existing data.
    """
    if commitments < 1:
        raise ValueError("commitments must be at least 1")
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not cryptography
    world = _World(rng, as_of or timezone.localdate(), progress or (lambda _msg: None), seed)
    with transaction.atomic():
        return world.run(commitments)
