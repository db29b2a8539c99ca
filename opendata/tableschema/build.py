"""The Table Schema of each resource, generated from its columns (``columns``) and their words
(``columns.toml``).

``schema_body(resource)`` is everything that describes the CSV: the fields with their titles and
descriptions in French and English, type, format, unit and constraints, the primary key, the
licence. The version, creation and modification dates are added from the schema's CHANGELOG by
``registry``; the foreign keys between resources only make sense inside a package and are added
by ``package`` (a CSV validated alone against its schema.json, as data.gouv.fr does, has no
other file to look into).
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any

from django.utils import translation
from rest_framework import serializers

from toolkit.api.csv_renderer import LIST_SEPARATOR
from toolkit.api.support import LICENCE_NAME, LICENCE_URL

from ..resources import Resource, resources
from .columns import Column, columns_of

TABLE_SCHEMA_PROFILE = "https://frictionlessdata.io/schemas/table-schema.json"
LICENCE = {"name": "etalab-2.0", "title": LICENCE_NAME, "path": LICENCE_URL}
KEYWORDS = [
    "gouvernement ouvert",
    "open government",
    "PGO",
    "OGP",
    "plan d'action national",
    "engagements",
]
TEXT_KEYS = ("title", "title_en", "description", "description_en")

# A column that points at an object another file may not hold, so no foreign key is declared:
# (resource, column) → why.
NOT_FOREIGN_KEYS = {
    ("commitments", "continues"): "the continued commitment belongs to an earlier plan",
    ("changes", "commitment"): "the commitment may have moved to another plan since the change",
}


@functools.cache
def words() -> dict[str, Any]:
    with (Path(__file__).with_name("columns.toml")).open("rb") as handle:
        return tomllib.load(handle)


def _entry(serializer_class: type, name: str) -> dict[str, Any]:
    fields = words()["fields"]
    for klass in serializer_class.__mro__:
        found = fields.get(klass.__name__, {}).get(name)
        if found is not None:
            return found
    return fields["_common"].get(name, {})


def _labels(column: Column, language: str) -> list[str]:
    with translation.override(language):
        return [f"`{value}` ({label})" for value, label in column.choices]


def _continued(text: str) -> str:
    """A sentence continued after a colon: its first letter in lower case, unless it starts an
    acronym (« API », « OGP »)."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def column_texts(column: Column) -> dict[str, str]:
    """Title and description, French and English, of a column: its levels' words joined."""
    entries = [_entry(level.serializer_class, level.name) for level in column.levels]
    leaf = entries[-1]
    titles = [e.get("title") or level.name for e, level in zip(entries, column.levels, strict=True)]
    titles_en = [
        e.get("title_en") or level.name for e, level in zip(entries, column.levels, strict=True)
    ]
    title = " — ".join([titles[0], *map(_continued, titles[1:])])
    title_en = " — ".join([titles_en[0], *map(_continued, titles_en[1:])])
    description = leaf.get("description") or str(column.leaf.help_text or "")
    description_en = leaf.get("description_en", "")
    if len(entries) > 1:
        parents = " — ".join([titles[0], *map(_continued, titles[1:-1])])
        parents_en = " — ".join([titles_en[0], *map(_continued, titles_en[1:-1])])
        description = f"{parents} : {_continued(description)}" if description else ""
        description_en = f"{parents_en}: {_continued(description_en)}" if description_en else ""
    if column.in_list or isinstance(column.leaf, serializers.ListField):
        description += f" Une valeur par élément, séparées par « {LIST_SEPARATOR.strip()} »."
        description_en += f" One value per item, separated by “{LIST_SEPARATOR.strip()}”."
    if column.choices:
        description += " Valeurs : " + ", ".join(_labels(column, "fr")) + "."
        description_en += " Values: " + ", ".join(_labels(column, "en")) + "."
    return {
        "title": title,
        "title_en": title_en,
        "description": description.strip(),
        "description_en": description_en.strip(),
    }


def field_descriptor(column: Column) -> dict[str, Any]:
    entry = _entry(column.levels[-1].serializer_class, column.levels[-1].name)
    descriptor: dict[str, Any] = {"name": column.name, **column_texts(column), "type": column.type}
    if column.format:
        descriptor["format"] = column.format
    if column.type == "boolean":
        descriptor["trueValues"] = ["true"]
        descriptor["falseValues"] = ["false"]
    if entry.get("unit"):
        descriptor["unit"] = entry["unit"]
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    if column.choices and not column.pattern:
        constraints["enum"] = [value for value, _label in column.choices]
    for bound in ("minimum", "maximum"):
        value = getattr(column, bound)
        if value is None:
            value = entry.get(bound)
        if value is not None and column.type in ("integer", "number"):
            constraints[bound] = value
    if column.pattern:
        constraints["pattern"] = column.pattern
    if constraints:
        descriptor["constraints"] = constraints
    return descriptor


def resource_words(resource: Resource) -> dict[str, str]:
    found = words()["resources"].get(resource.name, {})
    return {key: found.get(key, "") for key in TEXT_KEYS}


def schema_body(resource: Resource) -> dict[str, Any]:
    """The Table Schema of a resource's CSV, without its version (see ``registry``)."""
    texts = resource_words(resource)
    columns = columns_of(resource.serializer_class, resource.filterset_class)
    return {
        "$schema": TABLE_SCHEMA_PROFILE,
        "name": resource.name,
        "title": f"Portail PGO — {texts['title']}",
        "title_en": f"PGO portal — {texts['title_en']}",
        "description": (
            f"{texts['description']} Fichier {resource.name}.csv des téléchargements en masse du "
            f"portail (UTF-8 avec BOM, séparateur virgule), identique à "
            f"/api/v1/{resource.name}/?format=csv."
        ),
        "description_en": (
            f"{texts['description_en']} File {resource.name}.csv of the portal's bulk downloads "
            f"(UTF-8 with a BOM, comma-separated), the same as /api/v1/{resource.name}/?format=csv."
        ),
        "keywords": KEYWORDS,
        "countryCode": "FR",
        "licenses": [LICENCE],
        "contributors": [{"title": "Portail PGO", "role": "author"}],
        "missingValues": [""],
        "fields": [field_descriptor(column) for column in columns],
        "primaryKey": ["id"],
    }


def foreign_keys(resource: Resource) -> list[dict[str, Any]]:
    """The columns of ``resource`` that point at a row of another resource of the package."""
    by_model = {r.model: r for r in resources()}
    keys = []
    for column in columns_of(resource.serializer_class, resource.filterset_class):
        if column.references is None or (resource.name, column.name) in NOT_FOREIGN_KEYS:
            continue
        model, field_name = column.references
        target = by_model.get(model)
        if target is None:
            continue  # not a file of the package (an axis, a user)
        target_field = model._meta.get_field(field_name)
        if not (target_field.primary_key or target_field.get_internal_type() == "SlugField"):
            continue  # only identifiers are keys; a unique name is not one
        keys.append(
            {
                "fields": [column.name],
                "reference": {"resource": target.name, "fields": [target_field.name]},
            }
        )
    return keys
