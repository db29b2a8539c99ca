"""Every inflection of a French verb, generated from its infinitive (see the package docstring
for the coverage)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .words import _APOSTROPHES, normalise_word

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
