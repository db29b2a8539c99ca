"""``docker-compose.yml`` is a valid Compose file (the vendored Compose Specification schema,
deploy/README.md) and starts the processes the way the end-to-end test and README do."""

from __future__ import annotations

import json

import jsonschema
import yaml
from django.conf import settings

COMPOSE = settings.BASE_DIR / "docker-compose.yml"
SCHEMA = settings.BASE_DIR / "deploy" / "compose-spec.schema.json"


def _compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def _validator(schema: dict):
    """Draft-07, the draft the vendored schema names (as ``https://json-schema.org/draft-07/
    schema``, which is not the canonical URI jsonschema looks up, hence given here)."""
    assert "draft-07" in schema["$schema"]
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_docker_compose_follows_the_compose_specification():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = _validator(schema)
    errors = sorted(validator.iter_errors(_compose()), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_the_schema_catches_a_broken_file():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = _compose()
    broken["services"]["web"]["ports"] = "8000"  # a string where a list is required
    broken["services"]["web"]["restart_policy"] = "always"  # no such key
    assert not _validator(schema).is_valid(broken)


def test_the_services_run_the_production_start_commands():
    services = _compose()["services"]
    assert services["web"]["command"] == ["sh", "deploy/start-web.sh"]
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    worker = services["worker"]["command"]
    assert worker[:4] == ["celery", "-A", "pgo_portal", "worker"]
    assert "--prefetch-multiplier=1" in worker
    assert services["beat"]["command"][:4] == ["celery", "-A", "pgo_portal", "beat"]
    env = _compose()["x-app"]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "pgo_portal.settings.production"
    start = (settings.BASE_DIR / "deploy" / "start-web.sh").read_text(encoding="utf-8")
    assert "collectstatic --noinput" in start and "gunicorn pgo_portal.wsgi:application" in start
