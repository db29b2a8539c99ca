"""The coordination team's consultation pages (import, a consultation's proposals, a decision)
run a fixed number of SQL queries whatever the number of consultations, proposals and linked
commitments."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consultations.importer import proposals_import
from consultations.models import Consultation, Proposal
from tests.factories import CommitmentFactory

from .conftest import csv_file, line

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def fill(cast, size: int) -> None:
    """``size`` consultations, of which the first holds ``size`` proposals of every outcome,
    each retained or merged one linked to ``size`` commitments."""
    for n in range(4, 4 + size):
        cast.commitments.append(CommitmentFactory(plan=cast.plan, number=n))
    numbers = "; ".join(str(c.number) for c in cast.commitments[:size])
    outcomes = ["retenue", "fusionnée", "à l'étude"]
    lines = [
        line(f"P{i:03}", f"Proposition {i}", outcome=outcomes[i % 3], numbers=numbers)
        if outcomes[i % 3] != "à l'étude"
        else line(f"P{i:03}", f"Proposition {i}", outcome="à l'étude", numbers="")
        for i in range(size)
    ]
    lines.append(
        line("PX", "Non retenue", outcome="non retenue", reason="Hors du champ", numbers="")
    )
    report = proposals_import(data=csv_file(*lines), filename="p.csv", actor=cast.coordinator)
    assert report.ok, report.lines()
    first = Consultation.objects.get()
    for n in range(1, size):
        Consultation.objects.create(
            plan=cast.plan,
            slug=f"autre-{n}",
            name=f"Autre {n}",
            start_date=first.start_date,
            end_date=first.end_date,
        )


def counts(cast, client) -> dict[str, int]:
    consultation = Consultation.objects.get(slug="consultation-pan-2015")
    merged = Proposal.objects.filter(consultation=consultation, outcome="merged").first()
    return {
        "import": queries(client, "/espace/coordination/consultations/import/"),
        "manage": queries(client, f"/espace/coordination/consultations/{consultation.slug}/"),
        "decide": queries(client, f"/espace/coordination/propositions/{merged.pk}/"),
    }


@pytest.mark.parametrize("size", [2, 15])
def test_the_workspace_pages_run_a_fixed_number_of_queries(cast, client, size):
    fill(cast, size)
    client.force_login(cast.coordinator)
    # session, user, profile (coordinator?), then: the consultations (with their plans) | the
    # consultation, its proposals, their commitments | the proposal, its commitments, the
    # plan's commitments
    assert counts(cast, client) == {"import": 4, "manage": 6, "decide": 6}
