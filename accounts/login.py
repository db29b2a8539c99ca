"""Log-in that slows down password guessing: per account and address, and per address.

The failures are counted in the database (``resilience.ratelimit``), not in the cache: a Redis
outage must neither stop log-in nor lift the limits."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.forms import ValidationError
from django.utils.translation import gettext_lazy as _

from resilience.ratelimit import limit_hit, limit_reached

LOGIN_WINDOW_SECONDS = 15 * 60
# Failures allowed per window: for one account from one address, and from one address in all.
LOGIN_MAX_FAILURES = 5
LOGIN_MAX_FAILURES_PER_ADDRESS = 30


def client_ip(request) -> str:
    """The client's address; behind ``API_NUM_PROXIES`` trusted proxies, taken from
    X-Forwarded-For (the address the nearest trusted proxy saw), never from the client's say."""
    if request is None:
        return "unknown"
    proxies = int(getattr(settings, "API_NUM_PROXIES", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR") or "unknown"


def _keys(request, username: str) -> list[tuple[str, int, int]]:
    ip = client_ip(request)
    name = hashlib.sha256(f"{(username or '').strip().lower()}|{ip}".encode()).hexdigest()[:40]
    return [
        (f"login-fail:account:{name}", LOGIN_MAX_FAILURES, LOGIN_WINDOW_SECONDS),
        (f"login-fail:ip:{ip}"[:120], LOGIN_MAX_FAILURES_PER_ADDRESS, LOGIN_WINDOW_SECONDS),
    ]


class RateLimitedLoginMixin:
    """After 5 failed attempts for one account from one address (or 30 from one address) in 15
    minutes, further attempts are refused without checking the password. Counting per account
    *and* address means nobody can lock a named person out from elsewhere."""

    too_many_message = _(
        "Trop de tentatives de connexion échouées. Réessayez dans 15 minutes ou "
        "réinitialisez votre mot de passe."
    )

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        keys = _keys(self.request, username)
        if limit_reached(keys):
            raise ValidationError(self.too_many_message, code="too_many")
        try:
            return super().clean()
        except ValidationError:
            limit_hit(keys)
            raise


class RateLimitedAuthenticationForm(RateLimitedLoginMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "fr-input")


class RateLimitedAdminAuthenticationForm(RateLimitedLoginMixin, AdminAuthenticationForm):
    """The Django admin's log-in, with the same limits as the site's."""
