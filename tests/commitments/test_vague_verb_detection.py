"""Vague-verb detection (PRODUCT.md, measurability criterion 6). Pure: no database, no clock."""

from __future__ import annotations

import unicodedata

import pytest

from commitments.vague_verbs import (
    DEFAULT_VAGUE_VERBS,
    VagueVerb,
    VagueVerbDetector,
    VagueVerbMatch,
    find_vague_verbs,
    normalise_word,
    verb_forms,
)
from commitments.vague_verbs import detector as vague_verbs
from tests.commitments.vague_verbs_helpers import (
    found,
)

# ---------------------------------------------------------------------------------------------
# Flagged: every default verb, every tense, participles, spelling changes
# ---------------------------------------------------------------------------------------------

FLAGGED = [
    # renforcer (-cer: « ç » before a and o)
    ("Renforcer la transparence", "renforcer", "Renforcer"),
    ("L'État renforce les contrôles", "renforcer", "renforce"),
    ("Renforçons la confiance", "renforcer", "Renforçons"),
    ("Renforçons-les dès 2016", "renforcer", "Renforçons"),
    ("en renforçant les moyens", "renforcer", "renforçant"),
    ("La loi renforça les obligations", "renforcer", "renforça"),
    ("Les ministères renforcèrent leurs équipes", "renforcer", "renforcèrent"),
    ("Nous renforcerons le dispositif", "renforcer", "renforcerons"),
    ("Cela renforcerait la confiance", "renforcer", "renforcerait"),
    ("des contrôles renforcés", "renforcer", "renforcés"),
    ("Vous renforcez la coopération", "renforcer", "renforcez"),
    ("Ils renforçaient la coopération", "renforcer", "renforçaient"),
    ("qu'elle renforçât son action", "renforcer", "renforçât"),
    # promouvoir (mouvoir type)
    ("Nous promouvons les données ouvertes", "promouvoir", "promouvons"),
    ("L'État promeut la participation", "promouvoir", "promeut"),
    ("Les ministères promeuvent la démarche", "promouvoir", "promeuvent"),
    ("qu'il promeuve l'usage", "promouvoir", "promeuve"),
    ("un standard promu par la mission", "promouvoir", "promu"),
    ("des licences promues", "promouvoir", "promues"),
    ("Le portail promouvra la démarche", "promouvoir", "promouvra"),
    ("Il promut la réforme", "promouvoir", "promut"),
    ("en promouvant les bonnes pratiques", "promouvoir", "promouvant"),
    ("L'agence promouvait la démarche", "promouvoir", "promouvait"),
    # favoriser
    ("en favorisant la réutilisation", "favoriser", "favorisant"),
    ("La mesure favorise les échanges", "favoriser", "favorise"),
    ("les échanges favorisés", "favoriser", "favorisés"),
    ("Nous favoriserons la réutilisation", "favoriser", "favoriserons"),
    # poursuivre (suivre type)
    ("l'État poursuivra ses efforts", "poursuivre", "poursuivra"),
    ("La mission poursuit ses travaux", "poursuivre", "poursuit"),
    ("Poursuivons le travail", "poursuivre", "Poursuivons"),
    ("le travail poursuivi en 2016", "poursuivre", "poursuivi"),
    ("une démarche poursuivie", "poursuivre", "poursuivie"),
    ("Les administrations poursuivent", "poursuivre", "poursuivent"),
    ("Elle poursuivit la réforme", "poursuivre", "poursuivit"),
    ("qu'il poursuive la réforme", "poursuivre", "poursuive"),
    ("en poursuivant la réforme", "poursuivre", "poursuivant"),
    ("Nous poursuivrions la réforme", "poursuivre", "poursuivrions"),
    ("Je poursuis la réforme", "poursuivre", "poursuis"),
    # encourager (-ger: « ge » before a and o)
    ("Encourager la réutilisation", "encourager", "Encourager"),
    ("un résultat encourageant", "encourager", "encourageant"),
    ("Encourageons les initiatives", "encourager", "Encourageons"),
    ("La loi encouragea les initiatives", "encourager", "encouragea"),
    ("un usage encouragé", "encourager", "encouragé"),
    ("La mission encourageait les initiatives", "encourager", "encourageait"),
    ("pour que nous encouragions les initiatives", "encourager", "encouragions"),
    # sensibiliser
    ("200 agents sensibilisés", "sensibiliser", "sensibilisés"),
    ("Nous sensibiliserons les agents", "sensibiliser", "sensibiliserons"),
    ("Sensibilisons les agents", "sensibiliser", "Sensibilisons"),
    ("La campagne sensibilisa les agents", "sensibiliser", "sensibilisa"),
    # accompagner
    ("La mission accompagnera les collectivités", "accompagner", "accompagnera"),
    ("des collectivités accompagnées", "accompagner", "accompagnées"),
    ("en accompagnant les collectivités", "accompagner", "accompagnant"),
    ("Accompagnez les collectivités", "accompagner", "Accompagnez"),
    # faciliter
    ("Faciliter l'accès aux données", "faciliter", "Faciliter"),
    ("Le portail facilitera l'accès", "faciliter", "facilitera"),
    ("Ces outils facilitent l'accès", "faciliter", "facilitent"),
    ("afin qu'il facilitât l'accès", "faciliter", "facilitât"),
    ("une démarche facilitée", "faciliter", "facilitée"),
    # développer
    ("un outil développé par la mission", "développer", "développé"),
    ("Développons les outils", "développer", "Développons"),
    ("Les équipes développeront les outils", "développer", "développeront"),
    ("La mission développait les outils", "développer", "développait"),
    ("Ils développèrent les outils", "développer", "développèrent"),
    # améliorer
    ("des données améliorées", "améliorer", "améliorées"),
    ("La réforme améliore la qualité", "améliorer", "améliore"),
    ("Cela améliorerait la qualité", "améliorer", "améliorerait"),
    ("en améliorant la qualité", "améliorer", "améliorant"),
    ("pour que vous amélioriez la qualité", "améliorer", "amélioriez"),
    ("afin d'améliorer la qualité", "améliorer", "améliorer"),
    ("afin d’améliorer la qualité", "améliorer", "améliorer"),  # typographic apostrophe
    # soutenir (tenir type)
    ("L'État soutiendra les projets", "soutenir", "soutiendra"),
    ("La fondation soutient les projets", "soutenir", "soutient"),
    ("Les ministères soutiennent les projets", "soutenir", "soutiennent"),
    ("Nous soutenons les projets", "soutenir", "soutenons"),
    ("un rythme soutenu", "soutenir", "soutenu"),
    ("des initiatives soutenues", "soutenir", "soutenues"),
    ("Cela soutiendrait les projets", "soutenir", "soutiendrait"),
    ("qu'il soutienne les projets", "soutenir", "soutienne"),
    ("Le ministère soutint les projets", "soutenir", "soutint"),
    ("bien qu'il soutînt les projets", "soutenir", "soutînt"),
    ("en soutenant les projets", "soutenir", "soutenant"),
    ("L'agence soutenait les projets", "soutenir", "soutenait"),
    ("Nous soutînmes les projets", "soutenir", "soutînmes"),
    # valoriser
    ("des données valorisées", "valoriser", "valorisées"),
    ("Valorisons les réutilisations", "valoriser", "Valorisons"),
    ("Cela valoriserait les réutilisations", "valoriser", "valoriserait"),
    ("en valorisant les réutilisations", "valoriser", "valorisant"),
    ("Valoriser les réutilisations", "valoriser", "Valoriser"),
]


