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

from .conjugation import verb_forms
from .detector import (
    DEFAULT_VAGUE_VERBS,
    VagueVerb,
    VagueVerbDetector,
    VagueVerbMatch,
    find_vague_verbs,
)
from .words import normalise_word

__all__ = [
    "DEFAULT_VAGUE_VERBS",
    "VagueVerb",
    "VagueVerbDetector",
    "VagueVerbMatch",
    "find_vague_verbs",
    "normalise_word",
    "verb_forms",
]
