"""The ``pgo-plan/1`` format: every entity, its fields, their kinds and their French headers.

One table drives the JSON reader, the XLSX reader and both writers, so the two encodings carry
the same content. The JSON key of a field is also accepted as an XLSX header.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import TextChoices

from commitments.models import ActionPlan, Administration, Commitment
from indicators.models import Indicator
from milestones.models import Milestone

FORMAT_ID = "pgo-plan/1"

REQUIRED = object()  # an empty value is an error, and the field is needed to create the row


@dataclass(frozen=True)
class Spec:
    """One field of one entity.

    ``kind`` says how a value is read (see ``values.py``); ``empty`` is what an explicit empty
    value (JSON ``null`` or ``""``, an empty cell) means, or ``REQUIRED``. A field absent from
    the file leaves the stored value alone (or takes the model default on creation).
    """

    key: str
    header: str
    kind: str = "text"
    empty: Any = ""
    choices: type[TextChoices] | tuple[tuple[str, Any], ...] | None = None

    @property
    def required(self) -> bool:
        return self.empty is REQUIRED


def _flags(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, Any], ...]:
    """(code, model field) pairs → (code, label: the field's lazy verbose name)."""
    return tuple((code, Commitment._meta.get_field(field).verbose_name) for code, field in pairs)


OGP_VALUE_CHOICES = _flags(Commitment.OGP_VALUE_FIELDS)
ACTION_TYPE_CHOICES = _flags(Commitment.ACTION_TYPE_FIELDS)

KEY = {
    "plan": "slug",
    "axis": "number",
    "administration": "slug",
    "partner": "slug",
    "commitment": "number",
    "indicator": "reference",
    "measurement": "date",
    "milestone": "reference",
}

SPECS: dict[str, tuple[Spec, ...]] = {
    "plan": (
        Spec("slug", "identifiant", "slug", REQUIRED),
        Spec("title", "titre", "text", REQUIRED),
        Spec("title_en", "titre (anglais)"),
        Spec("description", "présentation"),
        Spec("period_start", "début de la période", "date", REQUIRED),
        Spec("period_end", "fin de la période", "date", REQUIRED),
        Spec("status", "état", "enum", ActionPlan.Status.DRAFT, ActionPlan.Status),
        Spec("published", "publié", "bool", False),
        Spec("source_url", "source officielle"),
    ),
    "axis": (
        Spec("number", "numéro", "int", REQUIRED),
        Spec("slug", "identifiant", "slug", None),
        Spec("title", "intitulé", "text", REQUIRED),
        Spec("title_en", "intitulé (anglais)"),
    ),
    "administration": (
        Spec("slug", "identifiant", "slug", REQUIRED),
        Spec("name", "nom", "text", REQUIRED),
        Spec("acronym", "sigle"),
        Spec("kind", "type", "enum", Administration.Kind.MINISTRY, Administration.Kind),
        Spec("contact_email", "courriel de contact"),
        Spec("website", "site web"),
    ),
    "partner": (
        Spec("slug", "identifiant", "slug", REQUIRED),
        Spec("name", "nom", "text", REQUIRED),
        Spec("website", "site web"),
    ),
    "commitment": (
        Spec("number", "numéro", "int", REQUIRED),
        Spec("ogp_id", "identifiant OGP"),
        Spec("axis", "axe", "int", None),
        Spec("title", "intitulé", "text", REQUIRED),
        Spec("title_en", "intitulé (anglais)"),
        Spec("summary", "résumé en langage clair"),
        Spec("problem", "problème traité"),
        Spec("baseline_situation", "situation de départ"),
        Spec("objective", "objectif"),
        Spec("description", "description"),
        Spec("ogp_values", "valeurs OGP", "codes", (), OGP_VALUE_CHOICES),
        Spec("action_types", "types d'action", "codes", (), ACTION_TYPE_CHOICES),
        Spec("lead_administration", "administration porteuse", "slug", None),
        Spec("co_owners", "administrations co-porteuses", "refs", ()),
        Spec("partners", "partenaires", "refs", ()),
        Spec("contact_name", "responsable nommé"),
        Spec("contact_role", "fonction du responsable"),
        Spec("contact_email", "courriel du responsable"),
        Spec("start_date", "date de début", "date", None),
        Spec("end_date", "date de fin", "date", None),
        Spec("cost_amount", "coût estimé (euros)", "decimal", None),
        Spec("cost_staff_fte", "moyens humains (ETP)", "decimal", None),
        Spec("cost_funding_source", "source de financement"),
        Spec("no_additional_cost", "sans coût supplémentaire", "bool", False),
        Spec("cost_is_illustrative", "coût illustratif", "bool", False),
        Spec("continues", "prolonge", "continues", None),  # one, or a list
        Spec("to_verify", "à vérifier", "bool", False),
        Spec(
            "ogp_completion",
            "niveau d'achèvement (échelle OGP)",
            "enum",
            "",
            Commitment.OgpCompletion,
        ),
        Spec("irm_assessment", "évaluation du MEI (IRM)"),
        Spec("sources", "sources"),
        Spec("data_confidence", "fiabilité des données"),
    ),
    "indicator": (
        Spec("reference", "référence", "slug", REQUIRED),
        Spec("position", "ordre", "int", None),
        Spec("name", "intitulé", "text", REQUIRED),
        Spec("kind", "type", "enum", Indicator.Kind.QUANTITATIVE, Indicator.Kind),
        Spec("unit", "unité"),
        Spec("levels", "niveaux", "levels", ()),
        Spec("baseline_value", "valeur initiale", "decimal", None),
        Spec("baseline_date", "date de la valeur initiale", "date", None),
        Spec("target_value", "valeur cible", "decimal", None),
        Spec("target_date", "date cible", "date", None),
        Spec("data_source", "source des données"),
        Spec("update_period_days", "fréquence de mise à jour (jours)", "int", None),
        Spec("weight", "poids", "decimal", 1),
        Spec("is_illustrative", "illustratif", "bool", False),
    ),
    "measurement": (
        Spec("date", "date", "date", REQUIRED),
        Spec("value", "valeur", "measure", REQUIRED),
        Spec("comment", "commentaire"),
        Spec("source", "source"),
        Spec("evidence_url", "lien vers la preuve"),
        Spec("is_illustrative", "illustratif", "bool", False),
    ),
    "milestone": (
        Spec("reference", "référence", "slug", REQUIRED),
        Spec("position", "ordre", "int", None),
        Spec("title", "intitulé", "text", REQUIRED),
        Spec("deliverable", "livrable vérifiable"),
        Spec("start_date", "date de début", "date", None),
        Spec("due_date", "échéance", "due", None),  # empty or « à préciser »: undated
        Spec("original_due_date", "échéance initiale", "due", None),
        Spec("status", "état", "enum", Milestone.Status.PLANNED, Milestone.Status),
        Spec("completed_on", "réalisé le", "date", None),
        Spec("evidence_url", "lien vers la preuve"),
        Spec("weight", "poids", "decimal", 1),
        Spec("justification", "justification (report ou abandon)"),
        Spec("is_illustrative", "illustratif", "bool", False),
    ),
}

# The fields of a commitment a file may flag « à vérifier »: by key or by French header.
FIELDS_TO_VERIFY = tuple(
    (s.key, s.header) for s in SPECS["commitment"] if s.key not in {"number", "to_verify"}
)
SPECS["commitment"] += (
    Spec("fields_to_verify", "champs à vérifier", "codes", (), FIELDS_TO_VERIFY),
)

SPEC_BY_KEY = {entity: {s.key: s for s in specs} for entity, specs in SPECS.items()}

# Nested lists in the JSON document: (entity, key of the list in its parent, child entity).
CHILDREN = {
    "plan": {"axes": "axis"},
    "commitment": {"indicators": "indicator", "milestones": "milestone"},
    "indicator": {"measurements": "measurement"},
}

# The workbook: one sheet per entity, in this order. Child sheets repeat their parents' keys.
PARENT_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "plan": (),
    "axis": (("plan", "plan"),),
    "administration": (),
    "partner": (),
    "commitment": (("plan", "plan"),),
    "indicator": (("plan", "plan"), ("commitment", "engagement")),
    "measurement": (("plan", "plan"), ("commitment", "engagement"), ("indicator", "indicateur")),
    "milestone": (("plan", "plan"), ("commitment", "engagement")),
}
SHEETS = {
    "plan": "Plan",
    "axis": "Axes",
    "administration": "Administrations",
    "partner": "Partenaires",
    "commitment": "Engagements",
    "indicator": "Indicateurs",
    "measurement": "Mesures",
    "milestone": "Jalons",
}
README_SHEET = "Lisez-moi"
# ``continues`` is one JSON object and two columns.
CONTINUES_COLUMNS = (
    ("continues_plan", "prolonge : plan"),
    ("continues_number", "prolonge : numéro"),
)


def sheet_columns(entity: str) -> list[tuple[str, str]]:
    """(key, header) of every column of the entity's sheet, in order."""
    columns = list(PARENT_COLUMNS[entity])
    for spec in SPECS[entity]:
        if spec.kind == "continues":
            columns.extend(CONTINUES_COLUMNS)
        else:
            columns.append((spec.key, spec.header))
    return columns


# Where a model field's validation error is shown: the file key it comes from.
MODEL_FIELD_KEY = {
    "commitment": {
        **{field: "ogp_values" for _, field in Commitment.OGP_VALUE_FIELDS},
        **{field: "action_types" for _, field in Commitment.ACTION_TYPE_FIELDS},
    },
}


def field_key(entity: str, model_field: str) -> str:
    key = MODEL_FIELD_KEY.get(entity, {}).get(model_field, model_field)
    return key if key in SPEC_BY_KEY[entity] else ""
