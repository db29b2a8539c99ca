from django.urls import path

from .views import public

app_name = "civilsociety"

urlpatterns = [
    path("organisations/", public.organisation_list, name="organisation-list"),
    path("organisations/<slug:slug>/", public.organisation_detail, name="organisation-detail"),
    path(
        "plans/<slug:plan_slug>/engagements/<int:number>/question/",
        public.question_new,
        name="question-new",
    ),
    path(
        "questions/confirmer/<str:token>/",
        public.question_confirm_view,
        name="question-confirm",
    ),
]
