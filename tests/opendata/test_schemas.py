"""The Table Schemas of the bulk CSV files: generated from the serializers, FilterSets and
models that write the files, described in French and English, published in schemas/ with a
version that changes only with a CHANGELOG entry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import frictionless
import pytest
from django.conf import settings
from django.utils import translation

from commitments.filters import STATUS_CHOICES
from milestones.models import Milestone
from opendata.resources import resources
from opendata.tableschema import build, publish, registry
from opendata.tableschema.columns import columns_of
from toolkit.api.csv_renderer import csv_headers

REPOSITORY = Path(settings.BASE_DIR) / "schemas"


def schema_fields(name: str) -> dict[str, dict]:
    schema = registry.committed_schema(name)
    assert schema is not None, f"schemas/{name}/schema.json is missing: run make schemas"
    return {field["name"]: field for field in schema["fields"]}


@pytest.mark.parametrize("resource", resources(), ids=lambda r: r.name)
def test_every_csv_column_has_a_schema_field_and_every_field_is_a_csv_column(resource):
    # the CSV renderer's own header list, the one the API and the zip write
    assert list(schema_fields(resource.name)) == csv_headers(resource.serializer_class)


@pytest.mark.parametrize("resource", resources(), ids=lambda r: r.name)
def test_every_field_is_titled_and_described_in_french_and_english(resource):
    for field in build.schema_body(resource)["fields"]:
        missing = [key for key in build.TEXT_KEYS if not field.get(key)]
        assert not missing, (
            f"{resource.name}.{field['name']} has no {missing}: add it to "
            "opendata/tableschema/columns.toml"
        )


def test_the_words_name_only_fields_that_exist():
    declared = {
        (klass.__name__, name)
        for resource in resources()
        for column in columns_of(resource.serializer_class, resource.filterset_class)
        for level in column.levels
        for klass in level.serializer_class.__mro__
        for name in [level.name]
    }
    names_in_use = {name for _klass, name in declared}
    for klass, entries in build.words()["fields"].items():
        for name in entries:
            if klass == "_common":
                assert name in names_in_use, f"[fields._common] {name} is no field"
            else:
                assert (klass, name) in declared, f"[fields.{klass}] {name} is no field"
    assert set(build.words()["resources"]) == {r.name for r in resources()}


def test_a_help_text_and_a_french_description_are_not_two_sources_of_the_same_words():
    """Where the serializer field has a help_text and the words file a French description too,
    they must not be the same sentence written twice."""
    for resource in resources():
        for column in columns_of(resource.serializer_class, resource.filterset_class):
            level = column.levels[-1]
            entry = build._entry(level.serializer_class, level.name)
            if entry.get("description") and level.field.help_text:
                assert entry["description"] != str(level.field.help_text), column.name


def test_types_constraints_and_keys_come_from_the_code():
    commitments = schema_fields("commitments")
    assert commitments["id"]["type"] == "integer"
    assert commitments["id"]["constraints"] == {"required": True, "unique": True}
    # a SerializerMethodField annotated with the FilterSet's choices
    assert commitments["status"]["constraints"]["enum"] == [code for code, _l in STATUS_CHOICES]
    # a check constraint of the model (0 ≤ progress ≤ 100), null allowed
    assert commitments["progress"]["constraints"] == {"minimum": 0, "maximum": 100}
    # the FilterSet's bounded filter (measurability_min: 0–8)
    assert commitments["measurability"]["constraints"]["maximum"] == 8
    assert commitments["cost.amount"]["unit"] == "EUR"
    assert commitments["created_at"]["type"] == "datetime"
    assert commitments["page_url"]["format"] == "uri"
    # a list of flags: every item one of the codes, joined with " | "
    assert "data" in commitments["action_types"]["constraints"]["pattern"]
    assert "`law` (texte de loi ou décret)" in commitments["action_types"]["description"]
    milestones = schema_fields("milestones")
    assert milestones["late"]["type"] == "boolean"
    assert milestones["late"]["trueValues"] == ["true"]
    assert milestones["completed_on_time"].get("constraints", {}).get("required") is None
    with translation.override("en"):
        cancelled = f"`cancelled` ({Milestone.Status.CANCELLED.label})"
    assert cancelled in milestones["status"]["description_en"]
    changes = schema_fields("changes")
    # the FilterSet lists the public object types; the model field has no choices
    assert "milestone" in changes["object_type"]["constraints"]["enum"]


def test_each_published_schema_is_a_valid_table_schema_with_its_metadata():
    for resource in resources():
        path = REPOSITORY / resource.name / "schema.json"
        report = frictionless.validate(str(path), type="schema")
        assert report.valid, report.flatten(["type", "note"])
        schema = json.loads(path.read_text())
        assert schema["version"] == registry.versions(resource.name)[0].label
        assert schema["licenses"][0]["name"] == "etalab-2.0"
        assert schema["primaryKey"] == ["id"]
        assert (REPOSITORY / resource.name / "README.md").exists()


def test_the_committed_schemas_are_what_the_code_generates():
    problems = publish.schemas_check()
    assert not problems, "\n".join(problems)


# --- versions ----------------------------------------------------------------------------------


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A copy of schemas/ and of the project's README to write in."""
    copy = tmp_path / "schemas"
    shutil.copytree(REPOSITORY, copy)
    readme = tmp_path / "README.md"
    shutil.copy(Path(settings.BASE_DIR) / "README.md", readme)
    monkeypatch.setattr(registry, "schemas_dir", lambda: copy)
    monkeypatch.setattr(publish, "_project_readme", lambda: readme)
    return copy


