"""Detect vague verbs ("verbes flous") in commitment titles and objectives.

Measurability criterion 6 of PRODUCT.md: a commitment's title and objective should be free of
vague verbs such as « renforcer » or « améliorer », in every inflection, and the portal suggests a
concrete alternative for each. The list is editable by the coordination team, so the forms of any
regular verb are generated here rather than listed by hand.

This module is pure: no ORM, no database, no clock. Build a :class:`VagueVerbDetector` once per
verb list and call :meth:`VagueVerbDetector.find` for each text; :func:`find_vague_verbs` does the
same through a small cache.

Matching rules
--------------
* A word is a maximal run of letters (accented letters and ligatures such as « œ » included);
  apostrophes, hyphens, digits, spaces and punctuation separate words, so « l'amélioration »
  yields « amélioration » and « renforçons-les » yields « renforçons ».
* A word is flagged only when it *is* one of the generated forms, so nouns built on the same root
  (« renforcement », « développement », « soutenabilité ») are never flagged.
* Matching ignores case but not accents: « RENFORÇONS » matches, « developper » and
  « renforcons » do not. Text is compared in Unicode NFC with typographic ligatures (« ﬁ ») spelt
  out, so decomposed accents and text pasted from a PDF still match; offsets always refer to the
  text as given.
* Some forms are also nouns; the module does not parse sentences, so they are flagged like any
  other verb form. Notably « facilité(s) » (noun, and participle of « faciliter ») and
  « soutiens » (plural noun « les soutiens », and present tense of « soutenir »). The singular
  noun « soutien » is not a verb form and is not flagged. A false alarm there costs a coordinator
  one glance; a missed « la démarche est facilitée » is the vagueness this criterion is about.

Conjugation coverage
--------------------
* Every verb in « -er » (first group), with the spelling changes « -cer » (« renforçons »),
  « -ger » (« encourageons »), « e/é → è » (« lève », « accélère »), « -eler/-eter »
  (« appelle », « achète »), « -yer » (« emploie », « paie/paye ») and the future of « envoyer »;
  « aller » is the exception: give its forms in ``extra_forms``.
* Every verb in « -ir » of the second group (« finir »: « finissons », « fini »), except the
  irregular « -ir » families recognised by their ending: « tenir/venir » (« soutenir »,
  « maintenir », « prévenir »), « ouvrir/offrir », « partir/sortir/servir/sentir/mentir/dormir »,
  « courir », « quérir », « cueillir » (« accueillir »), « fuir ».
* « -re/-oir » verbs of the « suivre » (« poursuivre ») and « mouvoir » (« promouvoir »)
  families. Any other « -re/-oir » verb (« accroître », « permettre »): the infinitive plus the
  ``extra_forms`` the coordinator enters.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import KW_ONLY, dataclass

__all__ = [
    "DEFAULT_VAGUE_VERBS",
    "VagueVerb",
    "VagueVerbDetector",
    "VagueVerbMatch",
    "find_vague_verbs",
    "normalise_word",
    "verb_forms",
]


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


# --------------------------------------------------------------------------------------------
# Conjugation
# --------------------------------------------------------------------------------------------

_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüÿœæ")
_PRESENT_MUTE = ("e", "es", "ent")  # singular and third plural of présent/subjonctif, impératif
_FUTURE = ("ai", "as", "a", "ons", "ez", "ont")
_CONDITIONAL = ("ais", "ait", "ions", "iez", "aient")
_PARTICIPLE_AGREEMENT = ("", "e", "s", "es")
# Endings on the plain stem (« renforc-ez ») and on the stem before « a/o » (« renforç-ons »).
_FIRST_GROUP_PLAIN = ("ez", "ions", "iez", "èrent", "é", "ée", "és", "ées")
_FIRST_GROUP_HARD = (
    "ons",  # présent, impératif
    "ais",  # imparfait
    "ait",
    "aient",
    "ai",  # passé simple
    "as",
    "a",
    "âmes",
    "âtes",
    "asse",  # subjonctif imparfait
    "asses",
    "ât",
    "assions",
    "assiez",
    "assent",
    "ant",  # participe présent
)
_SECOND_GROUP = (
    "ir",
    "is",  # présent, passé simple, participe passé masculin pluriel
    "it",
    "issons",
    "issez",
    "issent",
    "issais",  # imparfait
    "issait",
    "issions",
    "issiez",
    "issaient",
    "îmes",  # passé simple
    "îtes",
    "irent",
    "isse",  # subjonctif présent et imparfait
    "isses",
    "ît",
    "issant",
    "i",
    "ie",
    "ies",
    *(f"ir{ending}" for ending in _FUTURE + _CONDITIONAL),
)
# Passé simple then subjonctif imparfait, by vowel: « poursuivis », « promus », « soutins ».
_SIMPLE_PAST = {
    "i": ("is", "is", "it", "îmes", "îtes", "irent", "isse", "isses", "ît", "issions", "issiez", "issent"),
    "u": ("us", "us", "ut", "ûmes", "ûtes", "urent", "usse", "usses", "ût", "ussions", "ussiez", "ussent"),
    "in": ("ins", "ins", "int", "înmes", "întes", "inrent", "insse", "insses", "înt", "inssions", "inssiez", "inssent"),
}  # fmt: skip

# The stem's last vowel is « e » or « é », followed by consonants only: « lev », « accélér ».
_LAST_E_RE = re.compile(r"([eé])([^aeiouyàâäéèêëîïôöùûüÿœæ]+)$")

# « partir » and its kin cannot be told from second-group verbs by their ending
# (« partir » / « répartir », « sortir » / « assortir », « servir » / « asservir »).
_PARTIR_FAMILY = frozenset(
    {
        "partir",
        "repartir",
        "départir",
        "sortir",
        "ressortir",
        "servir",
        "desservir",
        "resservir",
        "sentir",
        "consentir",
        "ressentir",
        "pressentir",
        "mentir",
        "démentir",
        "repentir",
        "dormir",
        "endormir",
        "rendormir",
    }
)


def _first_group_stem_changes(stem: str) -> tuple[set[str], set[str]]:
    """Return the stems used before a mute « e » and the future stems of a verb in « -er »."""
    if stem.endswith("envoy"):  # envoyer, renvoyer: « enverra »
        return {stem[:-1] + "i"}, {stem[:-2] + "err"}
    if len(stem) >= 2 and stem[-1] == "y" and stem[-2] in "aou":
        i_stem = stem[:-1] + "i"
        if stem[-2] == "a":  # payer: « paie » and « paye » are both correct
            return {stem, i_stem}, {stem + "er", i_stem + "er"}
        return {i_stem}, {i_stem + "er"}  # employer: « emploie », appuyer: « appuie »
    match = _LAST_E_RE.search(stem)
    if match is not None:
        head, vowel, consonants = stem[: match.start()], match[1], match[2]
        grave = head + "è" + consonants
        if vowel == "é":
            # accélérer: « accélère »; future « accélérera » (traditional) or « accélèrera » (1990).
            return {grave}, {stem + "er", grave + "er"}
        single = len(consonants) == 1 and consonants != "x"
        cluster = len(consonants) == 2 and consonants[1] in "lr" and consonants[0] not in "lr"
        if (single or cluster) and not (head and head[-1] in _VOWELS):
            if consonants in ("l", "t"):
                # appeler/jeter double (« appelle »), acheter/geler take « è » (« achète »);
                # the 1990 spelling allows « è » almost everywhere: generate both.
                double = stem + consonants
                return {grave, double}, {grave + "er", double + "er"}
            return {grave}, {grave + "er"}  # lever: « lève », « lèvera »
    return {stem}, {stem + "er"}


def _first_group(infinitive: str) -> set[str]:
    stem = infinitive[:-2]
    if stem.endswith("c"):
        hard = stem[:-1] + "ç"  # renforcer: « renforçons »
    elif stem.endswith("g"):
        hard = stem + "e"  # encourager: « encourageons »
    else:
        hard = stem
    mute, future = _first_group_stem_changes(stem)
    forms = {infinitive}
    forms.update(stem + ending for ending in _FIRST_GROUP_PLAIN)
    forms.update(hard + ending for ending in _FIRST_GROUP_HARD)
    forms.update(m + ending for m in mute for ending in _PRESENT_MUTE)
    forms.update(f + ending for f in future for ending in _FUTURE + _CONDITIONAL)
    return forms


def _third_group(
    infinitive: str,
    *,
    singular: tuple[str, str],
    plural: str,
    plural3: str,
    past: str,
    past_vowel: str,
    future: str,
    participle: str,
) -> set[str]:
    """Forms of an irregular verb from its principal stems.

    ``singular`` holds présent 1st/2nd and 3rd person singular (the impératif is among them);
    ``plural`` serves « nous/vous », imparfait and participe présent; ``plural3`` serves
    « ils » and the subjonctif présent.
    """
    forms = {infinitive, *singular}
    forms.update(plural + ending for ending in ("ons", "ez", "ions", "iez", "ant"))
    forms.update(plural + ending for ending in ("ais", "ait", "aient"))
    forms.update(plural3 + ending for ending in _PRESENT_MUTE)
    forms.update(past + ending for ending in _SIMPLE_PAST[past_vowel])
    forms.update(future + ending for ending in _FUTURE + _CONDITIONAL)
    agreement = ("", "e", "es") if participle.endswith("s") else _PARTICIPLE_AGREEMENT
    forms.update(participle + ending for ending in agreement)
    return forms


def _ir_verb(infinitive: str) -> set[str]:
    """Forms of a verb in « -ir »: an irregular family when recognised, else the second group."""
    if infinitive.endswith(("tenir", "venir")):  # soutenir: soutiens, soutiennent, soutins
        root = infinitive[:-4]
        return _third_group(
            infinitive,
            singular=(root + "iens", root + "ient"),
            plural=root + "en",
            plural3=root + "ienn",
            past=root,
            past_vowel="in",
            future=root + "iendr",
            participle=root + "enu",
        )
    if infinitive.endswith(("vrir", "frir")):  # ouvrir, offrir, couvrir, souffrir
        stem = infinitive[:-2]
        return _third_group(
            infinitive,
            singular=(stem + "e", stem + "es"),
            plural=stem,
            plural3=stem,
            past=stem,
            past_vowel="i",
            future=infinitive,
            participle=infinitive[:-3] + "ert",
        )
    if infinitive in _PARTIR_FAMILY:  # partir: pars, part, partons, parti
        stem = infinitive[:-2]
        return _third_group(
            infinitive,
            singular=(infinitive[:-3] + "s", infinitive[:-3] + "t"),
            plural=stem,
            plural3=stem,
            past=stem,
            past_vowel="i",
            future=infinitive,
            participle=stem + "i",
        )
    if infinitive.endswith("courir"):  # parcourir: parcours, parcourus, parcourra
        stem = infinitive[:-2]
        return _third_group(
            infinitive,
            singular=(stem + "s", stem + "t"),
            plural=stem,
            plural3=stem,
            past=stem,
            past_vowel="u",
            future=stem + "r",
            participle=stem + "u",
        )
    if infinitive.endswith("quérir"):  # acquérir: acquiers, acquièrent, acquis, acquerra
        base = infinitive[:-6] + "qu"
        return _third_group(
            infinitive,
            singular=(base + "iers", base + "iert"),
            plural=base + "ér",
            plural3=base + "ièr",
            past=base,
            past_vowel="i",
            future=base + "err",
            participle=base + "is",
        )
    if infinitive.endswith("cueillir"):  # accueillir: accueille, accueillera, accueilli
        stem = infinitive[:-2]
        return _third_group(
            infinitive,
            singular=(stem + "e", stem + "es"),
            plural=stem,
            plural3=stem,
            past=stem,
            past_vowel="i",
            future=stem + "er",
            participle=stem + "i",
        )
    if infinitive.endswith("fuir"):  # fuir: fuis, fuyons, fuient, fui
        base = infinitive[:-2]
        return _third_group(
            infinitive,
            singular=(base + "is", base + "it"),
            plural=base + "y",
            plural3=base + "i",
            past=base,
            past_vowel="i",
            future=infinitive,
            participle=base + "i",
        )
    stem = infinitive[:-2]  # second group: finir
    return {stem + ending for ending in _SECOND_GROUP}


def _re_oir_verb(infinitive: str) -> set[str]:
    """Forms of a verb in « -re » or « -oir »: the « suivre » and « mouvoir » families."""
    if infinitive.endswith("suivre"):  # poursuivre: poursuis, poursuivit, poursuivi
        stem = infinitive[:-2]
        return _third_group(
            infinitive,
            singular=(infinitive[:-3] + "s", infinitive[:-3] + "t"),
            plural=stem,
            plural3=stem,
            past=stem,
            past_vowel="i",
            future=infinitive[:-1],
            participle=stem + "i",
        )
    if infinitive.endswith("mouvoir"):  # promouvoir: promeus, promeuvent, promut, promu
        prefix = infinitive[:-7]
        forms = _third_group(
            infinitive,
            singular=(prefix + "meus", prefix + "meut"),
            plural=prefix + "mouv",
            plural3=prefix + "meuv",
            past=prefix + "m",
            past_vowel="u",
            future=prefix + "mouvr",
            participle=prefix + "mu",
        )
        if not prefix:
            forms.add("mû")  # mouvoir: « mû », but « mue », « promu », « ému »
        return forms
    return {infinitive}


def _clean_infinitive(infinitive: str) -> str:
    """Normalise an infinitive typed by a coordinator; raise ``ValueError`` (in French) if unusable."""
    word = normalise_word(infinitive.strip())
    for apostrophe in _APOSTROPHES:
        word = word.replace(apostrophe, "'")
    if word.startswith("se "):
        word = word[3:].lstrip()
    elif word.startswith("s'"):
        word = word[2:]
    if not word:
        raise ValueError(
            "Le verbe est vide : saisir un verbe à l'infinitif, par exemple « renforcer »."
        )
    if not word.isalpha():
        raise ValueError(
            f"« {infinitive.strip()} » doit être un seul mot, sans espace, apostrophe, "
            "trait d'union ni chiffre, par exemple « renforcer »."
        )
    return word


def _clean_extra_forms(extra_forms: str | Iterable[str]) -> tuple[str, ...]:
    """Normalise hand-entered forms; a string is read as a comma-separated list."""
    if isinstance(extra_forms, str):
        extra_forms = extra_forms.split(",")
    cleaned: list[str] = []
    for raw in extra_forms:
        form = normalise_word(raw.strip())
        if not form:
            continue
        if not form.isalpha():
            raise ValueError(
                f"La forme « {raw.strip()} » doit être un seul mot, sans espace, apostrophe, "
                "trait d'union ni chiffre : les mots sont comparés un à un."
            )
        if form not in cleaned:
            cleaned.append(form)
    return tuple(cleaned)


def _with_ligature_variants(forms: set[str]) -> frozenset[str]:
    """Add « oeuvre » for « œuvre » (and back): both spellings occur in administrative texts."""
    variants = set(forms)
    for form in forms:
        if "œ" in form or "æ" in form:
            variants.add(form.replace("œ", "oe").replace("æ", "ae"))
        if "oe" in form or "ae" in form:
            variants.add(form.replace("oe", "œ").replace("ae", "æ"))
    return frozenset(variants)


@functools.lru_cache(maxsize=1024)
def _forms(infinitive: str, extra_forms: tuple[str, ...]) -> frozenset[str]:
    if infinitive.endswith("er") and len(infinitive) > 2:
        forms = _first_group(infinitive)
    elif infinitive.endswith("oir") or infinitive.endswith("re"):
        forms = _re_oir_verb(infinitive)
    elif infinitive.endswith("ir") and len(infinitive) > 2:
        forms = _ir_verb(infinitive)
    else:  # not an infinitive we can conjugate: the word itself, plus what the coordinator adds
        forms = {infinitive}
    return _with_ligature_variants(forms | set(extra_forms))


def verb_forms(infinitive: str, *, extra_forms: str | Iterable[str] = ()) -> frozenset[str]:
    """Return every inflected form of ``infinitive``, lower case, in Unicode NFC.

    Covers infinitive, présent, imparfait, passé simple, futur, conditionnel, subjonctif présent
    and imparfait, impératif, participe présent and participe passé (all agreements) for verbs in
    « -er » and « -ir » and for the « suivre » and « mouvoir » families (see the module
    docstring). For any other verb only the infinitive is known: pass its conjugated forms in
    ``extra_forms`` (an iterable, or a comma-separated string as stored in the database).

    A pronominal infinitive is accepted (« s'engager », « se doter »): the pronoun is dropped.

    Raises ``ValueError`` with a French message when the infinitive or an extra form is not a
    single word, since the text is compared word by word.
    """
    return _forms(_clean_infinitive(infinitive), _clean_extra_forms(extra_forms))


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
