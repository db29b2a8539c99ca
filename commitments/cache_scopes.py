"""Which cached public pages can show some commitments (the scopes of ``toolkit.cache``)."""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.cache import LISTS_SCOPE

from .models import Commitment


def commitment_page_scopes(commitment_ids: Iterable[int]) -> list[str]:
    """The scopes of the commitments' own pages (one query)."""
    rows = Commitment.objects.filter(pk__in=list(commitment_ids)).values_list(
        "plan__slug", "number"
    )
    return sorted({f"commitment:{slug}:{number}" for slug, number in rows})


def commitment_all_scopes(commitment_ids: Iterable[int]) -> list[str]:
    """Every scope whose pages can show these commitments or figures computed from them: their
    own pages, their plans', their lead and co-owning administrations', the lists (two
    queries)."""
    ids = list(commitment_ids)
    rows = Commitment.objects.filter(pk__in=ids).values_list(
        "plan__slug", "number", "lead_administration__slug"
    )
    scopes = {LISTS_SCOPE}
    for plan_slug, number, lead in rows:
        scopes.add(f"commitment:{plan_slug}:{number}")
        scopes.add(f"plan:{plan_slug}")
        if lead:
            scopes.add(f"administration:{lead}")
    co_owners = Commitment.co_owners.through.objects.filter(commitment_id__in=ids).values_list(
        "administration__slug", flat=True
    )
    scopes.update(f"administration:{slug}" for slug in co_owners)
    return sorted(scopes)