def add_a_column(monkeypatch) -> None:
    """The code changes: the measurements schema gains a column."""
    original = build.schema_body

    def body(resource):
        found = original(resource)
        if resource.name == "measurements":
            extra = {
                "name": "extra",
                "title": "En plus",
                "title_en": "Extra",
                "description": "Une colonne de plus.",
                "description_en": "One more column.",
                "type": "string",
            }
            found["fields"] = [*found["fields"], extra]
        return found

    monkeypatch.setattr(publish, "schema_body", body)
    monkeypatch.setattr(registry, "schema_body", body)


def declare(repository: Path, name: str, version: str) -> None:
    """Someone adds a section for a new version at the top of the CHANGELOG."""
    changelog = repository / name / "CHANGELOG.md"
    text = changelog.read_text()
    head = text.index("## ")
    section = f"## {version} (2026-12-02)\n\nNouvelle colonne `extra`.\n\n"
    changelog.write_text(text[:head] + section + text[head:])


def test_an_undeclared_change_fails_the_check_and_says_which_version(repository, monkeypatch):
    add_a_column(monkeypatch)
    problems = publish.schemas_check()
    assert any(
        "measurements: the schema the code generates changed since version 1.0.0" in p
        and "column added: extra (minor)" in p
        and "MINOR" in p
        and "## 1.1.0 (YYYY-MM-DD)" in p
        and "make schemas" in p
        for p in problems
    ), problems
    # nor can the files be rewritten without a version
    before = (repository / "measurements" / "schema.json").read_bytes()
    outcome = publish.schemas_write()
    assert outcome.problems and not outcome.written
    assert (repository / "measurements" / "schema.json").read_bytes() == before


def test_a_declared_version_must_be_big_enough_then_is_stamped_and_published(
    repository, monkeypatch
):
    add_a_column(monkeypatch)
    declare(repository, "measurements", "1.0.1")
    outcome = publish.schemas_write()
    assert any("needs a MINOR one" in p and "use 1.1.0" in p for p in outcome.problems), outcome

    changelog = repository / "measurements" / "CHANGELOG.md"
    changelog.write_text(changelog.read_text().replace("## 1.0.1 (", "## 1.1.0 ("))
    outcome = publish.schemas_write()
    assert not outcome.problems
    newest = registry.versions("measurements")[0]
    assert newest.label == "1.1.0"
    measurements = next(r for r in resources() if r.name == "measurements")
    assert newest.fingerprint == registry.fingerprint(registry.schema_body(measurements))
    schema = json.loads((repository / "measurements" / "schema.json").read_text())
    assert (schema["version"], schema["created"], schema["lastModified"]) == (
        "1.1.0",
        "2026-12-01",
        "2026-12-02",
    )
    assert schema["fields"][-1]["name"] == "extra"
    index = (repository / "README.md").read_text()
    assert "[`measurements`](measurements/README.md) | `measurements.csv` | 1.1.0 |" in index
    assert publish.schemas_check() == []


@pytest.mark.parametrize(
    ("change", "needed"),
    [
        (lambda s: s["fields"].pop(), registry.MAJOR),
        (lambda s: s["fields"].append({"name": "new", "type": "string"}), registry.MINOR),
        (lambda s: s["fields"][0].update(type="string"), registry.MAJOR),
        (lambda s: s["fields"][1]["constraints"].update(required=True), registry.MAJOR),
        (lambda s: s["fields"][2]["constraints"].pop("required"), registry.MINOR),
        (lambda s: s["fields"][3]["constraints"]["enum"].append("late"), registry.MINOR),
        (lambda s: s["fields"][3]["constraints"]["enum"].remove("b"), registry.MAJOR),
        (lambda s: s["fields"][4]["constraints"].update(maximum=50), registry.MAJOR),
        (lambda s: s["fields"][4]["constraints"].update(maximum=200), registry.MINOR),
        (lambda s: s["fields"][4].update(description="Autre chose."), registry.PATCH),
        (lambda s: None, ""),
    ],
)
def test_the_version_step_a_change_needs(change, needed):
    old = {
        "fields": [
            {"name": "id", "type": "integer"},
            {"name": "slug", "type": "string", "constraints": {}},
            {"name": "title", "type": "string", "constraints": {"required": True}},
            {"name": "status", "type": "string", "constraints": {"enum": ["a", "b"]}},
            {"name": "score", "type": "number", "constraints": {"maximum": 100}},
        ],
        "primaryKey": ["id"],
    }
    new = json.loads(json.dumps(old))
    change(new)
    assert registry.required_bump(old, new)[0] == needed
