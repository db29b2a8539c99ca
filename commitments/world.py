"""A scale data set: a whole "world" of plans, commitments, milestones, indicators and measurements.

``world_generate(commitments=5000)`` adds about 80 two-year action plans spread over 1990–2027
(``max(1, round(N / 62))`` plans of 3–6 axes each), the requested number of commitments (French
titles, some vague, some concrete; summaries, objectives, contacts, costs, action types),
about 8 milestones and 2 indicators per commitment and about 10 measurements per indicator, with
a realistic mix of on-time, late, rescheduled and cancelled milestones and of rising, falling,
flat and qualitative indicators. It is meant for load tests and for looking at dashboards at
scale; every invented milestone, indicator and measurement is flagged ``is_illustrative`` and
every stated cost ``cost_is_illustrative``.

What it does to existing data: it **adds** a world and never deletes or changes a row.

* Administrations (about 150 French ministries, agencies, independent authorities, courts and
  local authorities) and civil-society partners are shared: one whose name already exists is
  reused, the others are created (a slug already taken by another name gets a ``-2``… suffix).
* Plan slugs are ``pan-<start>-<end>-<k>`` (``pan-2015-2017-7``); the numbering starts after
  the highest ``k`` already used for that kind of slug, so a second run adds a second set of
  plans next to the first instead of failing on the unique slug.
* One audit record per generated plan and per generated commitment (source ``command``,
  author ``generate_world``) says that it was generated; milestones, indicators and measurements
  are counted in that record's justification rather than audited one by one.

The same ``seed`` and ``as_of`` on the same starting data give the same rows (ids aside).
``as_of`` (default: today) decides which milestones are already due, hence which are completed
or late, and the last date a measurement can have.

Speed: everything is built in memory and written with ``bulk_create`` in one transaction; no
``full_clean`` and no per-row query. The database check constraints still guard every row.
"""

from __future__ import annotations

import datetime
import math
import random
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from indicators.models import Indicator, Measurement
from milestones.models import Milestone

from .audit import diff_values, model_values
from .models import ActionPlan, Administration, AuditRecord, Axis, Commitment, Partner

BATCH_SIZE = 2000
COMMITMENTS_PER_PLAN = 62
FIRST_YEAR, LAST_START_YEAR = 1990, 2025  # two-year periods: the last one ends in 2027
ACTOR_LABEL = "generate_world"
PLAN_SLUG_RE = re.compile(r"^pan-\d{4}-\d{4}-(\d+)$")

Day = datetime.timedelta(days=1)

# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

MIN, AGY, AAI, JUR, LOC, OTH = (
    Administration.Kind.MINISTRY,
    Administration.Kind.AGENCY,
    Administration.Kind.INDEPENDENT_AUTHORITY,
    Administration.Kind.JURISDICTION,
    Administration.Kind.LOCAL_AUTHORITY,
    Administration.Kind.OTHER,
)

