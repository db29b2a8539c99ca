"""Addresses of the open data served beside the API (wired by ``pgo_portal.urls``)."""

from django.urls import path, re_path

from . import views

app_name = "opendata"

# a package file: its descriptor, a CSV file of one list, or the read-me
PACKAGE_FILE = r"(?P<file>datapackage\.json|LISEZMOI\.txt|[a-z][-a-z]{0,40}\.csv)"

urlpatterns = [
    path("schemas/", views.schema_index, name="schema-index"),
    re_path(
        r"^schemas/(?P<name>[a-z][-a-z]{0,40})/(?P<version>latest|[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4})/"
        r"(?P<file>schema\.json|README\.md|CHANGELOG\.md)$",
        views.schema_file,
        name="schema-file",
    ),
    path("donnees-ouvertes/catalogue.jsonld", views.catalogue, name="catalogue"),
    re_path(
        r"^donnees-ouvertes/plans/(?P<slug>[-a-zA-Z0-9_]{1,80})/" + PACKAGE_FILE + "$",
        views.plan_file,
        name="plan-file",
    ),
    path(
        "donnees-ouvertes/tous-les-plans/pgo-tous-les-plans.zip",
        views.all_plans_zip,
        name="all-plans-zip",
    ),
    re_path(
        r"^donnees-ouvertes/tous-les-plans/" + PACKAGE_FILE + "$",
        views.all_plans_file,
        name="all-plans-file",
    ),
]
