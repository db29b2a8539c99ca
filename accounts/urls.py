from django.contrib.auth import views as auth
from django.urls import path

from .limits import RateLimitedPasswordResetView
from .login import RateLimitedAuthenticationForm

urlpatterns = [
    path(
        "connexion/",
        auth.LoginView.as_view(
            authentication_form=RateLimitedAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("deconnexion/", auth.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/oubli/",
        RateLimitedPasswordResetView.as_view(
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path("mot-de-passe/envoye/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/change/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