@pytest.mark.parametrize(("text", "verb", "form"), FLAGGED)
def test_flags_every_form_of_the_default_verbs(text, verb, form):
    assert found(text) == [(verb, form)]


def test_flagged_table_covers_all_default_verbs():
    assert {verb for _, verb, _ in FLAGGED} == {v.infinitive for v in DEFAULT_VAGUE_VERBS}
    assert len(FLAGGED) >= 40


# ---------------------------------------------------------------------------------------------
# Not flagged: nouns and words that merely share letters with a verb
# ---------------------------------------------------------------------------------------------

NOT_FLAGGED = [
    "aide publique au développement",
    "la soutenabilité des finances publiques",
    "le renforcement des contrôles",
    "l'amélioration continue",
    "l’amélioration continue",
    "l'accompagnement des agents",
    "la valeur des données",
    "une campagne de sensibilisation",
    "un encouragement",
    "le soutien de l'État",  # noun; « soutiens » is a verb form, see test_ambiguous_words
    "la promotion des données ouvertes",
    "en faveur de la transparence",
    "la poursuite des travaux",
    "des poursuites judiciaires",
    "un renfort de trois agents",
    "un avis favorable",
    "la facilitation des démarches",
    "les développeurs de l'administration",
    "la valorisation des réutilisations",
    "la soutenance d'une thèse",
    "un promoteur immobilier",
    "un développement durable",
    "les accompagnants",  # the participe présent is invariable: only « accompagnant » is flagged
    # Accents are significant: these are not the verbs' spellings.
    "developper les outils",
    "ameliorer la qualite",
    "renforcons la confiance",
    "encouragons les initiatives",
    # Verbs that are not on the default list.
    "Accroître la transparence de l'aide publique au développement",
    "Publier les données des marchés publics au format OCDS d'ici juin 2017",
    "",
    "   ",
    "2015-2017 : 20 jalons, 3 indicateurs",
]


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_does_not_flag_nouns_or_look_alikes(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # « facilité » is a noun (« la facilité d'accès ») and the participe passé of « faciliter ».
        # Without parsing the sentence they cannot be told apart; we flag it, since it *is* a verb
        # form, and a coordinator dismisses the false alarm at a glance.
        ("la facilité d'accès", [("faciliter", "facilité")]),
        ("des facilités de paiement", [("faciliter", "facilités")]),
        # « soutiens » is the plural noun (« nos soutiens ») and « je/tu soutiens »: flagged.
        # The singular noun « soutien » is no verb form: not flagged (see NOT_FLAGGED).
        ("nos soutiens", [("soutenir", "soutiens")]),
        ("je soutiens le projet", [("soutenir", "soutiens")]),
        # Participes présents used as nouns or adjectives are flagged too.
        ("un accompagnant", [("accompagner", "accompagnant")]),
        ("un poursuivant", [("poursuivre", "poursuivant")]),
    ],
)
def test_ambiguous_words_are_flagged_as_verb_forms(text, expected):
    assert found(text) == expected


