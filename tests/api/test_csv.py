"""CSV: every list, the same filters, the same rows and values as the JSON, and a file a
spreadsheet opens cleanly (UTF-8 with BOM, one header row, formulas neutralised)."""

from __future__ import annotations

import csv
import io

import pytest

from commitments.models import Commitment

pytestmark = pytest.mark.django_db

ENDPOINTS = (
    "plans",
    "administrations",
    "commitments",
    "indicators",
    "measurements",
    "milestones",
    "milestone-revisions",
    "score-snapshots",
    "changes",
)


def parse_csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def flat(value, prefix=""):
    """The JSON object flattened as the CSV does it."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            out |= flat(item, f"{prefix}{key}.")
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        keys = dict.fromkeys(k for v in value for k in v)
        return {f"{prefix}{k}": " | ".join(cell(v.get(k)) for v in value) for k in keys}
    if isinstance(value, list):
        return {prefix[:-1]: " | ".join(cell(v) for v in value)}
    return {prefix[:-1]: cell(value)}


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return str(value)


def same_number(a: str, b: str) -> bool:
    """Decimals print as stored in CSV (5.00) and as numbers in JSON (5.0)."""
    left, right = a.split(" | "), b.split(" | ")
    try:
        return len(left) == len(right) and all(
            float(x) == float(y) for x, y in zip(left, right, strict=True)
        )
    except ValueError:
        return False


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("params", [{}, {"plan": "pan-2015-2017"}])
def test_csv_and_json_agree_row_by_row(api, world, endpoint, params):
    as_json = api.get(f"/api/v1/{endpoint}/", params).json()["results"]
    response = api.get(f"/api/v1/{endpoint}/", {**params, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="pgo-{endpoint}.csv"'
    rows = parse_csv(response.content)
    assert len(rows) == len(as_json) == int(response["X-Total-Count"])
    for row, obj in zip(rows, as_json, strict=True):
        expected = flat(obj)
        for column, value in row.items():
            if column in expected:
                assert value == expected[column] or same_number(value, expected[column]), column
            else:  # a nested list that is empty in JSON: its columns exist, empty
                assert value == "", column


def test_the_header_comes_from_the_fields_even_for_an_empty_list(api, world):
    rows = api.get("/api/v1/commitments/", {"format": "csv", "q": "introuvable"}).content
    header = rows.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:4] == ["id", "url", "page_url", "plan.id"]
    assert {"cost.amount", "cost.is_illustrative", "co_owners.slug", "status"} <= set(header)
    assert "measurability_failures.reason" in header


def test_a_csv_holds_every_matching_row_unless_paging_is_asked(api, world):
    everything = parse_csv(api.get("/api/v1/milestones/", {"format": "csv"}).content)
    assert len(everything) == 8  # more than one default page would hold: no silent cut
    page = api.get("/api/v1/milestones/", {"format": "csv", "page_size": 3, "page": 2})
    assert len(parse_csv(page.content)) == 3
    assert page["X-Total-Count"] == "8"
    assert 'rel="next"' in page["Link"]


def test_a_csv_too_large_is_refused_with_a_way_forward(api, world, settings):
    settings.API_CSV_MAX_ROWS = 5
    response = api.get("/api/v1/milestones/", {"format": "csv"})
    assert response.status_code == 400
    assert "/api/v1/downloads/" in response.json()["detail"]
    assert (
        api.get("/api/v1/milestones/", {"format": "csv", "plan": "pan-2024-2026"}).status_code
        == 200
    )


def test_a_cell_that_looks_like_a_formula_is_neutralised(api, world):
    Commitment.objects.filter(pk=world.done.pk).update(title='=HYPERLINK("http://evil")')
    rows = parse_csv(api.get("/api/v1/commitments/", {"format": "csv", "q": "FR0001"}).content)
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil")'
    negative = parse_csv(
        api.get("/api/v1/commitments/", {"format": "csv", "status": "late"}).content
    )
    assert float(negative[0]["penalty"]) == 5.0  # numbers are never prefixed


def test_one_object_in_csv_is_one_row(api, world):
    response = api.get(f"/api/v1/commitments/{world.late.pk}/", {"format": "csv"})
    rows = parse_csv(response.content)
    assert [r["id"] for r in rows] == [str(world.late.pk)]
    assert rows[0]["co_owners.slug"] == "dinum"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_generated_cells_are_those_of_the_plain_rule(api, world, endpoint):
    from django.urls import resolve

    from toolkit.api.csv_renderer import _cell, _columns_of, _pluck, _row_of

    view = resolve(f"/api/v1/{endpoint}/").func
    serializer_class = view.cls.serializer_class
    rows = api.get(f"/api/v1/{endpoint}/").json()["results"]
    assert rows
    columns = _columns_of(serializer_class)
    cells = _row_of(serializer_class)
    for row in rows:
        assert cells(row) == [_cell(_pluck(row, path)) for _header, path in columns]


def test_the_generated_cells_handle_odd_values_like_the_plain_rule(api, world):
    from commitments.api.commitments import CommitmentSerializer
    from toolkit.api.csv_renderer import _cell, _columns_of, _pluck, _row_of

    row = api.get(f"/api/v1/commitments/{world.late.pk}/").json()
    row |= {
        "title": '=HYPERLINK("http://x")',
        "summary": "-1",
        "number": -3,
        "axis": None,
        "plan": {"id": 1, "slug": "@pan", "title": None},
        "ogp_values": ["=a", "b"],
        "co_owners": [{"id": 1, "slug": "+x", "name": None, "acronym": "", "page_url": None}],
        "score": 12.5,
        "measurability_failures": [],
    }
    expected = [_cell(_pluck(row, path)) for _header, path in _columns_of(CommitmentSerializer)]
    assert _row_of(CommitmentSerializer)(row) == expected
    assert """'=HYPERLINK("http://x")""" in expected and "'@pan" in expected
