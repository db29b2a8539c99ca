"""A published plan with commitments 1, 2 and 3; a coordinator and a contributor; and the
proposals file of a consultation as CSV text."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model

from commitments.models import Profile
from tests.factories import ActionPlanFactory, CommitmentFactory

HEADER = (
    "plan,consultation,consultation_debut,consultation_fin,consultation_lien,identifiant,titre,"
    "texte,auteur,type_auteur,lien,suite,motif,engagements"
)
CONSULTATION = (
    "pan-2015-2017,Consultation PAN 2015,2015-01-05,2015-02-28,https://consultation.example.fr"
)


def line(
    ident,
    title,
    outcome="retenue",
    reason="",
    numbers="1",
    author="Regards Citoyens",
    kind="organisation",
    url="https://consultation.example.fr/p/{id}",
) -> str:
    url = url.format(id=ident)
    return (
        f'{CONSULTATION},{ident},"{title}","Texte de {ident}",{author},{kind},{url},'
        f'{outcome},"{reason}","{numbers}"'
    )


def csv_file(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


GOOD = csv_file(
    line("P1", "Ouvrir les données des marchés publics", numbers="1"),
    line("P2", "Publier les avis d'attribution", outcome="fusionnée", numbers="1; 2"),
    line(
        "P3",
        "Créer un ministère de la transparence",
        outcome="non retenue",
        reason="Hors du champ du plan",
        numbers="",
        author="Anonyme42",
        kind="pseudonyme",
    ),
    line(
        "P4",
        "Supprimer le Sénat",
        outcome="non retenue",
        reason="Hors du champ du plan",
        numbers="",
        author="Zorglub",
        kind="pseudonyme",
        url="",
    ),
    line("P5", "Former les agents", outcome="à l'étude", numbers=""),
)


@pytest.fixture
def cast(db):
    plan = ActionPlanFactory(slug="pan-2015-2017", title="PAN 2015-2017")
    commitments = [CommitmentFactory(plan=plan, number=n) for n in (1, 2, 3)]
    users = get_user_model().objects
    coordinator = users.create_user("coord", email="coord@pgo.gouv.fr", password="pw")
    Profile.objects.create(user=coordinator, is_coordinator=True)
    contributor = users.create_user("alice", email="alice@mef.gouv.fr", password="pw")
    return SimpleNamespace(
        plan=plan, commitments=commitments, coordinator=coordinator, contributor=contributor
    )