# ---------------------------------------------------------------------------------------------
# Real titles of the 2015-2017 plan
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "Renforcer la transparence des paiements et revenus issus des industries extractives",
            [("renforcer", "Renforcer")],
        ),
        (
            "Favoriser l'ouverture des modèles de calcul et des simulateurs de l'État",
            [("favoriser", "Favoriser")],
        ),
        (
            "Poursuivre l'ouverture des ressources juridiques et la collaboration avec la société "
            "civile autour de l'élaboration de la loi",
            [("poursuivre", "Poursuivre")],
        ),
        ("Accroître la transparence de l'aide publique au développement", []),
        (
            "Développer la culture de l'ouverture, de la donnée et du numérique au sein de "
            "l'administration",
            [("développer", "Développer")],
        ),
    ],
)
def test_real_titles_of_the_2015_2017_plan(title, expected):
    assert found(title) == expected


# ---------------------------------------------------------------------------------------------
# Offsets, case, order
# ---------------------------------------------------------------------------------------------


def test_match_carries_offsets_and_suggestion():
    text = "Nous voulons renforcer et, d'ici 2017, améliorer l'accès."
    matches = find_vague_verbs(text, verbs=DEFAULT_VAGUE_VERBS)
    suggestions = {v.infinitive: v.suggestion for v in DEFAULT_VAGUE_VERBS}
    assert matches == [
        VagueVerbMatch(
            verb="renforcer",
            form="renforcer",
            start=13,
            end=22,
            suggestion=suggestions["renforcer"],
        ),
        VagueVerbMatch(
            verb="améliorer",
            form="améliorer",
            start=39,
            end=48,
            suggestion=suggestions["améliorer"],
        ),
    ]
    for match in matches:
        assert text[match.start : match.end] == match.form


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("RENFORCER LA TRANSPARENCE", "RENFORCER"),
        ("Renforcer", "Renforcer"),
        ("rEnFoRcEr", "rEnFoRcEr"),
        ("RENFORÇONS", "RENFORÇONS"),
        ("Un outil DÉVELOPPÉ", "DÉVELOPPÉ"),
        ("SOUTIENDRA", "SOUTIENDRA"),
    ],
)
def test_matching_ignores_case(text, form):
    [match] = find_vague_verbs(text, verbs=DEFAULT_VAGUE_VERBS)
    assert match.form == form
    assert text[match.start : match.end] == form


