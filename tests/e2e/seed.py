"""The data of the end-to-end test, written into the stack's own database by a process of the
stack (``python -m tests.e2e.seed``, same settings and environment as the services).

A published plan running today, one administration, a contributor of it with an API token, and
two commitments: one measured by an indicator only (its progress is the indicator's, so a new
measurement moves it) and one with a milestone due in seven days (a reminder is due today).
The scores and the plan's bulk files are computed once, as the nightly jobs would have. Prints
one JSON line with what the test needs.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal


def seed() -> dict:
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from commitments.models import Membership
    from opendata.bulk import opendata_regenerate
    from scoring.recompute import scores_recompute
    from tests.factories import (
        ActionPlanFactory,
        AdministrationFactory,
        CommitmentFactory,
        IndicatorFactory,
        MilestoneFactory,
    )

    today = timezone.localdate()
    plan = ActionPlanFactory(
        slug="pan-e2e",
        period_start=today - datetime.timedelta(days=365),
        period_end=today + datetime.timedelta(days=365),
    )
    administration = AdministrationFactory()
    measured = CommitmentFactory(
        plan=plan, number=1, lead_administration=administration, title="Ouvrir les données"
    )
    indicator = IndicatorFactory(
        commitment=measured,
        baseline_value=Decimal(0),
        baseline_date=plan.period_start,
        target_value=Decimal(100),
        target_date=plan.period_end,
    )
    with_milestone = CommitmentFactory(
        plan=plan, number=2, lead_administration=administration, title="Publier le décret"
    )
    milestone = MilestoneFactory(
        commitment=with_milestone,
        title="Publier le décret d'application",
        due_date=today + datetime.timedelta(days=7),
    )
    contributor = get_user_model().objects.create_user(
        "contributrice", "contributrice@ministere.gouv.fr", "Un-Mot-de-Passe-Solide-42"
    )
    Membership.objects.create(user=contributor, administration=administration)
    token = Token.objects.create(user=contributor)
    scores_recompute(as_of=today, commitment_ids=None)
    opendata_regenerate(plan_ids=[plan.pk])
    return {
        "plan": plan.slug,
        "administration": administration.slug,
        "commitment": measured.pk,
        "commitment_number": measured.number,
        "indicator": indicator.pk,
        "milestone_title": milestone.title,
        "contributor_email": contributor.email,
        "token": token.key,
        "today": today.isoformat(),
    }


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(seed()))
