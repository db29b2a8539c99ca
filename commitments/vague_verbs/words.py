"""Normalisation and tokenisation of French text: words as runs of letters, compared in NFC
with ligatures spelt out."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# --------------------------------------------------------------------------------------------
# Normalisation and tokenisation
# --------------------------------------------------------------------------------------------

_LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)

# A run of letters: word characters minus digits and underscore. This also admits the rare
# non-decimal numerals (« ¹ », « ½ »); texts with those take the slow path (see ``find``).
_SPLIT_RE = re.compile(r"([^\W\d_\u02bc]+)")
# Combining accents (decomposed text) and typographic ligatures need the slower path.
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_NEEDS_NORMALISATION_RE = re.compile(f"[{_COMBINING}\ufb00-\ufb06]")
_WORD_WITH_MARKS_RE = re.compile(rf"(?:[^\W\d_\u02bc]|[{_COMBINING}])+")

# The modifier letter apostrophe « ʼ » (U+02BC) counts as a letter for Unicode; French uses it
# as an apostrophe, so it separates words like « ' » and « ’ ».
_APOSTROPHES = ("'", "’", "\u02bc")


def normalise_word(word: str) -> str:
    """Return ``word`` as the forms are stored: ligatures spelt out, Unicode NFC, lower case.

    Accents are kept: « Développé » becomes « développé », never « developpe ».
    """
    return unicodedata.normalize("NFC", word.translate(_LIGATURES)).lower()


def _is_letter(char: str) -> bool:
    return (char.isalpha() and char != "\u02bc") or unicodedata.category(char) == "Mn"


def _split_letters(run: str) -> Iterable[tuple[int, int]]:
    """Yield (start, end) of the maximal letter runs inside ``run`` (slow path, rare)."""
    start = None
    for index, char in enumerate(run):
        if _is_letter(char):
            if start is None:
                start = index
        elif start is not None:
            yield start, index
            start = None
    if start is not None:
        yield start, len(run)
