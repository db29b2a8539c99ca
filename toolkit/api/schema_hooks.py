"""OpenAPI description fit for strict OpenAPI 3.0 validators.

drf-spectacular describes a nullable nested object (``axis``, ``lead_administration``…) as
``{"allOf": [{"$ref": …}], "nullable": true}``. In OpenAPI 3.0 ``nullable`` only means something
beside a ``type`` in the same schema object, so strict validators (openapi-schema-validator's
``OAS30Validator``, code generators) reject ``null`` there: the referenced schema is an object.
The hook rewrites each of them as ``oneOf`` the reference or a schema whose only value is
``null`` (``{"type": "object", "nullable": true, "enum": [null]}``), which every 3.0 validator
reads the same way and which still documents the referenced object.
"""

from __future__ import annotations

from typing import Any

NULL_ONLY: dict[str, Any] = {"type": "object", "nullable": True, "enum": [None]}


def _is_nullable_reference(node: dict[str, Any]) -> bool:
    if node.get("nullable") is not True or "type" in node:
        return False
    return ("allOf" in node and len(node["allOf"]) == 1) or "$ref" in node


def _fixed(node: dict[str, Any]) -> dict[str, Any]:
    rest = {k: v for k, v in node.items() if k not in ("allOf", "$ref", "nullable")}
    target = node["allOf"][0] if "allOf" in node else {"$ref": node["$ref"]}
    return {**rest, "oneOf": [target, dict(NULL_ONLY)]}


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        node = {key: _walk(value) for key, value in node.items()}
        return _fixed(node) if _is_nullable_reference(node) else node
    if isinstance(node, list):
        return [_walk(item) for item in node]
    return node


def nullable_references(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular post-processing hook (``SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]``)."""
    return _walk(result)
