"""API of civil society's part: the public lists (assessments, questions, organisations) and the
write endpoints (an assessment, the self-assessment, an answer)."""

from .read import (
    AssessmentSerializer,
    AssessmentViewSet,
    OrganisationSerializer,
    OrganisationViewSet,
    QuestionSerializer,
    QuestionViewSet,
    assessments_for_api,
    organisations_for_api,
    questions_for_api,
)
from .write import AnswerView, AssessmentCreateView, SelfAssessmentView

__all__ = [
    "AnswerView",
    "AssessmentCreateView",
    "AssessmentSerializer",
    "AssessmentViewSet",
    "OrganisationSerializer",
    "OrganisationViewSet",
    "QuestionSerializer",
    "QuestionViewSet",
    "SelfAssessmentView",
    "assessments_for_api",
    "organisations_for_api",
    "questions_for_api",
]
