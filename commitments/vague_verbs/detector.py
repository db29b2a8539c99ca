"""The vague verbs, their matches in a text, and the detector that finds them."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import KW_ONLY, dataclass

from .conjugation import _clean_extra_forms, _clean_infinitive, verb_forms
from .words import (
    _NEEDS_NORMALISATION_RE,
    _SPLIT_RE,
    _WORD_WITH_MARKS_RE,
    _split_letters,
    normalise_word,
)

# --------------------------------------------------------------------------------------------
# Public data types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VagueVerb:
    """A verb the coordination team considers vague, with a concrete alternative to suggest.

    The infinitive is normalised (trimmed, lower case, pronoun dropped) and ``extra_forms`` is
    stored as a tuple of normalised words; a comma-separated string is accepted for it.
    """

    infinitive: str
    _: KW_ONLY
    suggestion: str = ""
    extra_forms: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "infinitive", _clean_infinitive(self.infinitive))
        object.__setattr__(self, "suggestion", self.suggestion.strip())
        object.__setattr__(self, "extra_forms", _clean_extra_forms(self.extra_forms))


@dataclass(frozen=True, slots=True, kw_only=True)
class VagueVerbMatch:
    """One vague verb found in a text; ``text[start:end] == form``."""

    verb: str  # the infinitive, e.g. "renforcer"
    form: str  # the word as written in the text, e.g. "Renforçons"
    start: int
    end: int
    suggestion: str


DEFAULT_VAGUE_VERBS: tuple[VagueVerb, ...] = (
    VagueVerb(
        "renforcer",
        suggestion="dire ce qui change et de combien : « porter X à Y », « rendre obligatoire »",
    ),
    VagueVerb(
        "promouvoir",
        suggestion="dire le public et le moyen : « présenter à 50 collectivités », « publier un guide »",
    ),
    VagueVerb(
        "favoriser",
        suggestion="dire l'action vérifiable : « publier », « ouvrir », « rendre obligatoire »",
    ),
    VagueVerb(
        "poursuivre",
        suggestion="dire ce qui reste à faire et quand : « achever … d'ici juin 2017 »",
    ),
    VagueVerb(
        "encourager",
        suggestion="dire le levier concret : « financer », « rendre obligatoire », « publier »",
    ),
    VagueVerb(
        "sensibiliser",
        suggestion="dire le public, le nombre et le format : « former 500 agents en 2017 »",
    ),
    VagueVerb(
        "accompagner",
        suggestion="dire qui fait quoi pour qui : « former 200 agents », « financer 10 projets »",
    ),
    VagueVerb(
        "faciliter",
        suggestion="dire l'obstacle supprimé : « réduire le délai de X à Y jours », « supprimer »",
    ),
    VagueVerb(
        "développer",
        suggestion="nommer ce qui sera créé : « mettre en ligne », « construire », « ouvrir »",
    ),
    VagueVerb(
        "améliorer",
        suggestion="dire quel indicateur passe de quelle valeur à quelle valeur, et quand",
    ),
    VagueVerb(
        "soutenir",
        suggestion="dire le montant ou les moyens : « financer à hauteur de X € », « affecter 2 ETP »",
    ),
    VagueVerb(
        "valoriser",
        suggestion="dire le résultat attendu : « publier », « présenter », « réutiliser »",
    ),
)
"""The list of PRODUCT.md (measurability criterion 6); the same suggestions as the database seed."""


# --------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------


class VagueVerbDetector:
    """Finds vague verbs in texts; build it once per verb list, then call :meth:`find` per text.

    When two verbs share a form, the first verb of the list wins.
    """

    __slots__ = ("_forms", "verbs")

    def __init__(self, verbs: Iterable[VagueVerb]) -> None:
        self.verbs: tuple[VagueVerb, ...] = tuple(verbs)
        forms: dict[str, VagueVerb] = {}
        for verb in self.verbs:
            if not isinstance(verb, VagueVerb):
                raise TypeError(f"expected VagueVerb, got {type(verb).__name__}")
            for form in verb_forms(verb.infinitive, extra_forms=verb.extra_forms):
                forms.setdefault(form, verb)
        self._forms = forms

    def __repr__(self) -> str:
        return f"VagueVerbDetector({[verb.infinitive for verb in self.verbs]!r})"

    def find(self, text: str) -> list[VagueVerbMatch]:
        """Return the vague verbs of ``text`` in order of appearance."""
        if not text:
            return []
        lowered = text.lower()
        # Equal lengths mean every character lowered to exactly one: offsets carry over.
        if len(lowered) != len(text) or _NEEDS_NORMALISATION_RE.search(text) is not None:
            return self._find_slow(text)
        # Separators and words alternate: parts[1::2] are the words, offsets are summed lengths.
        parts = _SPLIT_RE.split(lowered)
        words = parts[1::2]
        if not "".join(words).isalpha():  # a non-decimal numeral in a word: « renforcer¹ »
            return self._find_slow(text)
        forms = self._forms
        if forms.keys().isdisjoint(words):  # the common case, decided in C
            return []
        matches: list[VagueVerbMatch] = []
        for index, word in enumerate(words):
            verb = forms.get(word)
            if verb is not None:
                start = sum(map(len, parts[: 2 * index + 1]))
                end = start + len(word)
                matches.append(
                    VagueVerbMatch(
                        verb=verb.infinitive,
                        form=text[start:end],
                        start=start,
                        end=end,
                        suggestion=verb.suggestion,
                    )
                )
        return matches

    def _find_slow(self, text: str) -> list[VagueVerbMatch]:
        """Word by word, normalising each: decomposed accents, ligatures, numerals in words."""
        forms = self._forms
        matches: list[VagueVerbMatch] = []
        for run_match in _WORD_WITH_MARKS_RE.finditer(text):
            run, offset = run_match.group(), run_match.start()
            whole = normalise_word(run)
            if whole.isalpha():  # one word once its accents are composed
                verb = forms.get(whole)
                spans: Iterable[tuple[int, int, VagueVerb | None]] = [(0, len(run), verb)]
            else:
                spans = (
                    (start, end, forms.get(normalise_word(run[start:end])))
                    for start, end in _split_letters(run)
                )
            for start, end, verb in spans:
                if verb is not None:
                    matches.append(
                        VagueVerbMatch(
                            verb=verb.infinitive,
                            form=text[offset + start : offset + end],
                            start=offset + start,
                            end=offset + end,
                            suggestion=verb.suggestion,
                        )
                    )
        return matches


@functools.lru_cache(maxsize=32)
def _cached_detector(verbs: tuple[VagueVerb, ...]) -> VagueVerbDetector:
    return VagueVerbDetector(verbs)


_last_detector: tuple[tuple[VagueVerb, ...], VagueVerbDetector] | None = None


def find_vague_verbs(text: str, *, verbs: Iterable[VagueVerb]) -> list[VagueVerbMatch]:
    """Return the vague verbs of ``text`` in order of appearance.

    The detector for ``verbs`` is built once and cached (keyed on the verbs' values, which are
    immutable), so calling this for many texts with the same list is cheap. For a batch,
    ``VagueVerbDetector(verbs).find(text)`` avoids even the cache look-up.
    """
    global _last_detector  # a one-entry identity cache in front of the LRU
    last = _last_detector
    if last is not None and verbs is last[0]:
        return last[1].find(text)
    key = tuple(verbs)
    detector = _cached_detector(key)
    if type(verbs) is tuple:  # same tuple object next time: skip hashing twelve dataclasses
        _last_detector = (key, detector)
    return detector.find(text)
