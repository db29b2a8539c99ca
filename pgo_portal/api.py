"""The public API, version 1 (mounted at ``/api/v1/``): one router for every app.

Read-only and anonymous; see ``toolkit.api.support`` for pagination, CSV, conditional
requests, throttling and errors, and ``/api/v1/docs/`` for the documentation.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import path, re_path, reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from civilsociety.api import (
    AnswerView,
    AssessmentCreateView,
    AssessmentViewSet,
    OrganisationViewSet,
    QuestionViewSet,
    SelfAssessmentView,
)
from commitments.api import (
    AdministrationViewSet,
    ChangeViewSet,
    CommitmentViewSet,
    PlanViewSet,
    ScoreSnapshotViewSet,
)
from commitments.api.implementation import ImplementationView
from consultations.api import ConsultationViewSet, ProposalViewSet
from indicators.api import IndicatorViewSet, MeasurementCreateView, MeasurementViewSet
from milestones.api import (
    DelayExplanationView,
    MilestoneRevisionViewSet,
    MilestoneStatusView,
    MilestoneViewSet,
    RevisionDecisionView,
    RevisionRequestView,
)
from opendata.api import DownloadFileView, DownloadListView
from reports.api import ReportViewSet
from toolkit.api.base import ApiViewMixin
from toolkit.api.support import OrjsonRenderer, absolute_url

app_name = "api"

router = SimpleRouter()
router.register("plans", PlanViewSet, basename="plan")
router.register("administrations", AdministrationViewSet, basename="administration")
router.register("commitments", CommitmentViewSet, basename="commitment")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("measurements", MeasurementViewSet, basename="measurement")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("milestone-revisions", MilestoneRevisionViewSet, basename="milestone-revision")
router.register("score-snapshots", ScoreSnapshotViewSet, basename="score-snapshot")
router.register("changes", ChangeViewSet, basename="change")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("assessments", AssessmentViewSet, basename="assessment")
router.register("questions", QuestionViewSet, basename="question")
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register("proposals", ProposalViewSet, basename="proposal")
router.register("reports", ReportViewSet, basename="report")


class ApiRootView(ApiViewMixin, APIView):
    renderer_classes = (OrjsonRenderer,)

    @extend_schema(
        summary="Index de l'API",
        description="Les listes disponibles, les téléchargements, le schéma et la documentation.",
        responses={
            200: {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}}
        },
        tags=["index"],
    )
    def get(self, request):
        links = {
            prefix: absolute_url(reverse(f"api:{basename}-list"))
            for prefix, _viewset, basename in router.registry
        }
        links |= {
            "downloads": absolute_url(reverse("api:download-list")),
            "schema": absolute_url(reverse("api:schema")),
            "docs": absolute_url(reverse("api:docs")),
        }
        return Response(links)


def api_not_found(request, *args, **kwargs):
    """Any other path under /api/v1/: a JSON 404, never the site's HTML page."""
    return JsonResponse(
        {
            "detail": _("Aucune ressource à cette adresse. Voir %(docs)s")
            % {"docs": absolute_url(reverse("api:docs"))},
            "code": "not_found",
        },
        status=404,
        json_dumps_params={"ensure_ascii": False},
    )


# The write API: the same actions as the workspace forms, through the same services. Its URL
# names are outside the ``api`` namespace (``api-milestone-status``…), as they always were.
write_urlpatterns = [
    path(
        "milestones/<int:pk>/status/",
        MilestoneStatusView.as_view(),
        name="api-milestone-status",
    ),
    path(
        "milestones/<int:pk>/revisions/",
        RevisionRequestView.as_view(),
        name="api-milestone-revisions",
    ),
    path(
        "milestones/<int:pk>/delay-explanation/",
        DelayExplanationView.as_view(),
        name="api-milestone-delay-explanation",
    ),
    path(
        "milestone-revisions/<int:pk>/decision/",
        RevisionDecisionView.as_view(),
        name="api-milestone-revision-decision",
    ),
    path(
        "indicators/<int:pk>/measurements/",
        MeasurementCreateView.as_view(),
        name="api-indicator-measurements",
    ),
    path(
        "commitments/<int:pk>/implementation/",
        ImplementationView.as_view(),
        name="api-commitment-implementation",
    ),
    path(
        "commitments/<int:pk>/assessments/",
        AssessmentCreateView.as_view(),
        name="api-commitment-assessments",
    ),
    path(
        "commitments/<int:pk>/self-assessment/",
        SelfAssessmentView.as_view(),
        name="api-commitment-self-assessment",
    ),
    path("questions/<int:pk>/answer/", AnswerView.as_view(), name="api-question-answer"),
]


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI inside the site's layout (header, footer, ``lang``), from static files; its
    set-up script is a URL of its own (``?script``), so the Content-Security-Policy needs no
    inline script."""

    template_name = "api/docs.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.GET.get("script") is None:  # the page: it links the OpenAPI description
            response.data["schema_url"] = self._get_schema_url(request)
        return response


urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    *router.urls,
    path("downloads/", DownloadListView.as_view(), name="download-list"),
    re_path(
        r"^downloads/(?P<slug>[-a-zA-Z0-9_]{1,80})\.(?P<fmt>zip|json)$",
        DownloadFileView.as_view(),
        name="download-file",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    re_path(r"^[\s\S]*$", api_not_found),  # any path, even one with a newline
]
