"""The methodology page (with a worked example computed live) and the glossary."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from commitments import rules
from public import selectors
from toolkit.cache import cache_public_page

from . import explain


@cache_public_page
def methodology(request: HttpRequest) -> HttpResponse:
    """Method v2 in plain words (and what changed since v1), then one real commitment computed
    step by step with the same functions the scoring job uses, and compared with its stored
    figures."""
    today = timezone.localdate()
    context: dict = {
        "nav": "methodology",
        "method_version": rules.METHOD_VERSION,
        "milestone_points": rules.MILESTONE_POINTS,
        "indicator_points": rules.INDICATOR_POINTS,
        "criteria": explain.measurability_checklist_labels(),
        "today": today,
    }
    verbs = selectors.vague_verbs_active()
    glossary = selectors.glossary_terms()
    context["vague_verbs"] = verbs
    chosen = selectors.worked_example_commitment()
    if chosen is not None:
        commitment = selectors.commitment_public_get(
            plan_slug=chosen.plan.slug, number=chosen.number
        )
        as_of = commitment.scored_on or today
        breakdown = explain.score_breakdown(commitment, as_of=as_of)
        detector = explain.detector_from(verbs)
        measurability = explain.measurability_live(
            commitment, detector=detector, glossary=explain.glossary_entries(glossary)
        )
        context.update(
            example=commitment,
            as_of=as_of,
            breakdown=breakdown,
            measurability=[
                (str(explain.CRITERION_LABELS[r.code]), r, explain.reason_text(r.reason))
                for r in measurability
            ],
            measurability_count=rules.measurability_count(measurability),
            stored_matches=explain.matches_stored(commitment, breakdown),
            has_illustrative=commitment.cost_is_illustrative
            or any(m.is_illustrative for m in commitment.milestones.all())
            or any(i.is_illustrative for i in commitment.indicators.all()),
        )
    return render(request, "public/methodology.html", context)


@cache_public_page
def glossary(request: HttpRequest) -> HttpResponse:
    terms = selectors.glossary_terms()
    return render(
        request,
        "public/glossary.html",
        {"nav": "glossary", "terms": [t for t in terms if t.definition.strip()]},
    )
