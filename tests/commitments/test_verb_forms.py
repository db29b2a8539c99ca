"""Vague-verb detection (PRODUCT.md, measurability criterion 6). Pure: no database, no clock."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commitments.vague_verbs import (
    DEFAULT_VAGUE_VERBS,
    find_vague_verbs,
    normalise_word,
    verb_forms,
)

# ---------------------------------------------------------------------------------------------
# verb_forms: conjugation
# ---------------------------------------------------------------------------------------------


def test_first_group_forms_of_renforcer_exactly():
    assert verb_forms("renforcer") == {
        "renforcer",
        # présent, subjonctif présent, impératif
        *("renforce", "renforces", "renforçons", "renforcez", "renforcent"),
        *("renforcions", "renforciez"),
        # imparfait
        *("renforçais", "renforçait", "renforçaient"),
        # passé simple
        *("renforçai", "renforças", "renforça", "renforçâmes", "renforçâtes", "renforcèrent"),
        # futur, conditionnel
        *("renforcerai", "renforceras", "renforcera", "renforcerons", "renforcerez"),
        *("renforceront", "renforcerais", "renforcerait", "renforcerions", "renforceriez"),
        "renforceraient",
        # subjonctif imparfait
        *("renforçasse", "renforçasses", "renforçât", "renforçassions", "renforçassiez"),
        "renforçassent",
        # participes
        *("renforçant", "renforcé", "renforcée", "renforcés", "renforcées"),
    }


def test_second_group_forms_of_finir_exactly():
    assert verb_forms("finir") == {
        *("finir", "finis", "finit", "finissons", "finissez", "finissent"),
        *("finissais", "finissait", "finissions", "finissiez", "finissaient"),
        *("finîmes", "finîtes", "finirent"),
        *("finirai", "finiras", "finira", "finirons", "finirez", "finiront"),
        *("finirais", "finirait", "finirions", "finiriez", "finiraient"),
        *("finisse", "finisses", "finît"),
        *("finissant", "fini", "finie", "finies"),
    }


def test_soutenir_forms_exactly():
    assert verb_forms("soutenir") == {
        *("soutenir", "soutiens", "soutient", "soutenons", "soutenez", "soutiennent"),
        *("soutenais", "soutenait", "soutenions", "souteniez", "soutenaient"),
        *("soutins", "soutint", "soutînmes", "soutîntes", "soutinrent"),
        *("soutiendrai", "soutiendras", "soutiendra", "soutiendrons", "soutiendrez"),
        *("soutiendront", "soutiendrais", "soutiendrait", "soutiendrions", "soutiendriez"),
        "soutiendraient",
        *("soutienne", "soutiennes"),
        *("soutinsse", "soutinsses", "soutînt", "soutinssions", "soutinssiez", "soutinssent"),
        *("soutenu", "soutenue", "soutenus", "soutenues", "soutenant"),
    }


@pytest.mark.parametrize(
    ("infinitive", "forms"),
    [
        (
            "poursuivre",
            "poursuis poursuit poursuivons poursuivez poursuivent poursuivais poursuivaient "
            "poursuivis poursuivit poursuivîmes poursuivirent poursuivrai poursuivront "
            "poursuivrais poursuivraient poursuive poursuives poursuivît poursuivi poursuivie "
            "poursuivis poursuivies poursuivant",
        ),
        (
            "promouvoir",
            "promeus promeut promouvons promouvez promeuvent promouvais promouvaient promus "
            "promut promûmes promurent promouvrai promouvront promouvrais promouvraient "
            "promeuve promeuves promouvions promût promu promue promus promues promouvant",
        ),
        ("encourager", "encourageons encourageant encouragea encourageais encouragions"),
        ("lever", "lève lèves lèvent lèvera lèverions levons levé"),
        ("accélérer", "accélère accélèrent accélérera accélèrera"),
        ("appeler", "appelle appellent appellera appelons appelé"),
        ("jeter", "jette jettera jetons"),
        ("acheter", "achète achètera achetons"),
        ("renouveler", "renouvelle renouvellera renouvelons"),
        ("protéger", "protège protégeons protégeant protégera"),
        ("employer", "emploie emploient emploiera employons employé"),
        ("déployer", "déploie déploieront déployons"),
        ("payer", "paie paye paiera payera payons"),
        ("envoyer", "envoie enverra enverrions envoyé"),
        ("enrichir", "enrichis enrichit enrichissons enrichissent enrichira enrichi enrichies"),
        ("maintenir", "maintiens maintient maintiennent maintiendra maintenu maintint"),
        ("prévenir", "préviens prévient préviendra prévenu"),
        ("ouvrir", "ouvre ouvrons ouvrira ouvert ouverte ouvrit"),
        ("offrir", "offre offrira offert offertes"),
        ("servir", "sers sert servons servira servi"),
        ("partir", "pars part partons partira parti"),
        ("parcourir", "parcours parcourt parcourra parcouru parcourut"),
        ("acquérir", "acquiers acquiert acquérons acquièrent acquerra acquis acquise"),
        ("accueillir", "accueille accueillons accueillera accueilli"),
        ("fuir", "fuis fuit fuyons fuient fuira fui"),
        ("suivre", "suis suit suivons suivra suivi"),
        ("émouvoir", "émeut émeuvent émouvra ému émue"),
        ("mouvoir", "meut meuvent mû mue"),
        ("œuvrer", "œuvre oeuvre œuvrera oeuvrera"),
    ],
)
def test_verb_forms_conjugates(infinitive, forms):
    assert set(forms.split()) - verb_forms(infinitive) == set()


@pytest.mark.parametrize(
    ("infinitive", "not_a_form"),
    [
        ("renforcer", "renforcons"),
        ("renforcer", "renforcement"),
        ("encourager", "encouragons"),
        ("encourager", "encouragement"),
        ("améliorer", "amélioration"),
        ("développer", "développement"),
        ("soutenir", "soutien"),
        ("soutenir", "soutenissons"),  # not a second-group verb
        ("promouvoir", "promotion"),
        ("poursuivre", "poursuite"),
        ("accompagner", "accompagnement"),
        ("accompagner", "accompagnants"),
        ("valoriser", "valeur"),
        ("favoriser", "faveur"),
        ("lever", "leve"),
        ("employer", "employe"),
    ],
)
def test_verb_forms_excludes_nouns_and_misspellings(infinitive, not_a_form):
    assert not_a_form not in verb_forms(infinitive)


@pytest.mark.parametrize(
    ("infinitive", "extra_forms", "expected"),
    [
        ("accroître", (), {"accroître"}),
        ("pouvoir", (), {"pouvoir"}),
        ("permettre", ["permet", "Permis"], {"permettre", "permet", "permis"}),
        ("permettre", "permet, permis", {"permettre", "permet", "permis"}),
    ],
)
def test_other_re_and_oir_verbs_take_their_extra_forms(infinitive, extra_forms, expected):
    assert verb_forms(infinitive, extra_forms=extra_forms) == expected


def test_extra_forms_add_to_generated_forms():
    assert verb_forms("renforcer", extra_forms=["renforçage"]) == verb_forms("renforcer") | {
        "renforçage"
    }


@pytest.mark.parametrize(
    "spelling", [" Renforcer ", "RENFORCER", "se renforcer", "s'renforcer", "s’renforcer"]
)
def test_verb_forms_normalises_the_infinitive(spelling):
    assert verb_forms(spelling) == verb_forms("renforcer")


def test_verb_forms_accepts_decomposed_accents():
    assert verb_forms(unicodedata.normalize("NFD", "améliorer")) == verb_forms("améliorer")


@pytest.mark.parametrize("verb", DEFAULT_VAGUE_VERBS, ids=lambda v: v.infinitive)
def test_default_forms_are_lower_case_nfc_words(verb):
    forms = verb_forms(verb.infinitive)
    assert verb.infinitive in forms
    assert len(forms) >= 35
    for form in forms:
        assert form == form.lower()
        assert unicodedata.is_normalized("NFC", form)
        assert form.isalpha()


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

ALL_DEFAULT_FORMS = sorted(
    {form for verb in DEFAULT_VAGUE_VERBS for form in verb_forms(verb.infinitive)}
)
FRENCH_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ"
    "0123456789 '’-.,;:!?«»()\n"
)
french_text = st.lists(
    st.one_of(
        st.sampled_from(ALL_DEFAULT_FORMS),
        st.sampled_from(ALL_DEFAULT_FORMS).map(str.upper),
        st.text(alphabet=FRENCH_ALPHABET, max_size=12),
    ),
    max_size=12,
).map("".join)
any_text = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(ALL_DEFAULT_FORMS), st.text(max_size=6))).map("".join),
)


@settings(deadline=None)
@given(text=french_text)
def test_property_every_match_is_a_generated_form(text):
    for match in find_vague_verbs(text, verbs=DEFAULT_VAGUE_VERBS):
        assert text[match.start : match.end] == match.form
        assert text[match.start : match.end].lower() in verb_forms(match.verb)


@settings(deadline=None)
@given(text=any_text)
def test_property_any_unicode_text(text):
    matches = find_vague_verbs(text, verbs=DEFAULT_VAGUE_VERBS)
    previous_end = 0
    for match in matches:
        assert previous_end <= match.start < match.end <= len(text)
        previous_end = match.end
        assert text[match.start : match.end] == match.form
        # Compared as stored: NFC, ligatures spelt out, lower case. For NFC text without
        # ligatures (every real title) that is simply ``.lower()``, as checked above.
        assert normalise_word(match.form) in verb_forms(match.verb)
        if unicodedata.is_normalized("NFC", text) and not any(
            "\ufb00" <= char <= "\ufb06" for char in text
        ):
            assert match.form.lower() in verb_forms(match.verb)


SEPARATORS = [" ", "'", "’", "-", ", ", " (", ") ", "\n", " 2017 ", "…", " « ", " » "]


@settings(deadline=None)
@given(
    words=st.lists(
        st.tuples(
            st.sampled_from(ALL_DEFAULT_FORMS),
            st.sampled_from([str.lower, str.upper, str.capitalize]),
            st.sampled_from(SEPARATORS),
        ),
        max_size=10,
    )
)
def test_property_every_form_between_separators_is_found(words):
    text = "".join(case(form) + separator for form, case, separator in words)
    matches = find_vague_verbs(text, verbs=DEFAULT_VAGUE_VERBS)
    assert [m.form for m in matches] == [case(form) for form, case, _ in words]
    for match, (form, _, _) in zip(matches, words, strict=True):
        assert form in verb_forms(match.verb)
