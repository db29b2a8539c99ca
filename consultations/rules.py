"""What makes a proposal's outcome consistent: pure rules, no Django, no clock."""

from __future__ import annotations

PENDING = "pending"
RETAINED = "retained"
MERGED = "merged"
NOT_RETAINED = "not_retained"
LINKED_OUTCOMES = (RETAINED, MERGED)


def outcome_problems(*, outcome: str, reason: str, commitment_count: int) -> list[tuple[str, str]]:
    """(field, problem code) pairs; empty when the outcome is consistent.

    - not retained: a public reason, and no commitment;
    - retained or merged: at least one commitment;
    - not decided yet: no commitment.
    """
    problems: list[tuple[str, str]] = []
    if outcome == NOT_RETAINED:
        if not reason.strip():
            problems.append(("motif", "reason_required"))
        if commitment_count:
            problems.append(("engagements", "no_commitment_when_not_retained"))
    elif outcome in LINKED_OUTCOMES:
        if not commitment_count:
            problems.append(("engagements", "commitment_required"))
    elif outcome == PENDING and commitment_count:
        problems.append(("engagements", "no_commitment_when_pending"))
    return problems
