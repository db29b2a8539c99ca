"""Data and helpers shared by the tests of commitments."""

from __future__ import annotations

from commitments.vague_verbs import (
    DEFAULT_VAGUE_VERBS,
    find_vague_verbs,
)


def found(text: str, verbs=DEFAULT_VAGUE_VERBS) -> list[tuple[str, str]]:
    """(infinitive, form as written) for each match, in order."""
    return [(m.verb, m.form) for m in find_vague_verbs(text, verbs=verbs)]
