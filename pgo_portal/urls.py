from django.contrib import admin
from django.urls import include, path

from .health import healthz

admin.site.site_header = "Portail PGO — administration"
admin.site.site_title = "Portail PGO"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("compte/", include("pgo_portal.accounts_urls")),
    path("espace/", include("pgo_portal.workspace_urls")),
    path("", include("commitments.urls")),
]
