"""Two first recordings of the same indicator on the same date, at the same moment (PostgreSQL,
two connections): the second corrects the first, as a later one would, on every path. Before
the fix both found no row, both inserted, and the second broke the unique constraint (a 500).

Each request is held, after it looked for the day's measurement and before it writes, until
the other one got there too (or 2 s passed): without the lock both pass the look-up together,
which is exactly the race; with it the second waits for the first's commit.
"""

from __future__ import annotations

import contextlib
import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from commitments.models import AuditRecord
from indicators.models import Measurement
from tests.factories import IndicatorFactory, cast_of_users

pytestmark = pytest.mark.django_db(transaction=True)
YESTERDAY = datetime.date.today() - datetime.timedelta(days=1)


def _api_post(user, indicator, value):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(
        f"/api/v1/indicators/{indicator.pk}/measurements/",
        {"date": YESTERDAY.isoformat(), "value": value},
        format="json",
    )
    return response.status_code


def _form_post(user, indicator, value):
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("workspace:measurement", kwargs={"pk": indicator.pk}),
        {"date": YESTERDAY.isoformat(), "value": value, "source": "", "comment": ""},
    )
    return response.status_code


@pytest.mark.parametrize(
    ("path", "post", "statuses"),
    [("api", _api_post, [200, 201]), ("form", _form_post, [302, 302])],
)
def test_two_simultaneous_first_recordings_make_one_measurement_corrected_once(
    postgres, monkeypatch, path, post, statuses
):
    indicator = IndicatorFactory()
    owner = cast_of_users(indicator.commitment)["owner"]
    # Both threads' first use of the token table / session must not be the race itself.
    Token.objects.get_or_create(user=owner)

    barrier = threading.Barrier(2)
    original_full_clean = Measurement.full_clean

    def full_clean_after_both_looked(self, *args, **kwargs):
        # a broken barrier: the other request is queued behind this one's lock (the fix)
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=2)
        return original_full_clean(self, *args, **kwargs)

    monkeypatch.setattr(Measurement, "full_clean", full_clean_after_both_looked)
    results: list = []

    def request(value):
        try:
            results.append((value, post(owner, indicator, value)))
        except BaseException as exc:
            results.append((value, exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(v,)) for v in ("10", "12")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(str(status) for _v, status in results) == [str(s) for s in statuses], results
    measurement = Measurement.objects.get(indicator=indicator, date=YESTERDAY)
    # the one that came second corrected the first
    audits = list(
        AuditRecord.objects.filter(object_type="measurement").order_by("pk").values_list("action")
    )
    assert audits == [("create",), ("update",)]
    assert measurement.value in (Decimal("10"), Decimal("12"))
