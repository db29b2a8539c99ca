"""Public read API: the published reports to Parliament (drafts never), with the links to
their HTML page, PDF, ODT and data. JSON or CSV, filtered, paginated, ``updated_since``."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from toolkit.api.base import PublicReadOnlyViewSet
from toolkit.api.support import FastSerializer, absolute_url

from .filters import ReportFilterSet
from .models import Report


class ReportSerializer(FastSerializer):
    id = serializers.IntegerField(help_text="Identifiant stable.")
    plan = serializers.SlugField(source="plan.slug", help_text="Le plan dont il rend compte.")
    kind = serializers.ChoiceField(
        choices=Report.Kind.choices, help_text="Annuel, de fin de plan ou période choisie."
    )
    period_start = serializers.DateField(help_text="Début de la période.")
    period_end = serializers.DateField(
        help_text="Fin de la période : tous les chiffres sont calculés à cette date."
    )
    version = serializers.IntegerField(help_text="1, puis 2, 3… pour chaque correction.")
    corrects = serializers.IntegerField(
        source="corrects_id",
        allow_null=True,
        help_text="Identifiant du rapport que cette version corrige (vide sinon).",
    )
    correction_note = serializers.CharField(help_text="Ce que la correction corrige (public).")
    method_version = serializers.CharField(help_text="Version de la méthode de calcul.")
    published_at = serializers.DateTimeField(help_text="Publication ; le rapport ne change plus.")
    sha256 = serializers.CharField(
        source="data_sha256", help_text="Empreinte SHA-256 des données du rapport (JSON)."
    )
    page_url = serializers.SerializerMethodField(help_text="La page du rapport (HTML).")
    pdf_url = serializers.SerializerMethodField(help_text="Le rapport en PDF.")
    odt_url = serializers.SerializerMethodField(help_text="Le rapport en ODT (modifiable).")
    data_url = serializers.SerializerMethodField(
        help_text="Les données du rapport (JSON), dont l'empreinte est sha256."
    )

    def get_page_url(self, obj: Report) -> str:
        return absolute_url(f"/rapports/{obj.pk}/")

    def get_pdf_url(self, obj: Report) -> str:
        return absolute_url(f"/rapports/{obj.pk}/rapport.pdf")

    def get_odt_url(self, obj: Report) -> str:
        return absolute_url(f"/rapports/{obj.pk}/rapport.odt")

    def get_data_url(self, obj: Report) -> str:
        return absolute_url(f"/rapports/{obj.pk}/donnees.json")


def reports_for_api() -> QuerySet[Report]:
    """Published reports of published plans, without their stored files; one query per page."""
    return (
        Report.objects.filter(status=Report.Status.PUBLISHED, plan__published=True)
        .select_related("plan")
        .defer("data", "html", "pdf", "odt")
        .order_by("id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Rapports au Parlement publiés",
        description=(
            "Chaque rapport publié (jamais les brouillons) : sa période, sa version et ce "
            "qu'elle corrige, l'empreinte SHA-256 de ses données et les liens vers sa page, "
            "son PDF, son ODT et ses données."
        ),
        tags=["rapports"],
    ),
    retrieve=extend_schema(summary="Un rapport publié", tags=["rapports"]),
)
class ReportViewSet(PublicReadOnlyViewSet):
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet

    def get_queryset(self):
        return reports_for_api()