# (name, acronym, kind, weight as lead administration)
ADMINISTRATIONS: tuple[tuple[str, str, str, int], ...] = (
    ("Services du Premier ministre", "SPM", MIN, 12),
    ("Secrétariat général du Gouvernement", "SGG", MIN, 4),
    ("Ministère de l'Intérieur", "", MIN, 8),
    ("Ministère de la Justice", "", MIN, 8),
    ("Ministère de l'Europe et des Affaires étrangères", "MEAE", MIN, 5),
    ("Ministère des Armées", "", MIN, 3),
    ("Ministère de l'Économie, des Finances et de la Souveraineté industrielle", "", MIN, 10),
    ("Ministère de la Transition écologique", "", MIN, 9),
    ("Ministère de l'Éducation nationale", "", MIN, 6),
    ("Ministère de l'Enseignement supérieur et de la Recherche", "MESR", MIN, 5),
    ("Ministère de la Santé et de l'Accès aux soins", "", MIN, 7),
    ("Ministère du Travail et de l'Emploi", "", MIN, 5),
    ("Ministère de la Culture", "", MIN, 5),
    ("Ministère de l'Agriculture et de la Souveraineté alimentaire", "", MIN, 4),
    ("Ministère de la Transformation et de la Fonction publiques", "", MIN, 9),
    ("Ministère des Sports", "", MIN, 2),
    ("Ministère des Outre-mer", "", MIN, 2),
    ("Ministère du Partenariat avec les territoires et de la Décentralisation", "", MIN, 4),
    ("Ministère du Logement", "", MIN, 3),
    ("Ministère des Solidarités et des Familles", "", MIN, 4),
    ("Ministère de l'Action et des Comptes publics", "", MIN, 5),
    ("Direction interministérielle du numérique", "DINUM", AGY, 10),
    ("Etalab", "", AGY, 8),
    ("Direction interministérielle de la transformation publique", "DITP", AGY, 7),
    ("Direction de l'information légale et administrative", "DILA", AGY, 5),
    ("Direction générale des finances publiques", "DGFiP", AGY, 6),
    ("Direction générale des entreprises", "DGE", AGY, 3),
    ("Direction des achats de l'État", "DAE", AGY, 4),
    ("Direction du budget", "DB", AGY, 4),
    ("Direction générale des collectivités locales", "DGCL", AGY, 4),
    ("Direction générale de l'administration et de la fonction publique", "DGAFP", AGY, 4),
    (
        "Direction générale de la concurrence, de la consommation et de la répression des fraudes",
        "DGCCRF",
        AGY,
        3,
    ),
    ("Direction générale de la sécurité civile et de la gestion des crises", "DGSCGC", AGY, 2),
    ("Agence pour l'informatique financière de l'État", "AIFE", AGY, 3),
    ("Agence France Trésor", "AFT", AGY, 1),
    ("Agence française anticorruption", "AFA", AGY, 5),
    ("Tracfin", "", AGY, 2),
    ("Institut national de la statistique et des études économiques", "Insee", AGY, 6),
    ("Institut national de l'information géographique et forestière", "IGN", AGY, 4),
    ("Météo-France", "", AGY, 3),
    ("Centre national d'études spatiales", "CNES", AGY, 2),
    ("Agence française de développement", "AFD", AGY, 4),
    ("École nationale d'administration", "ENA", AGY, 1),
    ("Institut national du service public", "INSP", AGY, 2),
    ("Agence nationale de la cohésion des territoires", "ANCT", AGY, 5),
    ("Agence nationale de la sécurité des systèmes d'information", "ANSSI", AGY, 3),
    ("Agence de l'environnement et de la maîtrise de l'énergie", "ADEME", AGY, 5),
    ("Office français de la biodiversité", "OFB", AGY, 3),
    ("Santé publique France", "", AGY, 4),
    ("Caisse nationale de l'assurance maladie", "CNAM", AGY, 4),
    ("Caisse nationale des allocations familiales", "CNAF", AGY, 3),
    ("Caisse nationale d'assurance vieillesse", "CNAV", AGY, 2),
    ("France Travail", "", AGY, 4),
    ("Agence nationale des titres sécurisés", "ANTS", AGY, 2),
    ("Agence nationale de traitement automatisé des infractions", "ANTAI", AGY, 1),
    ("Union des groupements d'achats publics", "UGAP", AGY, 2),
    ("Agence nationale de l'habitat", "Anah", AGY, 2),
    ("Agence nationale pour la rénovation urbaine", "ANRU", AGY, 2),
    ("Centre national de la recherche scientifique", "CNRS", AGY, 3),
    ("Institut national de la santé et de la recherche médicale", "Inserm", AGY, 2),
    (
        "Institut national de recherche pour l'agriculture, l'alimentation et l'environnement",
        "INRAE",
        AGY,
        2,
    ),
    ("Bureau de recherches géologiques et minières", "BRGM", AGY, 1),
    ("Service hydrographique et océanographique de la Marine", "SHOM", AGY, 1),
    ("Agence du numérique en santé", "", AGY, 2),
    ("Agence technique de l'information sur l'hospitalisation", "ATIH", AGY, 2),
    ("Bibliothèque nationale de France", "BnF", AGY, 2),
    ("Archives nationales", "", AGY, 3),
    ("Centre national du cinéma et de l'image animée", "CNC", AGY, 1),
    ("Agence nationale du sport", "", AGY, 1),
    ("Office national des forêts", "ONF", AGY, 1),
    ("Voies navigables de France", "VNF", AGY, 1),
    ("Agence de services et de paiement", "ASP", AGY, 2),
    ("Agence nationale de la recherche", "ANR", AGY, 2),
    ("Institut national du cancer", "INCa", AGY, 1),
    (
        "Agence nationale de sécurité du médicament et des produits de santé",
        "ANSM",
        AGY,
        2,
    ),
    (
        "Agence nationale de sécurité sanitaire de l'alimentation, de l'environnement et du travail",
        "Anses",
        AGY,
        2,
    ),
    ("Institut national d'études démographiques", "Ined", AGY, 1),
    ("Agence nationale des fréquences", "ANFR", AGY, 1),
    ("Établissement français du sang", "EFS", AGY, 1),
    ("Agence de la biomédecine", "", AGY, 1),
    ("Caisse des dépôts et consignations", "CDC", AGY, 2),
    ("Institut national de l'environnement industriel et des risques", "Ineris", AGY, 1),
    ("Agence de l'eau Loire-Bretagne", "", AGY, 1),
    ("Agence de l'eau Seine-Normandie", "", AGY, 1),
    ("Agence de l'eau Rhône Méditerranée Corse", "", AGY, 1),
    ("Haute Autorité pour la transparence de la vie publique", "HATVP", AAI, 8),
    ("Commission nationale du débat public", "CNDP", AAI, 5),
    ("Commission nationale de l'informatique et des libertés", "CNIL", AAI, 5),
    ("Commission d'accès aux documents administratifs", "CADA", AAI, 5),
    ("Défenseur des droits", "", AAI, 3),
    (
        "Autorité de régulation des communications électroniques, des postes et de la "
        "distribution de la presse",
        "Arcep",
        AAI,
        2,
    ),
    ("Autorité de régulation de la communication audiovisuelle et numérique", "Arcom", AAI, 2),
    ("Autorité des marchés financiers", "AMF", AAI, 2),
    ("Autorité de la concurrence", "", AAI, 2),
    ("Commission de régulation de l'énergie", "CRE", AAI, 2),
    ("Autorité de sûreté nucléaire et de radioprotection", "ASNR", AAI, 2),
    ("Haute Autorité de santé", "HAS", AAI, 2),
    ("Contrôleur général des lieux de privation de liberté", "CGLPL", AAI, 1),
    ("Autorité de régulation des transports", "ART", AAI, 1),
    (
        "Commission nationale des comptes de campagne et des financements politiques",
        "CNCCFP",
        AAI,
        3,
    ),
    ("Autorité de contrôle prudentiel et de résolution", "ACPR", AAI, 1),
    ("Médiateur national de l'énergie", "", AAI, 1),
    ("Autorité nationale des jeux", "ANJ", AAI, 1),
    ("Commission nationale de contrôle des techniques de renseignement", "CNCTR", AAI, 1),
    ("Agence française de lutte contre le dopage", "AFLD", AAI, 1),
    ("Cour des comptes", "", JUR, 6),
    ("Conseil d'État", "", JUR, 3),
    ("Conseil constitutionnel", "", JUR, 1),
    ("Cour de cassation", "", JUR, 2),
    ("Cour de discipline budgétaire et financière", "CDBF", JUR, 1),
    ("Chambre régionale des comptes Île-de-France", "", JUR, 1),
    ("Chambre régionale des comptes Auvergne-Rhône-Alpes", "", JUR, 1),
    ("Chambre régionale des comptes Nouvelle-Aquitaine", "", JUR, 1),
    ("Chambre régionale des comptes Occitanie", "", JUR, 1),
    ("Chambre régionale des comptes Hauts-de-France", "", JUR, 1),
    ("Chambre régionale des comptes Grand Est", "", JUR, 1),
    ("Chambre régionale des comptes Bretagne", "", JUR, 1),
    ("Tribunal administratif de Paris", "", JUR, 1),
    ("Cour administrative d'appel de Lyon", "", JUR, 1),
    ("Région Bretagne", "", LOC, 2),
    ("Région Occitanie", "", LOC, 2),
    ("Région Nouvelle-Aquitaine", "", LOC, 2),
    ("Région Auvergne-Rhône-Alpes", "", LOC, 2),
    ("Région Hauts-de-France", "", LOC, 2),
    ("Région Grand Est", "", LOC, 1),
    ("Région Île-de-France", "", LOC, 2),
    ("Région Normandie", "", LOC, 1),
    ("Région Pays de la Loire", "", LOC, 1),
    ("Région Provence-Alpes-Côte d'Azur", "", LOC, 1),
    ("Région Centre-Val de Loire", "", LOC, 1),
    ("Région Bourgogne-Franche-Comté", "", LOC, 1),
    ("Collectivité de Corse", "", LOC, 1),
    ("Département de la Gironde", "", LOC, 1),
    ("Département du Nord", "", LOC, 1),
    ("Département de Loire-Atlantique", "", LOC, 2),
    ("Département de la Seine-Saint-Denis", "", LOC, 1),
    ("Département du Bas-Rhin", "", LOC, 1),
    ("Département de l'Isère", "", LOC, 1),
    ("Département de la Haute-Garonne", "", LOC, 1),
    ("Département du Finistère", "", LOC, 1),
    ("Département de la Réunion", "", LOC, 1),
    ("Ville de Paris", "", LOC, 3),
    ("Métropole de Lyon", "", LOC, 2),
    ("Métropole européenne de Lille", "MEL", LOC, 1),
    ("Bordeaux Métropole", "", LOC, 1),
    ("Nantes Métropole", "", LOC, 2),
    ("Eurométropole de Strasbourg", "", LOC, 1),
    ("Toulouse Métropole", "", LOC, 1),
    ("Montpellier Méditerranée Métropole", "", LOC, 1),
    ("Métropole d'Aix-Marseille-Provence", "", LOC, 1),
    ("Ville de Rennes", "", LOC, 1),
    ("Ville de Grenoble", "", LOC, 1),
    ("Ville de Brest", "", LOC, 1),
    ("Ville de Nancy", "", LOC, 1),
    ("Assemblée nationale", "", OTH, 2),
    ("Sénat", "", OTH, 1),
    ("Conseil économique, social et environnemental", "CESE", OTH, 2),
)

