"""Seed the vague-verb list of PRODUCT.md and a first glossary; both stay editable."""

from django.db import migrations

VERBS = [
    ("accompagner", "dire qui fait quoi pour qui : « former 200 agents », « financer 10 projets »"),
    ("améliorer", "dire quel indicateur passe de quelle valeur à quelle valeur, et quand"),
    ("développer", "nommer ce qui sera créé : « mettre en ligne », « construire », « ouvrir »"),
    ("encourager", "dire le levier concret : « financer », « rendre obligatoire », « publier »"),
    ("faciliter", "dire l'obstacle supprimé : « réduire le délai de X à Y jours », « supprimer »"),
    ("favoriser", "dire l'action vérifiable : « publier », « ouvrir », « rendre obligatoire »"),
    ("poursuivre", "dire ce qui reste à faire et quand : « achever … d'ici juin 2017 »"),
    (
        "promouvoir",
        "dire le public et le moyen : « présenter à 50 collectivités », « publier un guide »",
    ),
    ("renforcer", "dire ce qui change et de combien : « porter X à Y », « rendre obligatoire »"),
    ("sensibiliser", "dire le public, le nombre et le format : « former 500 agents en 2017 »"),
    (
        "soutenir",
        "dire le montant ou les moyens : « financer à hauteur de X € », « affecter 2 ETP »",
    ),
    ("valoriser", "dire le résultat attendu : « publier », « présenter », « réutiliser »"),
]

GLOSSARY = [
    (
        "API",
        "api",
        "",
        "Interface de programmation : un moyen pour un logiciel d'interroger automatiquement des données ou un service.",
        "Application programming interface: a way for software to query data or a service automatically.",
    ),
    (
        "données ouvertes",
        "donnees-ouvertes",
        "open data",
        "Données publiées librement, dans un format réutilisable, que chacun peut télécharger et réutiliser.",
        "Data published freely, in a reusable format, that anyone can download and reuse.",
    ),
    (
        "gouvernement ouvert",
        "gouvernement-ouvert",
        "",
        "Une action publique transparente, qui rend des comptes et associe les citoyens à ses décisions.",
        "Public action that is transparent, accountable and involves citizens in its decisions.",
    ),
    (
        "PGO",
        "pgo",
        "OGP, Partenariat pour un Gouvernement Ouvert",
        "Partenariat pour un Gouvernement Ouvert : une organisation internationale où les États s'engagent, par des plans d'action, à ouvrir leur action publique.",
        "Open Government Partnership: an international organisation in which governments make commitments, through action plans, to open up their work.",
    ),
    (
        "plan d'action national",
        "plan-d-action-national",
        "PAN",
        "La liste des engagements qu'un pays prend pour deux ans dans le cadre du PGO.",
        "The list of commitments a country makes for two years within the OGP.",
    ),
    (
        "engagement",
        "engagement",
        "",
        "Une promesse numérotée du plan d'action, portée par une administration.",
        "A numbered promise of the action plan, carried by an administration.",
    ),
    (
        "jalon",
        "jalon",
        "jalons",
        "Une étape vérifiable d'un engagement, avec une date d'échéance.",
        "A verifiable step of a commitment, with a due date.",
    ),
    (
        "indicateur",
        "indicateur",
        "indicateurs",
        "Une mesure chiffrée ou un niveau qui montre si l'objectif est atteint, avec une valeur de départ et une cible.",
        "A figure or level that shows whether the objective is met, with a starting value and a target.",
    ),
    (
        "MEI",
        "mei",
        "IRM",
        "Mécanisme d'évaluation indépendant du PGO : des chercheurs qui évaluent chaque plan d'action.",
        "The OGP's Independent Reporting Mechanism: researchers who assess each action plan.",
    ),
    (
        "IATI",
        "iati",
        "",
        "Initiative internationale pour la transparence de l'aide : un standard de publication des données de l'aide au développement.",
        "International Aid Transparency Initiative: a standard for publishing development aid data.",
    ),
    (
        "OCDS",
        "ocds",
        "Open Contracting Data Standard",
        "Standard international de publication des données de la commande publique.",
        "International standard for publishing public procurement data.",
    ),
    (
        "HATVP",
        "hatvp",
        "",
        "Haute Autorité pour la transparence de la vie publique : elle contrôle les déclarations d'intérêts et de patrimoine des responsables publics.",
        "High Authority for Transparency in Public Life: it checks the interest and asset declarations of public officials.",
    ),
    (
        "ETP",
        "etp",
        "",
        "Équivalent temps plein : une personne travaillant à temps plein pendant un an.",
        "Full-time equivalent: one person working full time for a year.",
    ),
    (
        "licence ouverte",
        "licence-ouverte",
        "Licence Ouverte 2.0",
        "La licence de l'État qui permet de réutiliser librement des données, y compris commercialement, en citant la source.",
        "The French government licence that allows free reuse of data, including commercially, with attribution.",
    ),
]


def seed(apps, schema_editor):
    VagueVerb = apps.get_model("commitments", "VagueVerb")
    GlossaryTerm = apps.get_model("commitments", "GlossaryTerm")
    for infinitive, suggestion in VERBS:
        VagueVerb.objects.get_or_create(infinitive=infinitive, defaults={"suggestion": suggestion})
    for term, slug, aliases, definition, definition_en in GLOSSARY:
        GlossaryTerm.objects.get_or_create(
            slug=slug,
            defaults={
                "term": term,
                "aliases": aliases,
                "definition": definition,
                "definition_en": definition_en,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("commitments", "0002_scores_vague_verbs_glossary")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
