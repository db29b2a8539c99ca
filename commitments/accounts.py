"""Accounts: a log-in form that slows down password guessing, and invitations by e-mail."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.forms import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from .audit import audit_record
from .models import Administration, Membership, Profile

LOGIN_MAX_FAILURES = 5
LOGIN_WINDOW_SECONDS = 15 * 60


def _client_ip(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "unknown") if request else "unknown"


def _keys(request, username: str) -> list[str]:
    name = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    return [f"pgo:login-fail:user:{name}", f"pgo:login-fail:ip:{_client_ip(request)}"]


class RateLimitedAuthenticationForm(AuthenticationForm):
    """After 5 failed attempts for one account (or from one address) in 15 minutes, further
    attempts are refused without checking the password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "too_many": _(
            "Trop de tentatives de connexion échouées. Réessayez dans 15 minutes ou "
            "réinitialisez votre mot de passe."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "fr-input")

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        keys = _keys(self.request, username)
        if any((cache.get(key) or 0) >= LOGIN_MAX_FAILURES for key in keys):
            raise ValidationError(self.error_messages["too_many"], code="too_many")
        try:
            return super().clean()
        except ValidationError:
            for key in keys:
                if not cache.add(key, 1, LOGIN_WINDOW_SECONDS):
                    try:
                        cache.incr(key)
                    except ValueError:
                        cache.set(key, 1, LOGIN_WINDOW_SECONDS)
            raise


def invite_contributor(*, email: str, administration: Administration, invited_by, request=None):
    """Make ``email`` a contributor of ``administration``; a new account gets a link to choose
    its password. Returns (user, created). Audited."""
    User = get_user_model()
    email = email.strip().lower()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User(username=email[:150], email=email)
            user.set_unusable_password()
            user.save()
            Profile.objects.get_or_create(
                user=user, defaults={"language": getattr(request, "LANGUAGE_CODE", "fr")[:2]}
            )
        membership, new_membership = Membership.objects.get_or_create(
            user=user, administration=administration
        )
        if new_membership:
            audit_record(
                instance=membership,
                action="create",
                source="form",
                actor=invited_by,
                changes={"user": [None, email], "administration": [None, administration.slug]},
            )
    if created:
        transaction.on_commit(lambda: _send_invitation(user, administration, invited_by))
    return user, created


def _send_invitation(user, administration, invited_by) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])
    context = {
        "user": user,
        "administration": administration,
        "invited_by": invited_by,
        "link": link,
    }
    message = EmailMultiAlternatives(
        subject=render_to_string("registration/invitation_subject.txt", context).strip(),
        body=render_to_string("registration/invitation_email.txt", context),
        to=[user.email],
    )
    message.send()
