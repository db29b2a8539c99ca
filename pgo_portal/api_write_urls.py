from django.urls import path

from . import api_write

urlpatterns = [
    path(
        "milestones/<int:pk>/status/",
        api_write.MilestoneStatusView.as_view(),
        name="api-milestone-status",
    ),
    path(
        "indicators/<int:pk>/measurements/",
        api_write.MeasurementCreateView.as_view(),
        name="api-indicator-measurements",
    ),
    path(
        "commitments/<int:pk>/implementation/",
        api_write.ImplementationView.as_view(),
        name="api-commitment-implementation",
    ),
]
