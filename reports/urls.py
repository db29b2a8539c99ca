from django.urls import path

from toolkit.cache import cache_public_page

from . import feeds, views

app_name = "reports"

urlpatterns = [
    path("rapports/", views.archive, name="archive"),
    path("rapports/flux.atom", cache_public_page(feeds.ReportsFeed()), name="feed"),
    path("rapports/<int:pk>/", views.detail, name="detail"),
    path("rapports/<int:pk>/rapport.pdf", views.download, {"fmt": "pdf"}, name="pdf"),
    path("rapports/<int:pk>/rapport.odt", views.download, {"fmt": "odt"}, name="odt"),
    path("rapports/<int:pk>/donnees.json", views.data, name="data"),
]
