"""The glossary completed (issue 15): the method's words (score, avancement, points, pénalité,
mesurabilité, axe, co-porteuse, échéance de référence…) and every acronym the public pages and
the demo plan use, each with its English headword and definition; the English headwords of the
terms seeded before. Rows are created with ``get_or_create`` (a coordinator's edit is kept), and
an English headword is only filled in where it is empty."""

from django.db import migrations

# (term, slug, aliases, definition, term_en, definition_en)
GLOSSARY = [
    (
        "avancement",
        "avancement",
        "",
        "Où en est un engagement, de 0 à 100 % : pour moitié la part de ses jalons réalisés, pour moitié le chemin parcouru par ses indicateurs entre leur valeur initiale et leur cible.",
        "progress",
        "How far along a commitment is, from 0 to 100%: half the share of its milestones completed, half the distance its indicators have covered from their baseline to their target.",
    ),
    (
        "score",
        "score",
        "",
        "Une note sur 100 qui récompense le respect du calendrier promis : les points obtenus divisés par le maximum possible.",
        "score",
        "A mark out of 100 that rewards keeping the promised calendar: the points earned divided by the maximum possible.",
    ),
    (
        "points",
        "points",
        "",
        "Chaque jalon vaut 10 points (multipliés par son poids) : tous s'il est réalisé à temps, la moitié s'il est réalisé en retard ; chaque indicateur rapporte ses points selon le chemin parcouru vers sa cible.",
        "points",
        "Each milestone is worth 10 points (times its weight): all of them when completed on time, half when completed late; each indicator earns its points according to how far it has moved towards its target.",
    ),
    (
        "pénalité",
        "penalite",
        "pénalités",
        "Les points retirés quand un jalon n'est pas réalisé à son échéance : la moitié de ce qu'il vaut.",
        "penalty",
        "The points taken away when a milestone is not completed by its due date: half of what it is worth.",
    ),
    (
        "mesurabilité",
        "mesurabilite",
        "",
        "Une liste de huit critères qui dit si un engagement est écrit de façon à pouvoir être suivi : indicateurs chiffrés, jalons datés, coût, responsable, mots précis, résumé clair, type d'action.",
        "measurability",
        "A checklist of eight criteria that says whether a commitment is written so it can be tracked: figures, dated milestones, cost, a named person, precise words, a plain summary, a type of action.",
    ),
    (
        "axe",
        "axe",
        "axes",
        "Un thème qui regroupe plusieurs engagements d'un même plan d'action.",
        "theme",
        "A theme grouping several commitments of the same action plan.",
    ),
    (
        "administration co-porteuse",
        "administration-co-porteuse",
        "co-porteuse, co-porteuses, administrations co-porteuses",
        "Une administration qui partage la mise en œuvre d'un engagement avec l'administration porteuse, qui en reste la première responsable.",
        "co-owner administration",
        "An administration that shares the implementation of a commitment with the lead administration, which remains primarily responsible for it.",
    ),
    (
        "administration porteuse",
        "administration-porteuse",
        "",
        "L'administration responsable d'un engagement : c'est elle qui est notée.",
        "lead administration",
        "The administration responsible for a commitment: it is the one that is scored.",
    ),
    (
        "échéance de référence",
        "echeance-de-reference",
        "",
        "La date à laquelle un jalon est jugé : l'échéance promise, déplacée seulement par un report demandé avant cette date et validé par l'équipe de coordination.",
        "reference due date",
        "The date a milestone is judged against: the promised due date, moved only by a rescheduling requested before that date and approved by the coordination team.",
    ),
    (
        "échéance à préciser",
        "echeance-a-preciser",
        "",
        "Un jalon que le plan publié ne date pas : il ne compte pas dans le score tant qu'il n'a pas de date, et l'engagement perd le critère de mesurabilité des jalons datés.",
        "due date to be set",
        "A milestone the published plan gives no date: it does not count in the score until it has one, and the commitment fails the dated-milestones criterion of measurability.",
    ),
    (
        "DECP",
        "decp",
        "données essentielles de la commande publique",
        "Données essentielles de la commande publique : les informations de base de chaque marché public (acheteur, titulaire, montant, date) que l'État publie en données ouvertes.",
        "DECP (essential public procurement data)",
        "Essential public procurement data: the basic facts of each public contract (buyer, supplier, amount, date) that the French government publishes as open data.",
    ),
    (
        "CSV",
        "csv",
        "",
        "Un format de tableau en texte (valeurs séparées par des virgules) que tout tableur ouvre.",
        "CSV",
        "A plain-text table format (comma-separated values) that any spreadsheet opens.",
    ),
    (
        "JSON",
        "json",
        "",
        "Un format de données en texte, structuré, lu facilement par les logiciels.",
        "JSON",
        "A structured plain-text data format that software reads easily.",
    ),
    (
        "XML",
        "xml",
        "",
        "Un format de données en texte, structuré par des balises.",
        "XML",
        "A plain-text data format structured by tags.",
    ),
    (
        "DCAT",
        "dcat",
        "DCAT-AP",
        "Un standard européen pour décrire des catalogues de données, afin que les portails de données se les échangent.",
        "DCAT",
        "A European standard for describing data catalogues, so that data portals can exchange them.",
    ),
    (
        "RGAA",
        "rgaa",
        "",
        "Référentiel général d'amélioration de l'accessibilité : les règles que les sites publics suivent pour être utilisables par tous, y compris les personnes handicapées.",
        "RGAA (accessibility standard)",
        "The French general accessibility improvement framework: the rules public websites follow to be usable by everyone, including people with disabilities.",
    ),
    (
        "CNIL",
        "cnil",
        "",
        "Commission nationale de l'informatique et des libertés : l'autorité qui protège les données personnelles.",
        "CNIL (data protection authority)",
        "The French data protection authority.",
    ),
    (
        "Etalab",
        "etalab",
        "",
        "Le service de l'État chargé de l'ouverture des données publiques et du gouvernement ouvert, au sein de la direction interministérielle du numérique.",
        "Etalab",
        "The French government service in charge of open data and open government, within the interministerial digital directorate.",
    ),
    (
        "AFD",
        "afd",
        "Agence française de développement",
        "Agence française de développement : la banque publique qui finance l'aide au développement de la France.",
        "AFD (French Development Agency)",
        "The French Development Agency: the public bank that funds France's development aid.",
    ),
    (
        "ITIE",
        "itie",
        "EITI",
        "Initiative pour la transparence dans les industries extractives : un standard international de publication des revenus tirés du pétrole, du gaz et des mines.",
        "EITI",
        "Extractive Industries Transparency Initiative: an international standard for publishing the revenues from oil, gas and mining.",
    ),
    (
        "IGN",
        "ign",
        "",
        "Institut national de l'information géographique et forestière : il produit les cartes et les données géographiques de référence.",
        "IGN (national mapping agency)",
        "The French national institute of geographic and forest information: it produces the reference maps and geographic data.",
    ),
    (
        "ENA",
        "ena",
        "",
        "École nationale d'administration, qui formait les hauts fonctionnaires (devenue l'Institut national du service public en 2022).",
        "ENA (national school of administration)",
        "The French national school of administration, which trained senior civil servants (replaced by the Institut national du service public in 2022).",
    ),
    (
        "COP21",
        "cop21",
        "",
        "La conférence des Nations unies sur le climat tenue à Paris en 2015, qui a conclu l'accord de Paris.",
        "COP21",
        "The United Nations climate conference held in Paris in 2015, which concluded the Paris Agreement.",
    ),
]