PARTNERS = (
    "Regards Citoyens",
    "Transparency International France",
    "Open Knowledge Foundation France",
    "Anticor",
    "Sherpa",
    "Démocratie Ouverte",
    "La Quadrature du Net",
    "Wikimédia France",
    "OpenStreetMap France",
    "Réseau Action Climat",
    "France Nature Environnement",
    "Décider ensemble",
    "Institut de la concertation et de la participation citoyenne",
    "Data for Good",
    "Fédération des acteurs de la solidarité",
    "Ligue des droits de l'Homme",
    "Reporters sans frontières",
    "Association des archivistes français",
    "Fondation internet nouvelle génération",
    "Open Law",
    "Collectif SavoirsCom1",
    "Association Paris Open Source",
    "UFC-Que Choisir",
    "Les Petits Débrouillards",
)

PLAN_TITLES = (
    "Pour une action publique transparente et collaborative",
    "Pour un gouvernement ouvert au service des citoyens",
    "Construire ensemble une action publique ouverte",
    "Rendre des comptes, ouvrir les données, associer les citoyens",
    "Une démocratie plus ouverte et plus participative",
    "Transparence, participation et intégrité",
    "Un État ouvert, sobre et redevable",
    "Ouvrir l'action publique à tous",
)

AXIS_THEMES = (
    ("Rendre des comptes", "Accountability"),
    ("Consulter, concerter et coproduire l'action publique", "Consult and co-produce"),
    ("Partager des ressources numériques utiles à l'innovation", "Share digital resources"),
    ("Poursuivre l'ouverture de l'administration", "Further open the administration"),
    ("Le gouvernement ouvert au service du climat", "Open government for the climate"),
    ("Transparence de la commande publique", "Open contracting"),
    ("Intégrité et prévention des conflits d'intérêts", "Integrity"),
    ("Justice ouverte", "Open justice"),
    ("Participation citoyenne", "Civic participation"),
    ("Données ouvertes et algorithmes publics", "Open data and public algorithms"),
    ("Territoires ouverts", "Open territories"),
    ("Transparence budgétaire et fiscale", "Fiscal openness"),
    ("Santé et solidarités", "Health and solidarity"),
    ("Parlement ouvert", "Open parliament"),
)

VAGUE_VERBS = (
    "Renforcer",
    "Favoriser",
    "Promouvoir",
    "Développer",
    "Améliorer",
    "Accompagner",
    "Encourager",
    "Faciliter",
    "Soutenir",
    "Poursuivre",
    "Valoriser",
)
ABSTRACT_OBJECTS = (
    "la transparence",
    "l'ouverture",
    "la redevabilité",
    "la lisibilité",
    "l'intégrité",
    "l'évaluation",
    "la participation des citoyens à la conduite",
    "l'accès du public aux informations",
    "le dialogue avec la société civile sur la conduite",
    "la coproduction",
    "la culture de la donnée au service",
)
CONCRETE_ACTIONS = (
    ("Publier", "les données essentielles"),
    ("Publier", "chaque trimestre un rapport d'exécution"),
    ("Ouvrir", "les données"),
    ("Ouvrir", "les codes sources des logiciels"),
    ("Mettre en ligne", "un tableau de bord public"),
    ("Créer", "un registre public"),
    ("Adopter", "un décret encadrant la publication des données"),
    ("Organiser", "une consultation publique annuelle sur les priorités"),
    ("Rendre publics", "les indicateurs de performance"),
    ("Mettre à disposition", "une API ouverte sur les données"),
    ("Instaurer", "un comité de suivi citoyen"),
    ("Publier", "l'inventaire des algorithmes"),
    ("Ouvrir", "les avis et rapports d'évaluation"),
    ("Généraliser", "la publication des décisions"),
)
DOMAINS = (
    "de la commande publique",
    "des dépenses publiques",
    "du budget de l'État",
    "des collectivités territoriales",
    "de l'action environnementale",
    "de la politique de santé",
    "de la justice",
    "des aides publiques aux entreprises",
    "de la représentation d'intérêts",
    "de la politique du logement",
    "de l'aide publique au développement",
    "des décisions d'urbanisme",
    "de la politique de l'eau",
    "des services publics numériques",
    "du système éducatif",
    "de la recherche publique",
    "des politiques culturelles",
    "de la fiscalité locale",
    "du financement de la vie politique",
    "de la sécurité routière",
    "des transports publics",
    "de la politique agricole",
    "de la gestion des déchets",
    "de la qualité de l'air",
    "de la fonction publique",
    "de l'activité parlementaire",
    "de l'emploi et de la formation professionnelle",
    "des politiques de solidarité",
)

