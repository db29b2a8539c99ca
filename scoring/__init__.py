"""The figures of method v1 (see ``commitments.rules``), stored and kept fresh.

``recompute`` applies the pure rules set-wise to what SQL sums per commitment (milestones and
indicators included) and writes only what changed; ``queue`` coalesces the recomputes asked
for after writes; ``tasks`` are the Celery entry points (after a change, nightly). The stored
figures live on the commitments' own rows (``Commitment``, ``Rollup``, ``ScoreSnapshot``).
"""
