"""What happens after data changed: one function every write service calls inside its
transaction, whatever the path (form, API, admin, import, command).

The commitments app does not know who follows its changes. It sends a signal; the apps that
keep derived data connect to it in their ``AppConfig.ready``: ``scoring`` recomputes the
figures, ``opendata`` regenerates the bulk files. Each receiver defers its work until the
transaction commits. The changed commitments' cached pages are made stale here, after the
commit (``toolkit.cache`` explains the scopes).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

from toolkit.cache import scoped_invalidation_declared, scopes_bump

# Sent inside the writer's transaction with ``commitment_ids``: a sorted list of the ids of the
# commitments whose data (or whose milestones, indicators, measurements) changed.
commitments_changed = Signal()

# Sent when what the method reads from everywhere changed (the vague verbs, the glossary):
# every commitment's figures may change.
method_changed = Signal()


def data_changed(*, commitment_ids: Iterable[int]) -> None:
    ids = sorted({int(i) for i in commitment_ids})
    if not ids:
        return
    commitments_changed.send(sender=data_changed, commitment_ids=ids)
    # Only these commitments' pages now; their plans', administrations' and the lists follow
    # with the (coalesced) score recompute the signal triggers (``scoring.tasks``).
    scoped_invalidation_declared()
    transaction.on_commit(lambda: _bump_pages_of(ids))


def _bump_pages_of(ids: list[int]) -> None:
    from .cache_scopes import commitment_page_scopes

    scopes_bump(commitment_page_scopes(ids))


def method_inputs_changed() -> None:
    """The vague-verb list or the glossary changed."""
    method_changed.send(sender=method_inputs_changed)