MILESTONES = (
    ("Lancer le projet et réunir le comité de pilotage", "Compte rendu du comité publié"),
    ("Publier le cahier des charges", "Cahier des charges en ligne"),
    ("Réaliser l'état des lieux des données existantes", "Inventaire publié"),
    ("Lancer la consultation publique", "Plateforme de consultation ouverte"),
    ("Publier la synthèse de la consultation", "Synthèse et réponses publiées"),
    ("Publier le projet de texte", "Projet de décret soumis à consultation"),
    ("Adopter le décret d'application", "Décret publié au Journal officiel"),
    ("Mettre en ligne la première version du service", "Service accessible en ligne"),
    ("Publier le jeu de données sur data.gouv.fr", "Jeu de données publié en open data"),
    ("Former les agents concernés", "Sessions de formation tenues, supports publiés"),
    ("Réunir le comité de suivi avec la société civile", "Compte rendu publié"),
    ("Publier le rapport d'étape", "Rapport d'étape en ligne"),
    ("Ouvrir l'API aux réutilisateurs", "Documentation de l'API publiée"),
    ("Étendre le dispositif à l'ensemble du territoire", "Dispositif déployé dans chaque région"),
    ("Évaluer le dispositif avec ses usagers", "Rapport d'évaluation publié"),
    ("Publier le bilan final", "Bilan final publié"),
)
CANCEL_REASONS = (
    "Abandonné après l'évaluation à mi-parcours : le besoin est couvert par un autre dispositif.",
    "Abandonné : le texte porteur n'a pas été inscrit à l'ordre du jour parlementaire.",
    "Abandonné faute de crédits, à la suite de la révision budgétaire.",
    "Remplacé par un jalon plus ambitieux du plan suivant.",
)
RESCHEDULE_REASONS = (
    "Report lié au renouvellement de l'équipe projet.",
    "Report demandé par la société civile pour prolonger la consultation.",
    "Report lié à l'attente de l'avis du Conseil d'État.",
    "Report : le marché de prestations a été attribué plus tard que prévu.",
    "Report lié à la période électorale.",
    "Report : les données sources ont dû être corrigées avant publication.",
)
EVIDENCE_SITES = (
    "https://www.data.gouv.fr/",
    "https://www.legifrance.gouv.fr/",
    "https://www.modernisation.gouv.fr/",
    "https://www.vie-publique.fr/",
    "https://www.ccomptes.fr/",
)

# (name, unit, scale, direction): scale is "pct" (0–100 %) or the order of magnitude of a count.
QUANTITATIVE = (
    ("Nombre de jeux de données publiés", "jeux de données", 2000, "up"),
    ("Part des documents publiés en format ouvert", "%", "pct", "up"),
    ("Délai moyen de réponse aux demandes d'accès aux documents", "jours", 90, "down"),
    ("Nombre de participants aux consultations publiques", "participants", 20000, "up"),
    ("Nombre de réutilisations recensées", "réutilisations", 800, "up"),
    ("Part des marchés dont les données essentielles sont publiées", "%", "pct", "up"),
    ("Nombre de collectivités ayant ouvert leurs données", "collectivités", 1500, "up"),
    ("Nombre de visites mensuelles du portail", "visites", 200000, "up"),
    ("Coût moyen de traitement d'un dossier", "euros", 400, "down"),
    ("Nombre d'agents formés", "agents", 5000, "up"),
    ("Part des avis rendus publics", "%", "pct", "up"),
    ("Nombre de déclarations d'intérêts publiées", "déclarations", 15000, "up"),
    ("Délai de publication des décisions", "jours", 120, "down"),
    ("Nombre de signalements restés sans réponse", "signalements", 3000, "down"),
    ("Part des demandes traitées hors délai", "%", "pct", "down"),
    ("Nombre de contributions citoyennes prises en compte", "contributions", 2000, "up"),
)
FLAT_INDICATORS = (
    ("Taux de disponibilité du service en ligne", "%"),
    ("Part des décisions publiées dans le mois", "%"),
    ("Nombre de réunions annuelles du comité de suivi", "réunions"),
)
QUALITATIVE = (
    (
        "Niveau d'ouverture des données",
        ["Aucune publication", "Publication partielle", "Publication complète en format ouvert"],
    ),
    (
        "Avancement du texte réglementaire",
        ["Non engagé", "Projet rédigé", "Texte en consultation", "Texte publié"],
    ),
    (
        "Maturité du dispositif de participation",
        ["Inexistant", "Expérimenté localement", "Généralisé", "Évalué avec les usagers"],
    ),
    (
        "État du service numérique",
        ["Étude préalable", "Version bêta", "Service en production"],
    ),
    (
        "Niveau de publication des algorithmes",
        ["Aucun algorithme recensé", "Inventaire interne", "Inventaire publié", "Codes ouverts"],
    ),
)
DATA_SOURCES = (
    "Statistiques de data.gouv.fr",
    "Tableau de suivi de l'administration porteuse",
    "Rapport annuel d'activité",
    "Enquête annuelle auprès des usagers",
    "Système d'information budgétaire (Chorus)",
    "Registre tenu par l'autorité",
    "Constat de l'équipe de coordination",
)
FUNDING_SOURCES = (
    "Crédits du programme 129 « Coordination du travail gouvernemental »",
    "Fonds pour la transformation de l'action publique",
    "Programme d'investissements d'avenir",
    "Budget propre de l'opérateur",
    "Crédits européens (FEDER)",
    "Redéploiement de crédits existants",
    "Budget de la collectivité",
    "Plan de relance",
)
FIRST_NAMES = (
    "Marie",
    "Nathalie",
    "Isabelle",
    "Sophie",
    "Camille",
    "Julie",
    "Claire",
    "Émilie",
    "Hélène",
    "Léa",
    "Chloé",
    "Anne",
    "Jean",
    "Pierre",
    "Nicolas",
    "Thomas",
    "Julien",
    "Philippe",
    "François",
    "Antoine",
    "Mathieu",
    "Karim",
    "Mehdi",
    "Benoît",
)
LAST_NAMES = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "Fournier",
    "Girard",
    "Bonnet",
    "Mercier",
    "Benali",
    "Nguyen",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Faure",
    "Chevalier",
)
ROLES = (
    "Cheffe de projet",
    "Chef de projet",
    "Directrice de programme",
    "Chargé de mission gouvernement ouvert",
    "Sous-directrice",
    "Administrateur ministériel des données",
    "Responsable de la transparence",
)


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _dec(value: float, places: int = 2) -> Decimal:
    return Decimal(f"{value:.{places}f}")


