"""JSONRows: a relation read inside the main query as a sorted list of dicts."""

from __future__ import annotations

import pytest
from django.db.models import OuterRef

from commitments.models import Administration, Commitment, Partner
from tests.factories import AdministrationFactory, CommitmentFactory, PartnerFactory
from toolkit.api.json_rows import JSONRows

pytestmark = pytest.mark.django_db


def co_owners() -> JSONRows:
    return JSONRows(
        Administration.objects.filter(co_owned_commitments=OuterRef("pk")).values(
            "id", "slug", "name", "acronym"
        ),
        order_by=("name", "id"),
    )


def test_each_row_gets_its_related_rows_sorted_and_an_empty_list_when_none():
    first, second, lonely = CommitmentFactory(), CommitmentFactory(), CommitmentFactory()
    zeta = AdministrationFactory(slug="zeta", name="Zêta", acronym="Z")
    alpha = AdministrationFactory(slug="alpha", name="Alpha", acronym="")
    beta = AdministrationFactory(slug="beta", name="Bêta", acronym="B")
    first.co_owners.add(zeta, beta, alpha)  # added out of order
    second.co_owners.add(zeta)
    rows = {c.pk: c.co_owner_list for c in Commitment.objects.annotate(co_owner_list=co_owners())}
    assert rows[first.pk] == [
        {"id": alpha.pk, "slug": "alpha", "name": "Alpha", "acronym": ""},
        {"id": beta.pk, "slug": "beta", "name": "Bêta", "acronym": "B"},
        {"id": zeta.pk, "slug": "zeta", "name": "Zêta", "acronym": "Z"},
    ]
    assert rows[second.pk] == [{"id": zeta.pk, "slug": "zeta", "name": "Zêta", "acronym": "Z"}]
    assert rows[lonely.pk] == []


def test_null_values_and_text_survive_the_round_trip():
    commitment = CommitmentFactory()
    partner = PartnerFactory(name='Regards "Citoyens" <script>', website="")
    commitment.partners.add(partner)
    rows = JSONRows(
        Partner.objects.filter(commitments=OuterRef("pk")).values("id", "name", "website"),
        order_by=("name",),
    )
    found = Commitment.objects.annotate(partner_list=rows).get(pk=commitment.pk)
    assert found.partner_list == [
        {"id": partner.pk, "name": 'Regards "Citoyens" <script>', "website": ""}
    ]


@pytest.mark.parametrize(
    "queryset",
    [
        lambda: Administration.objects.all(),  # not a values()
        lambda: Commitment.objects.values("plan"),  # a column named plan_id
        lambda: Administration.objects.values("name"),  # sorting on an unread column
        lambda: Commitment.objects.values("id", "start_date"),  # a date would come back as text
        lambda: Commitment.objects.values("id", "cost_amount"),  # a decimal as a float
        lambda: Commitment.objects.values("id", "action_law"),  # a boolean as 0/1 on SQLite
    ],
)
def test_what_it_cannot_read_is_refused_when_declared(queryset):
    with pytest.raises(ValueError):
        JSONRows(queryset(), order_by=("id",))


def test_the_order_is_the_database_s_like_everywhere_else_on_the_site():
    commitment = CommitmentFactory()
    names = ["agence du numérique", "DINUM", "École nationale", "Ministère", "Ædile", "zèbre"]
    commitment.co_owners.add(
        *(AdministrationFactory(name=name, slug=f"a{n}") for n, name in enumerate(names))
    )
    found = Commitment.objects.annotate(co_owner_list=co_owners()).get(pk=commitment.pk)
    expected = list(
        commitment.co_owners.order_by("name", "id").values("id", "slug", "name", "acronym")
    )
    assert found.co_owner_list == expected
