"""The published schemas: ``schemas/<name>/`` in the repository, one folder per resource, laid
out as schema.data.gouv.fr expects (``schema.json``, ``README.md``, ``CHANGELOG.md``).

The CHANGELOG is written by people; everything else is generated (``make schemas``). Each
version of a schema is a ``## x.y.z (YYYY-MM-DD)`` section of its CHANGELOG, newest first, that
ends with the fingerprint of the schema it describes (``<!-- fingerprint: sha256:… -->``,
written by ``make schemas``). So:

* the version in ``schema.json`` is the CHANGELOG's newest; ``created`` is the date of its
  oldest section, ``lastModified`` of its newest;
* when the code changes a schema (a column added, a type, a description…), its fingerprint no
  longer matches the newest section's: ``make schemas`` refuses to write it until a new section
  is declared, with a version at least as high as the change needs (``required_bump``: major
  when a column goes or a value that was valid no longer is, minor when one is added or a
  constraint loosened, patch for words), and ``tests/opendata/test_schemas.py`` fails and
  says so.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from django.conf import settings

from ..resources import Resource
from .build import schema_body

VERSION_RE = re.compile(r"^## (\d+)\.(\d+)\.(\d+) \((\d{4}-\d{2}-\d{2})\)\s*$", re.MULTILINE)
FINGERPRINT_RE = re.compile(r"<!-- fingerprint: (sha256:[0-9a-f]{64}) -->")
VERSION_KEYS = ("version", "created", "lastModified")
REGENERATE = "make schemas  (python manage.py opendata_schemas --write)"


def schemas_dir() -> Path:
    return Path(settings.BASE_DIR) / "schemas"


@dataclasses.dataclass(frozen=True)
class Version:
    number: tuple[int, int, int]
    date: str
    fingerprint: str | None
    start: int  # where its section starts in the CHANGELOG
    end: int

    @property
    def label(self) -> str:
        return ".".join(map(str, self.number))


def changelog_path(name: str) -> Path:
    return schemas_dir() / name / "CHANGELOG.md"


def versions(name: str) -> list[Version]:
    """The CHANGELOG's versions, newest first."""
    path = changelog_path(name)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    heads = list(VERSION_RE.finditer(text))
    found = []
    for n, head in enumerate(heads):
        end = heads[n + 1].start() if n + 1 < len(heads) else len(text)
        printed = FINGERPRINT_RE.search(text, head.end(), end)
        found.append(
            Version(
                number=(int(head[1]), int(head[2]), int(head[3])),
                date=head[4],
                fingerprint=printed[1] if printed else None,
                start=head.start(),
                end=end,
            )
        )
    return found