def test_several_matches_come_in_text_order():
    text = (
        "Renforcer, promouvoir et soutenir l'ouverture ; nous améliorerons puis développerons "
        "les outils, et renforcerons encore le dispositif."
    )
    matches = find_vague_verbs(text, verbs=DEFAULT_VAGUE_VERBS)
    assert [(m.verb, m.form) for m in matches] == [
        ("renforcer", "Renforcer"),
        ("promouvoir", "promouvoir"),
        ("soutenir", "soutenir"),
        ("améliorer", "améliorerons"),
        ("développer", "développerons"),
        ("renforcer", "renforcerons"),
    ]
    assert [m.start for m in matches] == sorted(m.start for m in matches)
    assert all(text[m.start : m.end] == m.form for m in matches)


@pytest.mark.parametrize("text", ["", " ", "\n\t", "—", "2017"])
def test_empty_or_wordless_text(text):
    assert find_vague_verbs(text, verbs=DEFAULT_VAGUE_VERBS) == []
    assert VagueVerbDetector(DEFAULT_VAGUE_VERBS).find(text) == []


def test_no_verbs_flags_nothing():
    assert find_vague_verbs("Renforcer la transparence", verbs=[]) == []


@pytest.mark.parametrize(
    ("text", "form"),
    [
        # Decomposed accents (text pasted from some PDF readers or macOS): still found, offsets
        # refer to the text as given.
        (unicodedata.normalize("NFD", "Un outil développé ici"), "de\u0301veloppe\u0301"),
        ("Renforcer¹ la transparence", "Renforcer"),  # footnote call glued to the word
        ("afin dʼaméliorer la qualité", "améliorer"),  # modifier-letter apostrophe (U+02BC)
        ("İstanbul : améliorer la qualité", "améliorer"),  # « İ » lowers to two characters
    ],
)
def test_unusual_characters_keep_offsets_exact(text, form):
    [match] = find_vague_verbs(text, verbs=DEFAULT_VAGUE_VERBS)
    assert match.form == form
    assert text[match.start : match.end] == form
    assert normalise_word(match.form) in verb_forms(match.verb)


def test_typographic_ligatures_are_spelt_out():
    verbs = [VagueVerb("simplifier", suggestion="dire quelle démarche disparaît")]
    text = "Simpliﬁer les démarches"  # « ﬁ » ligature, as copied from a PDF
    [match] = find_vague_verbs(text, verbs=verbs)
    assert (match.verb, match.form, match.start, match.end) == ("simplifier", "Simpliﬁer", 0, 9)


# ---------------------------------------------------------------------------------------------
# The coordinator's list: custom verbs, irregular verbs with hand-entered forms
# ---------------------------------------------------------------------------------------------

OPTIMISER = VagueVerb("optimiser", suggestion="dire quel coût ou quel délai baisse, et de combien")
ACCROITRE = VagueVerb(
    "accroître",
    suggestion="dire de combien : « passer de X à Y d'ici [date] »",
    extra_forms=("accroît", "accroissons", "accroissent", "accru", "accrue", "accroîtra"),
)


@pytest.mark.parametrize(
    ("text", "verb", "form"),
    [
        ("Optimiser les achats publics", "optimiser", "Optimiser"),
        ("des processus optimisés", "optimiser", "optimisés"),
        ("Nous optimiserons les achats", "optimiser", "optimiserons"),
        ("Accroître la transparence de l'aide publique au développement", "accroître", "Accroître"),
        ("L'État accroît la transparence", "accroître", "accroît"),
        ("une transparence accrue", "accroître", "accrue"),
        ("Renforcer la transparence", "renforcer", "Renforcer"),  # the defaults still apply
    ],
)
def test_custom_coordinator_verbs(text, verb, form):
    verbs = [*DEFAULT_VAGUE_VERBS, OPTIMISER, ACCROITRE]
    [match] = find_vague_verbs(text, verbs=verbs)
    assert (match.verb, match.form) == (verb, form)
    expected = {v.infinitive: v.suggestion for v in verbs}[verb]
    assert match.suggestion == expected


