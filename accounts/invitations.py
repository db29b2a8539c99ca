"""Invitations: a coordinator makes someone a contributor of an administration; the person is
told by e-mail, in their language (a link to choose a password for a new account)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from commitments.audit import audit_record
from commitments.models import Administration, Membership, Profile, supported_language

# What an invitation did, for the coordinator's message.
INVITED = "invited"  # a link to choose a password was sent (new account, or never signed in)
ADDED = "added"  # an account in use, told by e-mail it may now update this administration
ALREADY = "already"  # already a member: nothing sent
INACTIVE = "inactive"  # the account is deactivated: made a member, nothing sent


def invite_contributor(*, email: str, administration: Administration, invited_by, request=None):
    """Make ``email`` a contributor of ``administration`` and tell them by e-mail: a new account
    (or one whose invitation was never accepted) gets a link to choose its password; an account
    in use that was not a member is told it may now update this administration's commitments.
    Returns (user, outcome), outcome one of INVITED, ADDED, ALREADY, INACTIVE. Audited."""
    email = email.strip().lower()
    with transaction.atomic():
        user, created = account_for(email=email, request=request)
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
    address = user.email or email  # an account found by its username may have no address
    if not user.is_active:
        return user, INACTIVE
    if created or not user.has_usable_password():
        # a new account, or an invitation never accepted: (re)send the link to set a password
        transaction.on_commit(lambda: _send_invitation(user, address, administration, invited_by))
        return user, INVITED
    if new_membership:
        transaction.on_commit(
            lambda: _send_membership_notice(user, address, administration, invited_by)
        )
        return user, ADDED
    return user, ALREADY


def account_for(*, email: str, request=None):
    """The account of ``email``, created without a usable password when there is none (the
    invitation's link lets its owner choose one). Returns (user, created). Shared by every kind
    of invitation (contributors here, civil-society reviewers in ``civilsociety``)."""
    User = get_user_model()
    email = email.strip().lower()
    user = (
        User.objects.filter(email__iexact=email).first()
        or User.objects.filter(username__iexact=email[:150]).first()
    )
    created = user is None
    if created:
        user = User(username=email[:150], email=email)
        user.set_unusable_password()
        user.save()
        Profile.objects.get_or_create(
            user=user, defaults={"language": getattr(request, "LANGUAGE_CODE", "fr")[:2]}
        )
    return user, created


def password_link(user) -> str:
    """The link that lets ``user`` choose a password (the password-reset token machinery)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", args=[uid, token])


def send_account_email(user, address: str, template: str, context: dict) -> None:
    """One plain-text e-mail to ``user`` from ``registration/<template>_{subject,email}.txt``,
    in their language."""
    _send(user, address, template, context)


def _recipient_language(user) -> str:
    profile = Profile.objects.filter(user=user).only("language").first()
    return supported_language(profile.language if profile else None)


def _send(user, address: str, template: str, context: dict) -> None:
    """One plain-text e-mail to ``user``, in their language."""
    with translation.override(_recipient_language(user)):
        subject = render_to_string(f"registration/{template}_subject.txt", context)
        message = EmailMultiAlternatives(
            # one line, whatever the administration's name holds (a header cannot break)
            subject=" ".join(subject.split()),
            body=render_to_string(f"registration/{template}_email.txt", context),
            to=[address],
        )
    message.send()


def _send_invitation(user, address: str, administration, invited_by) -> None:
    link = password_link(user)
    context = {
        "user": user,
        "administration": administration,
        "invited_by": invited_by,
        "link": link,
    }
    _send(user, address, "invitation", context)


def _send_membership_notice(user, address: str, administration, invited_by) -> None:
    context = {
        "user": user,
        "administration": administration,
        "invited_by": invited_by,
        "link": settings.SITE_URL + reverse("workspace:home"),
    }
    _send(user, address, "membership", context)
