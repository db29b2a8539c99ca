from django.urls import path

from accounts import views as workspace
from civilsociety.views import workspace as civil_views
from consultations import views as consultation_views
from importexport import views as importexport_views
from indicators import views as indicator_views
from milestones import views as milestone_views
from reports import views as report_views

app_name = "workspace"

urlpatterns = [
    path("", workspace.home, name="home"),
    path("engagements/<int:pk>/", workspace.commitment, name="commitment"),
    path(
        "engagements/<int:pk>/mise-en-oeuvre/",
        workspace.implementation_edit,
        name="implementation",
    ),
    path("jalons/<int:pk>/", milestone_views.milestone_status_edit, name="milestone"),
    path(
        "jalons/<int:pk>/demande/",
        milestone_views.milestone_revision_new,
        name="milestone-revision",
    ),
    path(
        "jalons/<int:pk>/retard/", milestone_views.milestone_delay_explain, name="milestone-delay"
    ),
    path("indicateurs/<int:pk>/mesure/", indicator_views.measurement_add, name="measurement"),
    path("jeton/", workspace.api_token, name="api-token"),
    path("coordination/inviter/", workspace.invite, name="invite"),
    path("societe-civile/", civil_views.home, name="civilsociety"),
    path("engagements/<int:pk>/evaluation/", civil_views.assessment_new, name="assessment-new"),
    path(
        "engagements/<int:pk>/auto-evaluation/",
        civil_views.self_assessment_edit,
        name="self-assessment",
    ),
    path("questions/<int:pk>/reponse/", civil_views.answer, name="question-answer"),
    path("coordination/moderation/", civil_views.moderation, name="moderation"),
    path(
        "coordination/moderation/<str:kind>/<int:pk>/",
        civil_views.moderate,
        name="moderate",
    ),
    path("coordination/inviter-evaluateur/", civil_views.invite, name="reviewer-invite"),
    path("coordination/demandes/", milestone_views.revision_list, name="revisions"),
    path(
        "coordination/demandes/<int:pk>/",
        milestone_views.revision_decide,
        name="revision-decide",
    ),
    path("coordination/import/", importexport_views.plan_import, name="import"),
    path(
        "coordination/export/<slug:slug>.<str:fmt>", importexport_views.plan_export, name="export"
    ),
    path("coordination/rapports/", report_views.workspace_list, name="reports"),
    path("coordination/rapports/<int:pk>/", report_views.workspace_detail, name="report"),
    path(
        "coordination/rapports/<int:pk>/publier/",
        report_views.workspace_publish,
        name="report-publish",
    ),
    path(
        "coordination/rapports/<int:pk>/regenerer/",
        report_views.workspace_regenerate,
        name="report-regenerate",
    ),
    path(
        "coordination/rapports/<int:pk>/supprimer/",
        report_views.workspace_delete,
        name="report-delete",
    ),
    path(
        "coordination/rapports/<int:pk>/corriger/",
        report_views.workspace_correct,
        name="report-correct",
    ),
    path(
        "coordination/consultations/import/",
        consultation_views.proposals_import_page,
        name="proposals-import",
    ),
    path(
        "coordination/consultations/<slug:slug>/",
        consultation_views.proposals_manage,
        name="proposals-manage",
    ),
    path(
        "coordination/propositions/<int:pk>/",
        consultation_views.proposal_decide_page,
        name="proposal-decide",
    ),
    path(
        "coordination/consultations/<slug:slug>.<str:fmt>",
        consultation_views.proposals_export_page,
        name="proposals-export",
    ),
]