def test_irregular_verb_without_extra_forms_matches_only_its_infinitive():
    verbs = [VagueVerb("accroître")]
    assert found("Accroître la transparence", verbs) == [("accroître", "Accroître")]
    assert found("L'État accroît la transparence", verbs) == []
    assert found("l'accroissement de la transparence", [ACCROITRE]) == []


def test_same_form_in_two_entries_first_entry_wins():
    verbs = [
        VagueVerb("renforcer", suggestion="première"),
        VagueVerb("renforcer", suggestion="seconde"),
    ]
    [match] = find_vague_verbs("renforçons", verbs=verbs)
    assert match.suggestion == "première"


def test_cache_never_serves_a_detector_built_for_another_list():
    assert found("Optimiser et renforcer", [OPTIMISER]) == [("optimiser", "Optimiser")]
    assert found("Optimiser et renforcer") == [("renforcer", "renforcer")]
    verbs = [OPTIMISER]
    assert found("optimisons", verbs) == [("optimiser", "optimisons")]
    verbs.append(VagueVerb("renforcer"))  # a list mutated in place is read again
    assert found("optimisons et renforçons", verbs) == [
        ("optimiser", "optimisons"),
        ("renforcer", "renforçons"),
    ]


def test_detector_is_built_once_per_verb_list():
    vague_verbs._cached_detector.cache_clear()
    for _ in range(3):
        find_vague_verbs("renforcer", verbs=list(DEFAULT_VAGUE_VERBS))  # equal, not identical
    info = vague_verbs._cached_detector.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_detector_and_function_agree():
    detector = VagueVerbDetector(DEFAULT_VAGUE_VERBS)
    for text, _, _ in FLAGGED:
        assert detector.find(text) == find_vague_verbs(text, verbs=DEFAULT_VAGUE_VERBS)
    assert detector.verbs == DEFAULT_VAGUE_VERBS


def test_detector_rejects_objects_that_are_not_vague_verbs():
    with pytest.raises(TypeError):
        VagueVerbDetector(["renforcer"])  # type: ignore[list-item]


# ---------------------------------------------------------------------------------------------
# VagueVerb and the default list
# ---------------------------------------------------------------------------------------------


def test_default_list_is_the_one_of_product_md():
    assert [v.infinitive for v in DEFAULT_VAGUE_VERBS] == [
        "renforcer",
        "promouvoir",
        "favoriser",
        "poursuivre",
        "encourager",
        "sensibiliser",
        "accompagner",
        "faciliter",
        "développer",
        "améliorer",
        "soutenir",
        "valoriser",
    ]
    assert all(v.suggestion for v in DEFAULT_VAGUE_VERBS)
    ameliorer = next(v for v in DEFAULT_VAGUE_VERBS if v.infinitive == "améliorer")
    assert ameliorer.suggestion == (
        "dire quel indicateur passe de quelle valeur à quelle valeur, et quand"
    )


def test_vague_verb_is_normalised_and_hashable():
    verb = VagueVerb("  Renforcer ", suggestion=" porter X à Y ")
    assert verb == VagueVerb("renforcer", suggestion="porter X à Y")
    assert hash(verb) == hash(VagueVerb("renforcer", suggestion="porter X à Y"))
    assert VagueVerb("s'engager").infinitive == "engager"
    assert VagueVerb("accroître", extra_forms=["Accroît", "accru"]).extra_forms == (
        "accroît",
        "accru",
    )
    # The database stores hand-entered forms as a comma-separated string.
    assert VagueVerb("permettre", extra_forms="permet, permettent,, permis").extra_forms == (  # type: ignore[arg-type]
        "permet",
        "permettent",
        "permis",
    )


@pytest.mark.parametrize("infinitive", ["", "   ", "mettre en œuvre", "contre-attaquer", "agir2"])
def test_unusable_infinitive_is_refused_in_french(infinitive):
    with pytest.raises(ValueError, match=r"verbe|un seul mot"):
        VagueVerb(infinitive)
    with pytest.raises(ValueError, match=r"verbe|un seul mot"):
        verb_forms(infinitive)


def test_unusable_extra_form_is_refused_in_french():
    with pytest.raises(ValueError, match="un seul mot"):
        VagueVerb("accroître", extra_forms=("s'accroît",))
