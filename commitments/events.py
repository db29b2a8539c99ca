"""What happens after data changed: one function every write service calls inside its
transaction. Side effects run after the commit: scores, cached pages, bulk open-data files."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .scoring_queue import scores_recompute_enqueue


def data_changed(*, commitment_ids: Iterable[int]) -> None:
    ids = sorted({int(i) for i in commitment_ids})
    if not ids:
        return
    scores_recompute_enqueue(commitment_ids=ids)
    transaction.on_commit(_after_commit)
    # The bulk files of the plans concerned: regenerated (debounced) after the commit.
    from .models import Commitment
    from .opendata import opendata_regenerate_soon

    opendata_regenerate_soon(
        Commitment.objects.filter(pk__in=ids).values_list("plan_id", flat=True).distinct()
    )


def _after_commit() -> None:
    try:
        from toolkit.cache import data_version_bump
    except ImportError:  # the public-site cache is not installed
        return
    data_version_bump()
