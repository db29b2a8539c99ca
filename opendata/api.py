"""The bulk files of each published plan: their list, and the files themselves."""

from __future__ import annotations

from django.http import FileResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from commitments.api.shapes import PlanBriefSerializer
from commitments.models import ActionPlan
from toolkit.api.base import ApiViewMixin
from toolkit.api.support import LICENCE_NAME, LICENCE_URL, FastSerializer, OrjsonRenderer

from .bulk import download_file, opendata_downloads


class DownloadFileSerializer(FastSerializer):
    format = serializers.ChoiceField(choices=["zip", "json"])
    media_type = serializers.CharField()
    url = serializers.URLField()
    size = serializers.IntegerField(help_text="Taille en octets.")
    generated_at = serializers.DateTimeField(help_text="Date de génération.")


class PlanDownloadsSerializer(FastSerializer):
    plan = PlanBriefSerializer()
    files = DownloadFileSerializer(many=True, help_text="Vide tant que rien n'est généré.")
    licence_name = serializers.CharField()
    licence_url = serializers.URLField()


class DownloadListSerializer(FastSerializer):
    licence_name = serializers.CharField()
    licence_url = serializers.URLField()
    results = PlanDownloadsSerializer(many=True)


class FirstRendererNegotiation(BaseContentNegotiation):
    """A file is a file: whatever ``Accept`` says, answer with the file (or a JSON error)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return (renderers[0], renderers[0].media_type)


class DownloadListView(ApiViewMixin, APIView):
    renderer_classes = (OrjsonRenderer,)

    @extend_schema(
        summary="Téléchargements en masse",
        description="Pour chaque plan publié : une archive zip de fichiers CSV et un document "
        "JSON avec tout (plan, administrations, engagements, indicateurs, mesures, jalons, "
        "historique des scores, modifications), régénérés après chaque modification et chaque "
        "nuit, sous " + LICENCE_NAME + ".",
        responses=DownloadListSerializer,
        tags=["downloads"],
    )
    def get(self, request):
        data = {
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
            "results": opendata_downloads(),
        }
        return Response(DownloadListSerializer(data).data)


class DownloadFileView(ApiViewMixin, APIView):
    renderer_classes = (OrjsonRenderer,)
    content_negotiation_class = FirstRendererNegotiation

    @extend_schema(
        summary="Télécharger les données d'un plan",
        description="`zip` : un fichier CSV par liste de l'API ; `json` : un seul document.",
        responses={
            (200, "application/zip"): OpenApiTypes.BINARY,
            (200, "application/json"): OpenApiTypes.OBJECT,
        },
        tags=["downloads"],
    )
    def get(self, request, slug: str, fmt: str):
        if not ActionPlan.objects.filter(published=True, slug=slug).exists():
            raise NotFound(_("Plan inconnu ou non publié : « %(slug)s ».") % {"slug": slug})
        found = download_file(slug, fmt)
        if found is None:
            raise NotFound(_("Ce fichier n'est pas encore généré : réessayez plus tard."))
        stat = found.path.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        modified = int(stat.st_mtime)
        not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
        if not_modified is not None:
            return not_modified
        response = FileResponse(
            found.path.open("rb"),
            content_type=found.media_type,
            as_attachment=True,
            filename=f"pgo-{slug}.{fmt}",
        )
        response["ETag"] = etag
        response["Last-Modified"] = http_date(modified)
        response["Cache-Control"] = "public, max-age=0, must-revalidate"
        return response