# The English headwords of the terms seeded by 0003 (filled in only where empty).
TERM_EN = {
    "api": "API",
    "donnees-ouvertes": "open data",
    "gouvernement-ouvert": "open government",
    "pgo": "OGP (Open Government Partnership)",
    "plan-d-action-national": "national action plan",
    "engagement": "commitment",
    "jalon": "milestone",
    "indicateur": "indicator",
    "mei": "IRM (Independent Reporting Mechanism)",
    "iati": "IATI",
    "ocds": "OCDS",
    "hatvp": "HATVP",
    "etp": "FTE (full-time equivalent)",
    "licence-ouverte": "Open Licence",
}


def seed(apps, schema_editor):
    GlossaryTerm = apps.get_model("commitments", "GlossaryTerm")
    for term, slug, aliases, definition, term_en, definition_en in GLOSSARY:
        if GlossaryTerm.objects.filter(term=term).exclude(slug=slug).exists():
            continue  # a coordinator already wrote this term under another identifier
        GlossaryTerm.objects.get_or_create(
            slug=slug,
            defaults={
                "term": term,
                "aliases": aliases,
                "definition": definition,
                "term_en": term_en,
                "definition_en": definition_en,
            },
        )
    for slug, term_en in TERM_EN.items():
        GlossaryTerm.objects.filter(slug=slug, term_en="").update(term_en=term_en)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0006_continues_several_and_to_verify")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
