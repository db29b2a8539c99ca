"""The consultations' public pages: counts, reasons, filters, a fixed number of queries; and on
each commitment's page, the proposals it comes from."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from consultations.importer import proposals_import

from .conftest import GOOD, csv_file, line

pytestmark = pytest.mark.django_db
PAGE = "/consultations/consultation-pan-2015/"


@pytest.fixture
def imported(cast):
    cache.clear()
    report = proposals_import(data=GOOD, filename="p.csv", actor=cast.coordinator)
    assert report.ok
    return cast


def test_the_list_shows_each_consultation_with_its_counts(imported, client):
    html = client.get("/consultations/").content.decode()
    assert "Consultation PAN 2015" in html
    assert "<td>5</td><td>1</td><td>1</td><td>2</td><td>1</td>" in html


def test_the_page_shows_counts_and_why_proposals_were_not_retained(imported, client):
    response = client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>5</strong> propositions" in html
    assert "<strong>1</strong> retenues" in html and "<strong>2</strong> non retenues" in html
    assert "Hors du champ du plan (2 propositions)" in html
    assert 'href="https://consultation.example.fr/p/P1"' in html
    assert f'href="/plans/pan-2015-2017/engagements/{imported.commitments[0].number}/"' in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("outcome=not_retained", ["P3 —", "P4 —"], ["P1 —", "P5 —"]),
        ("author_kind=organisation", ["P1 —", "P5 —"], ["P3 —"]),
        ("q=Sénat", ["P4 —"], ["P1 —"]),
    ],
)
def test_filters(imported, client, query, shown, hidden):
    html = client.get(f"{PAGE}?{query}").content.decode()
    assert all(s in html for s in shown) and not any(h in html for h in hidden)


def test_the_commitment_filter(imported, client):
    second = imported.commitments[1]
    html = client.get(f"{PAGE}?commitment={second.pk}").content.decode()
    assert "P2 —" in html and "P1 —" not in html and "1 proposition" in html


def test_a_bad_filter_is_a_clear_message(imported, client):
    html = client.get(f"{PAGE}?outcome=maybe").content.decode()
    assert "Filtre invalide" in html and "0 proposition" in html


def test_user_text_is_escaped(cast, client):
    cache.clear()
    data = csv_file(line("X1", "<script>alert(1)</script>", numbers="1"))
    assert proposals_import(data=data, filename="p.csv", actor=cast.coordinator).ok
    html = client.get(PAGE).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_a_draft_plans_consultation_is_not_public(imported, client):
    imported.plan.published = False
    imported.plan.save()
    cache.clear()
    assert client.get(PAGE).status_code == 404
    assert "Consultation PAN 2015" not in client.get("/consultations/").content.decode()


def test_the_commitment_page_names_the_proposals_it_comes_from(imported, client):
    first = imported.commitments[0]
    html = client.get(f"/plans/pan-2015-2017/engagements/{first.number}/").content.decode()
    assert "Propositions de la consultation à l&#x27;origine de cet engagement" in html or (
        "Propositions de la consultation à l'origine de cet engagement" in html
    )
    assert "Ouvrir les données des marchés publics" in html
    assert "Publier les avis d&#x27;attribution" in html
    third = imported.commitments[2]
    html = client.get(f"/plans/pan-2015-2017/engagements/{third.number}/").content.decode()
    assert 'id="propositions"' not in html


def _more(cast, n: int):
    lines = [line(f"Q{i}", f"Proposition {i}", numbers="1; 2") for i in range(n)]
    assert proposals_import(data=csv_file(*lines), filename="p.csv", actor=cast.coordinator).ok


@pytest.mark.parametrize("size", [3, 40])
def test_the_pages_run_a_fixed_number_of_queries(cast, client, django_assert_num_queries, size):
    _more(cast, size)
    cache.clear()
    # the consultations with their counts
    with django_assert_num_queries(1):
        client.get("/consultations/")
    cache.clear()
    # consultation with counts, reasons, commitments of the filter, count, page, commitments
    with django_assert_num_queries(6):
        client.get(PAGE)
    cache.clear()
    # the same, plus the commitment filter's check
    with django_assert_num_queries(7):
        client.get(f"{PAGE}?commitment={cast.commitments[0].pk}&outcome=retained")
