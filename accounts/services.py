"""Writes on accounts: API tokens."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from commitments.audit import audit_record


def api_token_regenerate(*, user) -> Token:
    """Create or replace the user's API token (the old one stops working). Audited."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        audit_record(
            instance=user,
            action="update",
            source="form",
            actor=user,
            changes={"api_token": ["…", "regenerated"]},
        )
    return token
