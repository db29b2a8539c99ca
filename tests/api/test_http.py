"""HTTP behaviour: errors always JSON (400 for a bad parameter, never 500), conditional
requests, throttling per client with a higher limit for a token, CORS, pagination links."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils.http import http_date
from rest_framework.authtoken.models import Token

from commitments.models import Commitment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/commitments/?page=abc", "page"),
        ("/api/v1/commitments/?page=0", "page"),
        ("/api/v1/commitments/?page=-3", "page"),
        ("/api/v1/commitments/?page=99999999999999999999999", "page"),
        ("/api/v1/commitments/?page_size=0", "page_size"),
        ("/api/v1/commitments/?page_size=1001", "page_size"),
        ("/api/v1/commitments/?page_size=99999999999999999999999999", "page_size"),
        ("/api/v1/commitments/?page_size=ten", "page_size"),
        ("/api/v1/commitments/?updated_since=garbage", "updated_since"),
        ("/api/v1/commitments/?updated_since=2026-02-30", "updated_since"),
        ("/api/v1/commitments/?updated_since=0001-01-01T00:00:00", "updated_since"),
        ("/api/v1/commitments/?updated_since=9999-12-31T23:59:59-23:00", "updated_since"),
        ("/api/v1/commitments/?ordering=nonexistent", "ordering"),
        ("/api/v1/commitments/?ordering=progress,password", "ordering"),
        ("/api/v1/commitments/?plan=unknown", "plan"),
        ("/api/v1/commitments/?plan=pan-brouillon", "plan"),  # a draft plan is not public
        ("/api/v1/commitments/?plan=%3Cscript%3E", "plan"),
        ("/api/v1/commitments/?plan=a%00b", "plan"),
        ("/api/v1/commitments/?axis=inconnu", "axis"),
        ("/api/v1/commitments/?axis=999999999999999999999999", "axis"),
        ("/api/v1/commitments/?administration=nobody", "administration"),
        ("/api/v1/commitments/?status=forgotten", "status"),
        ("/api/v1/commitments/?late=maybe", "late"),
        ("/api/v1/commitments/?measurability_min=9", "measurability_min"),
        ("/api/v1/commitments/?measurability_min=1e400", "measurability_min"),
        ("/api/v1/commitments/?measurability_max=-1", "measurability_max"),
        ("/api/v1/commitments/?end_before=yesterday", "end_before"),
        ("/api/v1/commitments/?q=" + "x" * 201, "q"),
        ("/api/v1/commitments/?q=a%00b", "q"),
        ("/api/v1/commitments/?format=xml", "format"),
        ("/api/v1/milestones/?commitment=abc", "commitment"),
        ("/api/v1/milestones/?commitment=99999999999999999999", "commitment"),
        ("/api/v1/milestones/?commitment=123456", "commitment"),
        ("/api/v1/milestones/?due_after=2026-13-01", "due_after"),
        ("/api/v1/milestones/?status=done", "status"),
        ("/api/v1/milestones/?rescheduled=perhaps", "rescheduled"),
        ("/api/v1/measurements/?indicator=0", "indicator"),
        ("/api/v1/indicators/?kind=numeric", "kind"),
        ("/api/v1/plans/?active_on=someday", "active_on"),
        ("/api/v1/administrations/?kind=club", "kind"),
        ("/api/v1/changes/?object_type=membership", "object_type"),
        ("/api/v1/changes/?until=soon", "until"),
        ("/api/v1/score-snapshots/?date_after=x", "date_after"),
    ],
)
def test_a_bad_parameter_is_a_400_in_json_naming_it(api, world, url, parameter):
    response = api.get(url)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == "invalid_parameter"
    assert parameter in body["errors"]
    assert parameter in body["detail"]


def test_a_bad_parameter_with_format_csv_still_answers_in_json(api, world):
    response = api.get("/api/v1/commitments/", {"format": "csv", "plan": "unknown"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "plan" in response.json()["errors"]


def test_a_page_past_the_last_one_is_a_404_saying_how_many_pages_there_are(api, world):
    response = api.get("/api/v1/commitments/", {"page": 3, "page_size": 2})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert "2 page" in response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/commitments/abc/",
        "/api/v1/commitments/999999/",
        "/api/v1/nothing-here/",
        "/api/v1/commitments/99999999999999999999999999/",
        "/api/v1/commitments",
    ],
)
def test_unknown_addresses_are_a_404_in_json(api, world, url):
    response = api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_writes_are_refused_in_json(api, world):
    response = api.post("/api/v1/commitments/", {"title": "x"}, format="json")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert Commitment.objects.count() == 5


def test_an_unavailable_media_type_is_a_406_in_json(api, world):
    response = api.get("/api/v1/commitments/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"


def test_accept_text_csv_selects_the_csv(api, world):
    response = api.get("/api/v1/commitments/", HTTP_ACCEPT="text/csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_a_list_has_pagination_links_and_a_total(api, world):
    response = api.get("/api/v1/commitments/", {"page_size": 1, "page": 2})
    body = response.json()
    assert body["count"] == 4
    assert body["next"].endswith("page=3&page_size=1")
    assert body["previous"].endswith("?page_size=1")
    assert response["X-Total-Count"] == "4"
    assert 'rel="next"' in response["Link"] and 'rel="last"' in response["Link"]


def test_a_matching_etag_or_date_gives_304_and_a_change_gives_200(api, world):
    url = "/api/v1/commitments/"
    first = api.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified
    not_modified = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert api.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    Commitment.objects.filter(pk=world.done.pk).update(title="Un nouveau titre")
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    # the date moved forward, so a client that only kept the date sees the change too
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 200
    assert changed["Last-Modified"] != modified


def test_csv_and_json_have_their_own_etag(api, world):
    json_etag = api.get("/api/v1/milestones/")["ETag"]
    csv_etag = api.get("/api/v1/milestones/", {"format": "csv"})["ETag"]
    assert json_etag != csv_etag
    assert (
        api.get("/api/v1/milestones/", {"format": "csv"}, HTTP_IF_NONE_MATCH=csv_etag).status_code
        == 304
    )


def test_a_detail_answers_304_too(api, world):
    url = f"/api/v1/plans/{world.plan.pk}/"
    etag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    old = http_date(0)
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=old).status_code == 200


def set_rates(settings, anon, user):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": anon, "user": user},
    }


def test_past_the_limit_a_client_gets_429_with_retry_after(api, world, settings):
    set_rates(settings, "3/minute", "10/minute")
    for _ in range(3):
        assert api.get("/api/v1/plans/").status_code == 200
    response = api.get("/api/v1/plans/")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert 1 <= int(response["Retry-After"]) <= 60
    body = response.json()
    assert body["code"] == "throttled"
    assert body["retry_after"] == int(response["Retry-After"])
    # another client (another address) is not affected
    assert api.get("/api/v1/plans/", REMOTE_ADDR="192.0.2.7").status_code == 200
    # a forged X-Forwarded-For does not make a new client
    assert api.get("/api/v1/plans/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


def test_a_token_gives_a_higher_limit(api, world, settings):
    set_rates(settings, "2/minute", "5/minute")
    token = Token.objects.create(user=get_user_model().objects.create_user("veille"))
    for _ in range(2):
        assert api.get("/api/v1/plans/").status_code == 200
    assert api.get("/api/v1/plans/").status_code == 429
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    statuses = [api.get("/api/v1/plans/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_a_bad_token_is_a_401_in_json(api, world):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = api.get("/api/v1/plans/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_cors_is_open_for_reads(api, world):
    response = api.get("/api/v1/commitments/", HTTP_ORIGIN="https://veille.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = api.options(
        "/api/v1/commitments/",
        HTTP_ORIGIN="https://veille.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]


def test_the_documentation_is_served_without_any_cdn(api, db):
    page = api.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    schema = api.get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200
    assert "/api/v1/commitments/" in schema.json()["paths"]
