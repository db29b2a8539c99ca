"""Limits on the e-mails anyone can make the portal send: password resets and invitations.

Counted in the database (``resilience.ratelimit``), so they hold during a cache outage. Over a
limit, the request gets a clear French message and nothing is sent.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth import views as auth
from django.forms import ValidationError
from django.utils.translation import gettext_lazy as _

from resilience.ratelimit import limit_check_and_hit

from .login import client_ip

HOUR = 3600
DAY = 24 * HOUR
RESET_PER_ADDRESS_PER_HOUR = 5  # requests from one client address
RESET_PER_EMAIL_PER_HOUR = 3  # requests for one e-mail address
INVITES_PER_COORDINATOR_PER_HOUR = 30
INVITES_PER_EMAIL_PER_DAY = 5


def _digest(value: str) -> str:
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()[:40]


def password_reset_allowed(request, email: str) -> bool:
    return limit_check_and_hit(
        [
            (f"reset:ip:{client_ip(request)}"[:120], RESET_PER_ADDRESS_PER_HOUR, HOUR),
            (f"reset:email:{_digest(email)}", RESET_PER_EMAIL_PER_HOUR, HOUR),
        ]
    )


def invitation_allowed(inviter_id: int, email: str) -> bool:
    return limit_check_and_hit(
        [
            (f"invite:by:{inviter_id}", INVITES_PER_COORDINATOR_PER_HOUR, HOUR),
            (f"invite:email:{_digest(email)}", INVITES_PER_EMAIL_PER_DAY, DAY),
        ]
    )


TOO_MANY_RESETS = _(
    "Trop de demandes de réinitialisation du mot de passe. Réessayez dans une heure."
)
TOO_MANY_INVITATIONS = _(
    "Trop d'invitations envoyées en peu de temps (%(per_hour)s par heure, %(per_day)s par jour "
    "pour une même adresse). Réessayez plus tard."
)


class RateLimitedPasswordResetView(auth.PasswordResetView):
    def form_valid(self, form):
        if not password_reset_allowed(self.request, form.cleaned_data["email"]):
            form.add_error(None, ValidationError(TOO_MANY_RESETS, code="too_many"))
            return self.form_invalid(form)
        return super().form_valid(form)
