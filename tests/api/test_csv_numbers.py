"""Issue 15, item 8: in the administrations CSV, list cells starting with "-" got the formula
guard (``'-17.90``) although they are numbers. The guard is for text only."""

from __future__ import annotations

import re

import pytest

from commitments.models import Commitment
from toolkit.api.csv_renderer import _cell, _leaf_cell, _pluck

from .test_csv import parse_csv

pytestmark = pytest.mark.django_db


def test_the_administrations_csv_has_no_guarded_number(api, world):
    """A score below zero (penalties above points) in one plan, ``-17.90 | 33.33``, was
    written ``'-17.90 | 33.33`` and read as text by spreadsheets."""
    from commitments.api.plans import AdministrationSerializer
    from toolkit.api.csv_renderer import csv_bytes

    rows = api.get("/api/v1/administrations/").json()["results"]
    row = next(r for r in rows if len(r["figures_by_plan"]) == 2)
    row["figures_by_plan"][0] |= {"score": "-17.90", "points": "-2.50"}
    row["totals"] |= {"score": "-17.90"}
    row["name"] = "-Ministère"  # text: guarded
    (cells,) = parse_csv(csv_bytes(AdministrationSerializer, [row]))
    assert cells["figures_by_plan.score"].startswith("-17.90 | ")
    assert cells["figures_by_plan.points"].startswith("-2.50 | ")
    assert cells["totals.score"] == "-17.90"
    assert cells["name"] == "'-Ministère"
    guarded_numbers = [
        (name, cell)
        for name, cell in cells.items()
        if re.fullmatch(r"'[-+][0-9][0-9. |eE+-]*", cell or "")
    ]
    assert guarded_numbers == []


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (-17.9, "-17.9"),
        ("-17.90", "-17.90"),  # a decimal rendered as text
        ("+3", "+3"),
        ("-1.5e3", "-1.5e3"),
        ("-17.90 | 3 | -0.5", "-17.90 | 3 | -0.5"),
        ("-2+3", "'-2+3"),
        ("-17.90 | =cmd", "'-17.90 | =cmd"),
        ("+33 1 23 45 67 89", "'+33 1 23 45 67 89"),
        ("=SUM(A1)", "'=SUM(A1)"),
        ("@pan", "'@pan"),
        ("-", "'-"),
        ("\t1", "'\t1"),
    ],
)
def test_the_guard_is_for_text_never_for_numbers(value, cell):
    assert _cell(value) == cell
    assert _leaf_cell(value) == cell


def test_a_list_of_negative_numbers_is_one_unguarded_cell_and_text_items_stay_guarded():
    assert _cell(_pluck({"p": [{"v": -17.9}, {"v": 2}]}, ("p", "*", "v"))) == "-17.9 | 2"
    assert _cell(_pluck({"v": [-1, 2.5]}, ("v",))) == "-1 | 2.5"
    assert _cell(_pluck({"v": ["=x", "y"]}, ("v",))) == "'=x | y"


def test_a_commitment_title_that_is_a_formula_is_still_guarded(api, world):
    Commitment.objects.filter(pk=world.done.pk).update(title="-2+3+cmd|' /C calc'!A0")
    rows = parse_csv(api.get("/api/v1/commitments/", {"format": "csv", "q": "FR0001"}).content)
    assert rows[0]["title"] == "'-2+3+cmd|' /C calc'!A0"
