"""The demo plan's civil-society part: a small, clearly illustrative set (fictitious
organisations marked « exemple », no real person, addresses at example.org) so that `make run`
shows independent assessments beside the self-assessment, a disagreement on the dashboard,
answered questions, an overdue one and a hidden one.

Idempotent: a row is looked up by its natural key and created only when missing (an existing
row is left alone, even if the coordination team or the erasure job changed it since). Each
creation is audited as the services audit them: texts by their fingerprint, never an address.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Model

from civilsociety.models import Assessment, Organisation, Question, SelfAssessment
from civilsociety.services import AUDITED_ASSESSMENT_FIELDS, fingerprint
from commitments.audit import audit_record, model_values
from commitments.models import ActionPlan, Commitment

ACTOR_LABEL = "load_demo"
NOTE = "Organisation fictive créée pour la démonstration du portail ; ses évaluations sont illustratives."

ORGANISATIONS: list[dict[str, Any]] = [
    {
        "slug": "observatoire-citoyen-exemple",
        "name": "Observatoire citoyen de l'action publique (exemple)",
        "kind": Organisation.Kind.ASSOCIATION,
        "website": "https://observatoire.example.org/",
    },
    {
        "slug": "laboratoire-transparence-exemple",
        "name": "Laboratoire d'études sur la transparence (exemple)",
        "kind": Organisation.Kind.RESEARCH,
        "website": "https://labo-transparence.example.org/",
    },
    {
        "slug": "journal-des-donnees-exemple",
        "name": "Le Journal des données (exemple)",
        "kind": Organisation.Kind.MEDIA,
        "website": "",
    },
]

# (commitment number, level, set on): the administrations' own view
SELF_ASSESSMENTS = [
    (2, "complete", "2017-06-15", "Les données essentielles des marchés sont publiées."),
    (6, "substantial", "2017-06-15", ""),
    (12, "substantial", "2017-06-20", "Légifrance ouvert ; la collaboration reste à étendre."),
]

ASSESSMENTS: list[dict[str, Any]] = [
    # disagrees with the self-assessment (complete) by two levels
    {
        "commitment": 2,
        "organisation": "observatoire-citoyen-exemple",
        "assessed_on": "2017-06-30",
        "level": "limited",
        "on_track": "no",
        "text": "Exemple illustratif : le format de publication est fixé, mais moins d'un "
        "acheteur public sur cinq publie ses données essentielles à la date de l'évaluation.",
        "evidence_links": ["https://www.data.gouv.fr/fr/"],
    },
    # an older one of the same organisation, kept in the history
    {
        "commitment": 2,
        "organisation": "observatoire-citoyen-exemple",
        "assessed_on": "2016-12-15",
        "level": "not_started",
        "on_track": "no",
        "text": "Exemple illustratif : aucun arrêté ni format publié à cette date.",
        "evidence_links": [],
        "is_current": False,
    },
    # agrees with the self-assessment
    {
        "commitment": 6,
        "organisation": "laboratoire-transparence-exemple",
        "assessed_on": "2017-05-10",
        "level": "substantial",
        "on_track": "yes",
        "text": "Exemple illustratif : les déclarations sont publiées en données ouvertes ; "
        "l'outil de consultation reste à améliorer.",
        "evidence_links": ["https://www.hatvp.fr/"],
    },
    # one level below the self-assessment: a disagreement too
    {
        "commitment": 12,
        "organisation": "journal-des-donnees-exemple",
        "assessed_on": "2017-07-01",
        "level": "limited",
        "on_track": "unknown",
        "text": "Exemple illustratif : les textes sont ouverts, mais la collaboration avec "
        "les réutilisateurs annoncée n'a pas commencé.",
        "evidence_links": [],
    },
]

# Closed questions' addresses are already erased (as the job does 30 days after closing), so
# the job and a rerun agree; the open one keeps an example.org address.
QUESTIONS: list[dict[str, Any]] = [
    {
        "commitment": 2,
        "display_name": "Camille (exemple)",
        "text": "Exemple illustratif : quand les collectivités devront-elles publier leurs "
        "données essentielles de marchés ?",
        "confirmed": "2017-03-02",
        "answer": "Exemple illustratif : l'obligation s'applique à partir du 1er octobre 2018 "
        "pour tous les acheteurs ; le format est publié sur data.gouv.fr.",
        "answered": "2017-03-09",
    },
    {
        "commitment": 6,
        "display_name": "Dominique (exemple)",
        "text": "Exemple illustratif : les déclarations d'intérêts seront-elles publiées dans "
        "un format réutilisable ?",
        "confirmed": "2017-04-03",
        "answer": "Exemple illustratif : oui, au format XML sous licence ouverte.",
        "answered": "2017-04-25",
    },
    # unanswered for more than 30 days: overdue
    {
        "commitment": 12,
        "display_name": "Alex (exemple)",
        "email": "alex.exemple@example.org",
        "text": "Exemple illustratif : quand les réutilisateurs pourront-ils proposer des "
        "corrections sur les textes publiés ?",
        "confirmed": "2017-05-15",
    },
    # hidden by the coordination team with a public reason
    {
        "commitment": 2,
        "display_name": "Anonyme (exemple)",
        "text": "Exemple illustratif : un message publicitaire sans rapport avec "
        "l'engagement, masqué par l'équipe de coordination.",
        "confirmed": "2017-04-10",
        "hidden": "2017-04-11",
        "hidden_reason": "Message publicitaire sans rapport avec l'engagement (exemple illustratif).",
    },
]


def _at(day: str) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(10), tzinfo=datetime.UTC
    )


def _created(report, instance: Model, changes: dict[str, list[Any]], **extra) -> None:
    audit_record(
        instance=instance,
        action="create",
        source="command",
        actor_label=ACTOR_LABEL,
        changes=changes,
        **extra,
    )
    report.count(report.created, type(instance))


def civil_society_load(*, plan: ActionPlan, report) -> None:
    """Create the missing demo rows of ``plan`` (see the module's docstring)."""
    commitments = {c.number: c for c in Commitment.objects.filter(plan=plan)}
    organisations = {}
    for o in ORGANISATIONS:
        org = Organisation.objects.filter(slug=o["slug"]).first()
        if org is None:
            org = Organisation.objects.create(**o, description=NOTE)
            _created(
                report,
                org,
                {k: [None, v] for k, v in model_values(org).items() if v not in ("", None)},
            )
        organisations[o["slug"]] = org

    for number, level, set_on, note in SELF_ASSESSMENTS:
        commitment = commitments[number]
        if SelfAssessment.objects.filter(commitment=commitment).exists():
            continue
        sa = SelfAssessment.objects.create(
            commitment=commitment, level=level, note=note, set_on=set_on
        )
        _created(report, sa, {"level": [None, level], "note": [None, note]})

    for a in ASSESSMENTS:
        commitment, org = commitments[a["commitment"]], organisations[a["organisation"]]
        key = {"commitment": commitment, "organisation": org, "assessed_on": a["assessed_on"]}
        if Assessment.objects.filter(**key).exists():
            continue
        assessment = Assessment.objects.create(
            **key,
            level=a["level"],
            on_track=a["on_track"],
            text=a["text"],
            evidence_links=a["evidence_links"],
            is_current=a.get("is_current", True),
        )
        assessment.refresh_from_db()
        _created(
            report,
            assessment,
            {k: [None, v] for k, v in model_values(assessment, AUDITED_ASSESSMENT_FIELDS).items()}
            | {"text_sha256": [None, fingerprint(assessment.text)]},
        )

    for q in QUESTIONS:
        commitment = commitments[q["commitment"]]
        if Question.objects.filter(commitment=commitment, text=q["text"]).exists():
            continue
        closed = q.get("answered") or q.get("hidden")
        question = Question.objects.create(
            commitment=commitment,
            display_name=q["display_name"],
            email="" if closed else q.get("email", ""),
            email_erased_at=_at(closed) if closed else None,
            text=q["text"],
            confirmed_at=_at(q["confirmed"]),
            answer=q.get("answer", ""),
            answered_at=_at(q["answered"]) if q.get("answered") else None,
            answer_administration=commitment.lead_administration if q.get("answer") else None,
            hidden_at=_at(q["hidden"]) if q.get("hidden") else None,
            hidden_reason=q.get("hidden_reason", ""),
        )
        changes = {"text_sha256": [None, fingerprint(question.text)]}
        if question.answer:
            changes["answer_sha256"] = [None, fingerprint(question.answer)]
        if question.hidden_reason:
            changes["hidden_reason"] = [None, question.hidden_reason]
        _created(report, question, changes, justification=question.hidden_reason)
