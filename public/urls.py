from django.urls import path

from . import feeds, views
from .views import pages

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<slug:plan_slug>/", views.plan_detail, name="plan-detail"),
    path("plans/<slug:plan_slug>/flux.atom", feeds.feed_view(feeds.PlanFeed()), name="plan-feed"),
    path(
        "plans/<slug:plan_slug>/engagements/<int:number>/",
        views.commitment_detail,
        name="commitment-detail",
    ),
    path(
        "plans/<slug:plan_slug>/engagements/<int:number>/flux.atom",
        feeds.feed_view(feeds.CommitmentFeed()),
        name="commitment-feed",
    ),
    path("engagements/", views.commitment_list, name="commitment-list"),
    path("administrations/", views.administration_list, name="administration-list"),
    path("administrations/<slug:slug>/", views.administration_detail, name="administration-detail"),
    path(
        "administrations/<slug:slug>/flux.atom",
        feeds.feed_view(feeds.AdministrationFeed()),
        name="administration-feed",
    ),
    path("methode/", views.methodology, name="methodology"),
    path("glossaire/", views.glossary, name="glossary"),
    path("donnees-ouvertes/", pages.open_data, name="open-data"),
    path("accessibilite/", pages.accessibility, name="accessibility"),
    path("mentions-legales/", pages.legal_notice, name="legal-notice"),
    path("plan-du-site/", pages.sitemap, name="sitemap"),
    path("langue/", pages.language_switch, name="language"),
]
