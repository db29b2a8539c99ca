"""Data and helpers shared by the tests of reminders."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from commitments.models import Membership, Profile
from milestones.models import Milestone
from reminders.models import ReminderOutbox
from tests.factories import (
    ActionPlanFactory,
    AdministrationFactory,
    CommitmentFactory,
    MilestoneFactory,
)

AS_OF = datetime.date(2016, 6, 24)  # a Friday
MONDAY = datetime.date(2016, 6, 27)
DAY = datetime.timedelta(days=1)
Kind = ReminderOutbox.Kind
Status = ReminderOutbox.Status


def make_member(administration, username, *, language=None, email=None, is_active=True, **kw):
    user = get_user_model().objects.create_user(
        username,
        email=f"{username}@administration.gouv.fr" if email is None else email,
        is_active=is_active,
    )
    if language is not None or kw:
        Profile.objects.create(user=user, language=language or "fr", **kw)
    if administration is not None:
        Membership.objects.create(user=user, administration=administration)
    return user


@pytest.fixture
def cast(db, settings):
    """A published plan; commitment 12 led by the MEF (Alice in French, Bob in English, Carol
    inactive) and co-owned by Etalab (Dave without a profile, one member without e-mail);
    a named contact; and an outsider administration with its own member."""
    settings.SITE_URL = "https://pgo.example.gouv.fr"
    settings.COORDINATION_EMAILS = ["coordination@pgo.gouv.fr"]
    plan = ActionPlanFactory(
        title="Plan d'action national 2015-2017", title_en="National action plan 2015-2017"
    )
    lead = AdministrationFactory(name="Ministère de l'Économie", acronym="MEF")
    co_owner = AdministrationFactory(name="Etalab")
    outsider = AdministrationFactory(name="Ministère de la Culture")
    commitment = CommitmentFactory(
        plan=plan,
        number=12,
        title="Ouvrir les données de la commande publique",
        title_en="Open public procurement data",
        lead_administration=lead,
        contact_name="Claire Responsable",
        contact_email="responsable@economie.gouv.fr",
    )
    commitment.co_owners.add(co_owner)
    return SimpleNamespace(
        plan=plan,
        lead=lead,
        co_owner=co_owner,
        commitment=commitment,
        alice=make_member(lead, "alice", language="fr"),
        bob=make_member(lead, "bob", language="en"),
        carol=make_member(lead, "carol", is_active=False),
        dave=make_member(co_owner, "dave"),
        no_email=make_member(co_owner, "sans-courriel", email=""),
        outsider=make_member(outsider, "olivier"),
    )


EXPECTED = {
    "alice@administration.gouv.fr",
    "bob@administration.gouv.fr",
    "dave@administration.gouv.fr",
    "responsable@economie.gouv.fr",
}


def due_in(cast, days: int, **kw) -> Milestone:
    due = AS_OF + datetime.timedelta(days=days)
    kw.setdefault("title", "Publier le rapport d'étape")
    return MilestoneFactory(commitment=cast.commitment, due_date=due, **kw)


def sent_to(outbox) -> dict[str, list]:
    result: dict[str, list] = {}
    for message in outbox:
        (recipient,) = message.to
        result.setdefault(recipient, []).append(message)
    return result
