"""Issue 15, item 8: nullable references were ``allOf`` + ``nullable`` without ``type``, which
strict OpenAPI 3.0 validators reject (32 of the demo's commitments failed). Every item of every
API list, on the demo data, now validates against its schema with openapi-schema-validator's
``OAS30Validator``."""

from __future__ import annotations

import pytest
from openapi_schema_validator import OAS30Validator

from reports.services import demo_report_publish
from sampledata.demo import demo_load
from scoring.recompute import scores_recompute
from tests.public.conftest import DEMO_AS_OF
from toolkit.api.schema_hooks import nullable_references

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo_load()
        scores_recompute(as_of=DEMO_AS_OF)
        demo_report_publish()  # what load_demo adds: a published report to Parliament


def _item_validators(document: dict) -> dict[str, OAS30Validator]:
    """For each list path, a strict validator of one item of its ``results``."""
    validators = {}
    schemas = document["components"]["schemas"]
    for path, operations in document["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path:
            continue
        content = get["responses"]["200"]["content"]["application/json"]["schema"]
        if "$ref" not in content:
            continue
        page = schemas[content["$ref"].rsplit("/", 1)[-1]]
        if "results" not in page.get("properties", {}):
            continue
        item = page["properties"]["results"]["items"]
        validators[path] = OAS30Validator({**item, "components": document["components"]})
    return validators


def test_every_item_of_every_list_validates_with_a_strict_openapi_30_validator(api, demo):
    document = api.get("/api/v1/schema/?format=json").json()
    assert document["openapi"].startswith("3.0")
    validators = _item_validators(document)
    index = api.get("/api/v1/").json()
    lists = [f"/api/v1/{name}/" for name in index if f"/api/v1/{name}/" in validators]
    assert len(lists) >= 9, lists  # plans, administrations, commitments, indicators, …
    checked = {}
    for path in lists:
        address, count = f"{path}?page_size=1000", 0
        while address:
            response = api.get(address)
            assert response.status_code == 200, (address, response.content[:300])
            body = response.json()
            for item in body["results"]:
                errors = [e.message for e in validators[path].iter_errors(item)]
                assert errors == [], (path, item.get("url"), errors[:3])
                count += 1
            address = body.get("next")  # the downloads list is not paginated
        checked[path] = count
    assert checked["/api/v1/commitments/"] == 26
    assert checked["/api/v1/milestones/"] > 26 and checked["/api/v1/indicators/"] > 0
    # the nullable references of the demo are there: commitments without an axis exist
    # the demo has no revision or civil-society data yet: those lists are walked but may be
    # empty here (demo data for them is a follow-up); it has a consultation and a report
    empty_in_demo = ("revision", "organisations", "assessments", "questions")
    assert all(
        checked[path] > 0 for path in checked if not any(n in path for n in empty_in_demo)
    ), checked


def test_the_downloads_list_validates_too(api, demo, settings, tmp_path):
    from opendata.bulk import opendata_regenerate

    settings.MEDIA_ROOT = tmp_path / "media"
    opendata_regenerate()
    document = api.get("/api/v1/schema/?format=json").json()
    ref = document["paths"]["/api/v1/downloads/"]["get"]["responses"]["200"]["content"]
    validator = OAS30Validator(
        {**ref["application/json"]["schema"], "components": document["components"]}
    )
    body = api.get("/api/v1/downloads/").json()
    assert body["results"][0]["files"]
    assert [e.message for e in validator.iter_errors(body)] == []


def test_a_nullable_reference_is_one_of_the_object_or_null():
    schema = {
        "components": {
            "schemas": {
                "C": {
                    "properties": {
                        "axis": {"allOf": [{"$ref": "#/components/schemas/Axis"}], "nullable": True}
                    }
                }
            }
        }
    }
    fixed = nullable_references(schema, None, None, True)
    axis = fixed["components"]["schemas"]["C"]["properties"]["axis"]
    assert axis == {
        "oneOf": [
            {"$ref": "#/components/schemas/Axis"},
            {"type": "object", "nullable": True, "enum": [None]},
        ]
    }
    validator = OAS30Validator(
        {
            **axis,
            "components": {
                "schemas": {"Axis": {"type": "object", "required": ["n"], "properties": {}}}
            },
        }
    )
    assert validator.is_valid(None) and validator.is_valid({"n": 1})
    assert not validator.is_valid({}) and not validator.is_valid("x")