def fingerprint(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def with_version(body: dict[str, Any], declared: list[Version]) -> dict[str, Any]:
    """The schema as published: its body with the version and dates of its CHANGELOG, placed
    after its description as schema.data.gouv.fr's schemas do."""
    if not declared:
        return body
    stamp = {
        "version": declared[0].label,
        "created": declared[-1].date,
        "lastModified": declared[0].date,
    }
    result: dict[str, Any] = {}
    for key, value in body.items():
        result[key] = value
        if key == "description_en":
            result.update(stamp)
    return result


def generated_schema(resource: Resource) -> dict[str, Any]:
    return with_version(schema_body(resource), versions(resource.name))


def committed_schema(name: str) -> dict[str, Any] | None:
    path = schemas_dir() / name / "schema.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def as_bytes(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def body_of(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in schema.items() if key not in VERSION_KEYS}


# --- what a change needs ------------------------------------------------------------------------

MAJOR, MINOR, PATCH = "major", "minor", "patch"
_RANK = {PATCH: 0, MINOR: 1, MAJOR: 2}


def required_bump(old: dict[str, Any] | None, new: dict[str, Any]) -> tuple[str, list[str]]:
    """The smallest semantic version step from ``old`` to ``new`` (two schema bodies), and why.

    Major: a column removed or moved, its type or format changed, a constraint that refuses a
    value it accepted (required or unique added, an allowed value removed, a bound tightened, a
    pattern changed), the primary key changed. Minor: a column added, an allowed value added, a
    constraint loosened. Patch: anything else (titles, descriptions, units, metadata)."""
    if old is None:
        return MAJOR, ["new schema"]
    reasons: list[tuple[str, str]] = []
    old_fields = {f["name"]: f for f in old.get("fields", [])}
    new_fields = {f["name"]: f for f in new.get("fields", [])}
    for name in old_fields.keys() - new_fields.keys():
        reasons.append((MAJOR, f"column removed: {name}"))
    for name in new_fields.keys() - old_fields.keys():
        reasons.append((MINOR, f"column added: {name}"))
    common = [n for n in new_fields if n in old_fields]
    if [n for n in old_fields if n in new_fields] != common:
        reasons.append((MAJOR, "columns reordered"))
    for name in common:
        reasons += _field_changes(name, old_fields[name], new_fields[name])
    if old.get("primaryKey") != new.get("primaryKey"):
        reasons.append((MAJOR, "primary key changed"))
    if not reasons and old != new:
        reasons.append((PATCH, "words or metadata changed"))
    if not reasons:
        return "", []
    level = max((r[0] for r in reasons), key=_RANK.__getitem__)
    return level, [f"{text} ({kind})" for kind, text in reasons]


def _field_changes(name: str, old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for key in ("type", "format", "trueValues", "falseValues"):
        if old.get(key) != new.get(key):
            found.append((MAJOR, f"{name}: {key} {old.get(key)!r} → {new.get(key)!r}"))
    was, now = old.get("constraints", {}), new.get("constraints", {})
    for flag in ("required", "unique"):
        if now.get(flag) and not was.get(flag):
            found.append((MAJOR, f"{name}: now {flag}"))
        elif was.get(flag) and not now.get(flag):
            found.append((MINOR, f"{name}: no longer {flag}"))
    old_enum, new_enum = was.get("enum"), now.get("enum")
    if old_enum != new_enum:
        if new_enum is not None and (old_enum is None or set(old_enum) - set(new_enum)):
            gone = sorted(set(old_enum or []) - set(new_enum))
            found.append((MAJOR, f"{name}: allowed values removed {gone or 'all but a list'}"))
        else:
            added = sorted(set(new_enum or []) - set(old_enum or []))
            found.append((MINOR, f"{name}: allowed values added {added or 'any'}"))
    for bound, tighter in (("minimum", lambda a, b: b > a), ("maximum", lambda a, b: b < a)):
        a, b = was.get(bound), now.get(bound)
        if a == b:
            continue
        if b is not None and (a is None or tighter(a, b)):
            found.append((MAJOR, f"{name}: {bound} {a} → {b}"))
        else:
            found.append((MINOR, f"{name}: {bound} {a} → {b}"))
    if was.get("pattern") != now.get("pattern"):
        kind = MINOR if now.get("pattern") is None else MAJOR
        found.append((kind, f"{name}: pattern changed"))
    return found


def next_versions(current: tuple[int, int, int]) -> dict[str, str]:
    major, minor, patch = current
    return {
        MAJOR: f"{major + 1}.0.0",
        MINOR: f"{major}.{minor + 1}.0",
        PATCH: f"{major}.{minor}.{patch + 1}",
    }


def step_between(old: tuple[int, int, int], new: tuple[int, int, int]) -> str | None:
    """The step from ``old`` to ``new`` (None when ``new`` is not higher)."""
    if new <= old:
        return None
    if new[0] > old[0]:
        return MAJOR
    return MINOR if new[1] > old[1] else PATCH


def bump_is_enough(step: str | None, needed: str) -> bool:
    return step is not None and _RANK[step] >= _RANK[needed]
