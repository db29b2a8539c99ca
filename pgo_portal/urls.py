from django.contrib import admin
from django.urls import include, path

from accounts.login import RateLimitedAdminAuthenticationForm
from toolkit.health import healthz

from .api import write_urlpatterns as api_write_urls

admin.site.login_form = RateLimitedAdminAuthenticationForm
admin.site.site_header = "Portail PGO — administration"
admin.site.site_title = "Portail PGO"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_write_urls)),
    path("api/v1/", include("pgo_portal.api")),
    path("compte/", include("accounts.urls")),
    path("espace/", include("pgo_portal.workspace_urls")),
    path("", include("opendata.urls")),
    path("", include("civilsociety.urls")),
    path("", include("reports.urls")),
    path("", include("subscriptions.urls")),
    path("", include("consultations.urls")),
    path("", include("public.urls")),
]

handler404 = "public.views.pages.page_not_found"
handler500 = "public.views.pages.server_error"