def _unique_slug(base: str, taken: set[str]) -> str:
    base = base[:76].strip("-") or "x"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _insert(model: type[models.Model], objs: Sequence[models.Model]) -> int:
    """bulk_create; on a database that cannot return ids, read them back in one query."""
    if not objs:
        return 0
    model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
    if objs[0].pk is None:  # SQLite < 3.35: the ids are the last ones, in insertion order
        ids = list(model._default_manager.order_by("-pk").values_list("pk", flat=True)[: len(objs)])
        for obj, pk in zip(objs, reversed(ids), strict=True):
            obj.pk = pk
    return len(objs)


class _World:
    def __init__(
        self, rng: random.Random, as_of: datetime.date, say: Callable[[str], None], seed: int
    ):
        self.rng = rng
        self.as_of = as_of
        self.say = say
        self.seed = seed
        self.counts: dict[str, int] = {}
        self.audit: list[AuditRecord] = []

    def add(self, key: str, n: int) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    # -- shared rows -----------------------------------------------------------------------

    def shared(self, model: type[models.Model], rows: list[tuple[str, dict[str, Any]]], key: str):
        """Ids of these named rows, in order: existing names reused, missing ones created.

        ``rows`` are ``(slug base, field values)``; a slug taken by another name gets a suffix.
        """
        manager = model._default_manager
        existing: dict[str, int] = dict(manager.values_list("name", "pk"))
        slugs = set(manager.values_list("slug", flat=True))
        new = [
            model(**values, slug=_unique_slug(slug_base, slugs))
            for slug_base, values in rows
            if values["name"] not in existing
        ]
        self.add(key, _insert(model, new))
        existing |= {obj.name: obj.pk for obj in new}  # type: ignore[attr-defined]
        return [existing[values["name"]] for _slug, values in rows]

    def administrations(self) -> tuple[list[int], list[int], list[str]]:
        rows = [
            (slugify(acronym or name), {"name": name, "acronym": acronym, "kind": kind})
            for name, acronym, kind, _weight in ADMINISTRATIONS
        ]
        ids = self.shared(Administration, rows, "administrations")
        weights = [weight for *_rest, weight in ADMINISTRATIONS]
        labels = [slug[:30].strip("-") for slug, _values in rows]
        return ids, weights, labels

    def partners(self) -> list[int]:
        return self.shared(
            Partner, [(slugify(name), {"name": name}) for name in PARTNERS], "partners"
        )

    # -- plans and axes --------------------------------------------------------------------

    def plans(self, n_plans: int) -> list[ActionPlan]:
        rng = self.rng
        offset = 0
        for slug in ActionPlan.objects.filter(slug__startswith="pan-").values_list(
            "slug", flat=True
        ):
            match = PLAN_SLUG_RE.match(slug)
            if match:
                offset = max(offset, int(match.group(1)))
        span = LAST_START_YEAR - FIRST_YEAR
        plans = []
        for i in range(n_plans):
            year = LAST_START_YEAR if n_plans == 1 else FIRST_YEAR + round(i * span / (n_plans - 1))
            month = rng.choice((1, 7, 7, 9, 10))
            start = datetime.date(year, month, rng.choice((1, 1, 15, 16)))
            end = start.replace(year=year + 2) - Day
            if end < self.as_of:
                status = ActionPlan.Status.CLOSED
            elif start > self.as_of:
                status = ActionPlan.Status.DRAFT
            else:
                status = ActionPlan.Status.IN_PROGRESS
            title = rng.choice(PLAN_TITLES)
            plans.append(
                ActionPlan(
                    slug=f"pan-{year}-{year + 2}-{offset + i + 1}",
                    title=f"{title} — Plan d'action national {year}-{year + 2}",
                    description=(
                        f"Plan d'action national {year}-{year + 2} pour le Partenariat pour un "
                        "Gouvernement Ouvert. Jeu de données généré pour les essais de charge : "
                        "engagements, jalons, indicateurs et coûts sont illustratifs."
                    ),
                    period_start=start,
                    period_end=end,
                    status=status,
                    published=status != ActionPlan.Status.DRAFT or rng.random() < 0.3,
                )
            )
        self.add("plans", _insert(ActionPlan, plans))
        return plans

    def axes(self, plans: list[ActionPlan]) -> dict[int, list[Axis]]:
        by_plan: dict[int, list[Axis]] = {}
        objs = []
        for plan in plans:
            themes = self.rng.sample(AXIS_THEMES, self.rng.randint(3, 6))
            axes = [
                Axis(
                    plan_id=plan.pk,
                    number=k,
                    title=title,
                    title_en=title_en,
                    slug=slugify(title)[:80].strip("-"),
                )
                for k, (title, title_en) in enumerate(themes, start=1)
            ]
            by_plan[plan.pk] = axes
            objs += axes
        self.add("axes", _insert(Axis, objs))
        return by_plan

    # -- commitments -----------------------------------------------------------------------

    def sizes(self, total: int, n_plans: int) -> list[int]:
        """``total`` split over the plans, unevenly but each plan with at least one."""
        weights = [self.rng.uniform(0.6, 1.4) for _ in range(n_plans)]
        rest = total - n_plans
        shares = [rest * w / sum(weights) for w in weights]
        sizes = [1 + math.floor(s) for s in shares]
        order = sorted(
            range(n_plans), key=lambda i: shares[i] - math.floor(shares[i]), reverse=True
        )
        for i in order[: total - sum(sizes)]:
            sizes[i] += 1
        return sizes

    def commitment(
        self,
        plan: ActionPlan,
        number: int,
        axes: list[Axis],
        previous: list[Commitment],
        ogp_number: int,
        admins: tuple[list[int], list[int], list[str]],
    ) -> tuple[Commitment, list[int]]:
        rng = self.rng
        admin_ids, admin_weights, admin_labels = admins
        y0, y1 = plan.period_start.year, plan.period_end.year
        domain = rng.choice(DOMAINS)
        vague = rng.random() < 0.35
        if vague:
            verb, obj = rng.choice(VAGUE_VERBS), rng.choice(ABSTRACT_OBJECTS)
        else:
            verb, obj = rng.choice(CONCRETE_ACTIONS)
        title = f"{verb} {obj} {domain}"
        if not vague and rng.random() < 0.3:
            title += f" d'ici {y1}"

        lead_index = (
            rng.choices(range(len(admin_ids)), weights=admin_weights)[0]
            if rng.random() >= 0.03
            else None
        )
        lead_id = admin_ids[lead_index] if lead_index is not None else None
        n_co = rng.choices((0, 1, 2, 3), weights=(35, 35, 20, 10))[0]
        co_owners = [a for a in rng.sample(admin_ids, n_co + 1) if a != lead_id][:n_co]

        start = plan.period_start + Day * rng.randint(0, 90)
        end = plan.period_end - Day * rng.randint(0, 60)
        values: dict[str, Any] = {}
        if rng.random() < 0.85:
            values["summary"] = rng.choice(
                (
                    f"Aujourd'hui, les informations {domain} sont difficiles à trouver et à "
                    f"comparer. Cet engagement prévoit de les rendre publiques et lisibles par "
                    f"tous d'ici {y1}, avec un calendrier et des étapes vérifiables.",
                    f"L'administration s'engage à {verb.lower()} {obj} {domain}. Chacun pourra "
                    "suivre l'avancement des étapes sur ce portail.",
                    f"Cet engagement répond à une demande de la société civile : mieux connaître "
                    f"les décisions {domain} et pouvoir en débattre.",
                )
            )
        if rng.random() < 0.85:
            values["objective"] = (
                f"Contribuer à {rng.choice(VAGUE_VERBS).lower()} {rng.choice(ABSTRACT_OBJECTS)} "
                f"{domain}."
                if vague and rng.random() < 0.5
                else f"D'ici {y1}, rendre accessibles en ligne, dans un format ouvert et "
                f"réutilisable, {rng.randint(5, 10) * 10} % des informations {domain}."
            )
        if rng.random() < 0.7:
            values["problem"] = (
                f"Les informations {domain} sont dispersées entre plusieurs services et "
                "rarement publiées dans un format réutilisable."
            )
            values["baseline_situation"] = (
                f"En {y0}, environ {rng.randint(0, 40)} % de ces informations étaient publiées."
            )
        if rng.random() < 0.6:
            values["description"] = (
                f"Le projet se déroule en plusieurs étapes de {y0} à {y1} : état des lieux, "
                "consultation des usagers, mise en œuvre, puis évaluation publique."
            )
        if rng.random() < 0.85:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            label = admin_labels[lead_index] if lead_index is not None else "pgo"
            values["contact_name"] = f"{first} {last}"
            values["contact_role"] = rng.choice(ROLES)
            values["contact_email"] = (
                f"{_ascii(first)}.{_ascii(last).replace(' ', '-')}@{label}.example.org"
            )

        # Action types: most commitments name at least one explicit one.
        if rng.random() < 0.85:
            for field in rng.sample(
                (
                    "action_law",
                    "action_standard",
                    "action_tool",
                    "action_data",
                    "action_consultation",
                ),
                rng.choices((1, 2, 3), weights=(50, 35, 15))[0],
            ):
                values[field] = True
        if rng.random() < 0.15:
            values["action_other"] = True
        for field, p in (
            ("value_access_to_information", 0.6),
            ("value_civic_participation", 0.45),
            ("value_public_accountability", 0.4),
            ("value_technology_innovation", 0.3),
        ):
            if rng.random() < p:
                values[field] = True

        roll = rng.random()
        if roll < 0.4:
            amount = math.exp(rng.uniform(math.log(5_000), math.log(5_000_000)))
            values |= {
                "cost_amount": Decimal(round(amount, -3) or 1000),
                "cost_staff_fte": _dec(rng.uniform(0.2, 12), 1) if rng.random() < 0.8 else None,
                "cost_funding_source": rng.choice(FUNDING_SOURCES),
                "cost_is_illustrative": True,
            }
        elif roll < 0.65:
            values |= {
                "no_additional_cost": True,
                "cost_staff_fte": _dec(rng.uniform(0.1, 3), 1) if rng.random() < 0.3 else None,
                "cost_is_illustrative": True,
            }

        if plan.status == ActionPlan.Status.CLOSED:
            values["ogp_completion"] = rng.choice(Commitment.OgpCompletion.values)
        if previous and rng.random() < 0.1:
            values["continues_id"] = rng.choice(previous).pk

        commitment = Commitment(
            plan_id=plan.pk,
            number=number,
            ogp_id=f"FR{ogp_number:04d}",
            axis_id=rng.choice(axes).pk if rng.random() < 0.95 else None,
            title=title,
            lead_administration_id=lead_id,
            start_date=start,
            end_date=end,
            data_confidence="illustratif (jeu de données généré)",
            **values,
        )
        return commitment, co_owners

    # -- milestones ------------------------------------------------------------------------

    def milestones(self, commitment: Commitment) -> list[Milestone]:
        rng, as_of = self.rng, self.as_of
        n = 0 if rng.random() < 0.02 else rng.randint(5, 11)
        cs, ce = commitment.start_date, commitment.end_date
        assert cs is not None and ce is not None
        span = (ce - cs).days
        titles = sorted(rng.sample(range(len(MILESTONES)), min(n, len(MILESTONES))))
        result = []
        for j in range(n):
            due = cs + Day * round(span * (j + 1) / n)
            due = min(ce, max(cs, due + Day * rng.randint(-10, 10)))
            start = max(cs, due - Day * rng.randint(20, 150)) if rng.random() < 0.8 else None
            original = due
            status = Milestone.Status.PLANNED
            completed_on = None
            justification = ""
            roll = rng.random()
            if roll < 0.06:
                status = Milestone.Status.CANCELLED
                justification = rng.choice(CANCEL_REASONS)
            else:
                if roll < 0.18:
                    due = original + Day * rng.randint(30, 270)
                    justification = rng.choice(RESCHEDULE_REASONS)
                began = start or cs
                r = rng.random()
                if due <= as_of:
                    if r < 0.62:  # on time
                        completed_on = max(began, due - Day * rng.randint(0, 45))
                    elif r < 0.82:  # late
                        completed_on = min(as_of, due + Day * rng.randint(1, 200))
                    else:  # still open: late
                        status = rng.choice(
                            (Milestone.Status.IN_PROGRESS,) * 2 + (Milestone.Status.PLANNED,)
                        )
                elif r < 0.08 and began <= as_of:  # done ahead of time
                    completed_on = max(began, as_of - Day * rng.randint(0, 60))
                elif began <= as_of:
                    status = Milestone.Status.IN_PROGRESS
                if completed_on is not None:
                    status = Milestone.Status.COMPLETED
            title, deliverable = MILESTONES[titles[j % len(titles)]]
            result.append(
                Milestone(
                    commitment_id=commitment.pk,
                    reference=f"j{j + 1}",
                    position=j + 1,
                    title=title,
                    deliverable=deliverable,
                    start_date=start,
                    due_date=due,
                    original_due_date=original,
                    status=status,
                    completed_on=completed_on,
                    evidence_url=rng.choice(EVIDENCE_SITES)
                    if completed_on is not None and rng.random() < 0.85
                    else "",
                    weight=Decimal(rng.choice((1, 1, 1, 1, 1, 2, 3))),
                    justification=justification,
                    is_illustrative=True,
                )
            )
        return result

    # -- indicators and measurements -------------------------------------------------------

    def indicators(self, commitment: Commitment) -> list[tuple[Indicator, dict[str, Any]]]:
        rng = self.rng
        n = rng.choices((0, 1, 2, 3), weights=(4, 24, 44, 28))[0]
        cs, ce = commitment.start_date, commitment.end_date
        assert cs is not None and ce is not None
        result = []
        for k in range(1, n + 1):
            baseline_date = cs - Day * rng.randint(0, 180)
            common = {
                "commitment_id": commitment.pk,
                "reference": f"i{k}",
                "position": k,
                "baseline_date": baseline_date,
                "target_date": ce,
                "data_source": rng.choice(DATA_SOURCES) if rng.random() < 0.85 else "",
                "update_period_days": rng.choice((30, 90, 90, 180, 365, None)),
                "weight": Decimal(rng.choice((1, 1, 1, 1, 2))),
                "is_illustrative": True,
            }
            roll = rng.random()
            if roll < 0.15:
                name, levels = rng.choice(QUALITATIVE)
                indicator = Indicator(
                    name=name,
                    kind=Indicator.Kind.QUALITATIVE,
                    levels=list(levels),
                    baseline_value=Decimal(0),
                    target_value=Decimal(len(levels) - 1),
                    **common,
                )
                plan = {"kind": "qualitative", "last": len(levels) - 1}
            elif roll < 0.19:
                name, unit = rng.choice(FLAT_INDICATORS)
                value = rng.uniform(90, 99.5) if unit == "%" else float(rng.randint(2, 6))
                base = _dec(value, 1)
                indicator = Indicator(
                    name=name, unit=unit, baseline_value=base, target_value=base, **common
                )
                plan = {"kind": "flat", "baseline": float(base), "pct": unit == "%"}
            else:
                name, unit, scale, direction = rng.choice(QUANTITATIVE)
                pct = scale == "pct"
                if pct and direction == "up":
                    base = rng.uniform(0, 60)
                    target = rng.uniform(base + 10, 100)
                elif pct:
                    base = rng.uniform(30, 95)
                    target = rng.uniform(0, base * 0.7)
                else:
                    base = float(rng.randint(max(1, int(scale) // 20), int(scale)))
                    factor = rng.uniform(1.3, 4) if direction == "up" else rng.uniform(0.2, 0.8)
                    target = float(round(base * factor))
                places = 1 if pct or unit == "euros" else 0
                indicator = Indicator(
                    name=name,
                    unit=unit,
                    baseline_value=_dec(base, places),
                    target_value=_dec(target, places),
                    **common,
                )
                plan = {
                    "kind": "quantitative",
                    "baseline": float(_dec(base, places)),
                    "target": float(_dec(target, places)),
                    "pct": pct,
                    "places": places,
                }
            result.append((indicator, plan))
        return result

    def measurements(self, indicator: Indicator, plan: dict[str, Any]) -> list[Measurement]:
        rng = self.rng
        first = indicator.baseline_date
        assert first is not None and indicator.target_date is not None
        last = min(indicator.target_date, self.as_of)
        days = (last - first).days
        if days < 0:
            return []
        count = min(rng.randint(7, 13), days + 1)
        offsets = [0, *sorted(rng.sample(range(1, days + 1), count - 1))] if count > 1 else [0]
        total = max(1, (indicator.target_date - first).days)
        achievement = rng.uniform(-0.15, 1.2)
        final_level = rng.randint(0, plan.get("last", 0))
        source = indicator.data_source or "Tableau de suivi de l'administration (illustratif)"
        result = []
        for position, offset in enumerate(offsets):
            frac = offset / total
            kind = plan["kind"]
            if kind == "qualitative":
                value = Decimal(
                    min(final_level, math.floor(final_level * position / max(1, count - 1) + 0.3))
                    if position
                    else 0
                )
            elif kind == "flat":
                v = (
                    plan["baseline"] * (1 + rng.uniform(-0.04, 0.02))
                    if position
                    else plan["baseline"]
                )
                value = _dec(min(v, 100) if plan["pct"] else max(v, 0), 1)
            else:
                base, target = plan["baseline"], plan["target"]
                if position:
                    v = base + (target - base) * achievement * frac
                    v += abs(target - base) * rng.uniform(-0.05, 0.05)
                    v = max(v, 0.0)
                    if plan["pct"]:
                        v = min(v, 100.0)
                else:
                    v = base
                value = _dec(v, plan["places"])
            result.append(
                Measurement(
                    indicator_id=indicator.pk,
                    date=first + Day * offset,
                    value=value,
                    comment="Valeur provisoire, à confirmer." if rng.random() < 0.05 else "",
                    source=source,
                    is_illustrative=True,
                )
            )
        return result

    # -- the whole world -------------------------------------------------------------------

    def run(self, total: int) -> dict[str, int]:
        self.say("administrations and partners…")
        admins = self.administrations()
        partner_ids = self.partners()

        n_plans = max(1, round(total / COMMITMENTS_PER_PLAN))
        self.say(f"plans… ({n_plans})")
        plans = self.plans(n_plans)
        axes = self.axes(plans)

        CoOwner = Commitment.co_owners.through
        PartnerLink = Commitment.partners.through
        ogp_start = Commitment.objects.count() + 1000
        commitments: list[Commitment] = []
        co_rows: list[models.Model] = []
        partner_rows: list[models.Model] = []
        previous: list[Commitment] = []
        previous_year = None
        current: list[Commitment] = []
        done = 0
        next_report = 1000
        for plan, size in zip(plans, self.sizes(total, n_plans), strict=True):
            if plan.period_start.year != previous_year:
                previous, previous_year = current or previous, plan.period_start.year
                current = []
            batch, owners = [], []
            for number in range(1, size + 1):
                commitment, co = self.commitment(
                    plan, number, axes[plan.pk], previous, ogp_start + done + number, admins
                )
                batch.append(commitment)
                owners.append(co)
            _insert(Commitment, batch)
            for commitment, co in zip(batch, owners, strict=True):
                co_rows += [CoOwner(commitment_id=commitment.pk, administration_id=a) for a in co]
                n_partners = self.rng.choices((0, 1, 2), weights=(50, 35, 15))[0]
                partner_rows += [
                    PartnerLink(commitment_id=commitment.pk, partner_id=p)
                    for p in self.rng.sample(partner_ids, n_partners)
                ]
            commitments += batch
            current += batch
            done += size
            if done >= next_report or done == total:
                self.say(f"commitments {done}/{total}…")
                next_report = (done // 1000 + 1) * 1000
        self.add("commitments", len(commitments))
        self.add("co_owners", _insert(CoOwner, co_rows))
        self.add("commitment_partners", _insert(PartnerLink, partner_rows))

        self.say("milestones…")
        milestones: list[Milestone] = []
        per_commitment: dict[int, list[int]] = {}
        for commitment in commitments:
            rows = self.milestones(commitment)
            per_commitment[commitment.pk] = [len(rows), 0, 0]
            milestones += rows
        self.add("milestones", _insert(Milestone, milestones))
        del milestones

        self.say("indicators…")
        indicators: list[tuple[Indicator, dict[str, Any]]] = []
        for commitment in commitments:
            rows = self.indicators(commitment)
            per_commitment[commitment.pk][1] = len(rows)
            indicators += rows
        self.add("indicators", _insert(Indicator, [ind for ind, _ in indicators]))

        self.say("measurements…")
        pending: list[Measurement] = []
        written = 0
        for indicator, plan_values in indicators:
            rows = self.measurements(indicator, plan_values)
            per_commitment[indicator.commitment_id][2] += len(rows)
            pending += rows
            if len(pending) >= 10 * BATCH_SIZE:
                written += _insert(Measurement, pending)
                pending = []
                self.say(f"measurements {written}…")
        written += _insert(Measurement, pending)
        self.add("measurements", written)

        self.say("audit records…")
        justification = f"Jeu de données généré par generate_world (graine {self.seed})"
        records = [
            AuditRecord(
                actor_label=ACTOR_LABEL,
                source=AuditRecord.Source.COMMAND,
                action=AuditRecord.Action.CREATE,
                object_type="actionplan",
                object_id=plan.pk,
                object_repr=str(plan)[:300],
                plan_id=plan.pk,
                changes=diff_values({}, model_values(plan)),
                justification=f"{justification}.",
            )
            for plan in plans
        ]
        for commitment in commitments:
            n_m, n_i, n_v = per_commitment[commitment.pk]
            records.append(
                AuditRecord(
                    actor_label=ACTOR_LABEL,
                    source=AuditRecord.Source.COMMAND,
                    action=AuditRecord.Action.CREATE,
                    object_type="commitment",
                    object_id=commitment.pk,
                    object_repr=str(commitment)[:300],
                    plan_id=commitment.plan_id,
                    commitment_id=commitment.pk,
                    changes=diff_values({}, model_values(commitment)),
                    justification=(
                        f"{justification}, avec {n_m} jalons, {n_i} indicateurs et {n_v} "
                        "mesures illustratifs."
                    ),
                )
            )
        self.add("audit_records", _insert(AuditRecord, records))
        return self.counts


def world_generate(
    *,
    commitments: int,
    seed: int = 1,
    progress: Callable[[str], None] | None = None,
    as_of: datetime.date | None = None,
) -> dict[str, int]:
    """Add a generated world of ``commitments`` commitments; return the rows created per model.

    See the module docstring for what is generated and how it coexists with existing data.
    """
    if commitments < 1:
        raise ValueError("commitments must be at least 1")
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not cryptography
    world = _World(rng, as_of or timezone.localdate(), progress or (lambda _msg: None), seed)
    with transaction.atomic():
        return world.run(commitments)
