from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("suivre/", views.subscribe, name="subscribe"),
    path("suivre/confirmer/<str:token>/", views.confirm, name="confirm"),
    path("suivre/desabonner/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
