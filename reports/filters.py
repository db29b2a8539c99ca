"""The FilterSet of the published reports list (API and bulk files)."""

from __future__ import annotations

import django_filters as df
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from commitments.filters import plan_filter
from toolkit.filters import PublicFilterSet, StableOrderingFilter, since_filter

from .models import Report


class ReportFilterSet(PublicFilterSet):
    plan = plan_filter("plan")
    kind = df.ChoiceFilter(
        choices=Report.Kind.choices,
        label=_("type"),
        help_text=_("Rapport annuel, de fin de plan ou sur une période choisie."),
    )
    # a published report never changes: its publication is its last change
    updated_since = since_filter("published_at")
    ordering = StableOrderingFilter(
        fields=(
            ("id", "id"),
            ("period_end", "period_end"),
            ("published_at", "published_at"),
        ),
        label=_("tri"),
        help_text=_("Tri ; par défaut par identifiant (ordre de création)."),
    )

    class Meta:
        model = Report
        fields: list[str] = []

    @classmethod
    def public_queryset(cls) -> QuerySet:
        return Report.objects.filter(status=Report.Status.PUBLISHED, plan__published=True)
