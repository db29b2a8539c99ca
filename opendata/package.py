"""The Frictionless data package of a bulk download: ``datapackage.json``, beside the CSV files
in each zip.

It says what the files are (titles and descriptions in French and English), under which
licence, from where, for which period, when they were generated and by which version of the
scoring method, and carries the Table Schema of every CSV file (the published schema, at its
version, plus the foreign keys between the files of the package). ``frictionless validate
datapackage.json`` checks every file against its schema and every link between files.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

from django.urls import reverse

from commitments.models import ActionPlan
from toolkit.api.support import absolute_url, link_base, public_page_url

from .resources import Resource, resources
from .tableschema.build import KEYWORDS, LICENCE, foreign_keys, resource_words
from .tableschema.registry import generated_schema

ALL_PLANS = "tous-les-plans"  # the package of every published plan (never a plan's slug: see urls)
DIALECT = {
    "delimiter": ",",
    "lineTerminator": "\r\n",
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}


def schema_url(name: str, version: str) -> str:
    return absolute_url(
        reverse(
            "opendata:schema-file", kwargs={"name": name, "version": version, "file": "schema.json"}
        )
    )


def package_url(slug: str | None) -> str:
    """Where a package's descriptor is served (its files are beside it)."""
    if slug is None:
        return absolute_url(reverse("opendata:all-plans-file", kwargs={"file": "datapackage.json"}))
    return absolute_url(
        reverse("opendata:plan-file", kwargs={"slug": slug, "file": "datapackage.json"})
    )


def resource_schema(resource: Resource) -> dict[str, Any]:
    """The published schema of a resource at its version, with its address and the foreign keys
    it has inside a package."""
    schema = generated_schema(resource)
    version = schema.get("version", "")
    if version:
        schema["path"] = schema_url(resource.name, version)
    keys = foreign_keys(resource)
    if keys:
        schema["foreignKeys"] = keys
    return schema


def _resource_descriptor(resource: Resource, content: bytes) -> dict[str, Any]:
    words = resource_words(resource)
    return {
        "name": resource.name,
        "path": f"{resource.name}.csv",
        "profile": "tabular-data-resource",
        "title": words["title"],
        "title_en": words["title_en"],
        "description": words["description"],
        "description_en": words["description_en"],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(content),
        "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
        "dialect": DIALECT,
        "schema": resource_schema(resource),
    }


def method_versions(commitments: list[dict[str, Any]]) -> list[str]:
    """The versions of the scoring method that computed the figures in the files."""
    return sorted({c["method_version"] for c in commitments if c.get("method_version")})


def data_package(
    *,
    plans: list[ActionPlan],
    whole: bool,
    csv_files: dict[str, bytes],
    commitments: list[dict[str, Any]],
    generated_at: datetime.datetime,
) -> dict[str, Any]:
    """The descriptor of one plan's package (``whole=False``, ``plans`` is that plan) or of the
    package of every published plan."""
    if whole:
        name = f"pgo-{ALL_PLANS}"
        title = "Portail PGO — tous les plans d'action nationaux publiés"
        title_en = "PGO portal — every published national action plan"
        what = f"les {len(plans)} plans d'action nationaux publiés"
        what_en = f"the {len(plans)} published national action plans"
        homepage = absolute_url(reverse("public:plan-list"))
    else:
        plan = plans[0]
        name = f"pgo-{plan.slug.lower()}"
        title = f"Portail PGO — {plan.title}"
        title_en = f"PGO portal — {plan.title_en or plan.title}"
        what = f"le plan « {plan.title} »"
        what_en = f"the plan “{plan.title_en or plan.title}”"
        homepage = public_page_url("plan", plan_slug=plan.slug)
    versions = method_versions(commitments)
    sources = [{"title": "Portail PGO", "path": link_base() + "/"}]
    sources += [
        {"title": f"Texte officiel — {p.title}", "path": p.source_url}
        for p in plans
        if p.source_url
    ]
    return {
        "profile": "tabular-data-package",
        "name": name,
        "id": package_url(None if whole else plans[0].slug),
        "title": title,
        "title_en": title_en,
        "description": (
            f"Les données ouvertes du Portail PGO pour {what} : engagements, administrations, "
            "indicateurs et leurs mesures, jalons, historique des scores et journal des "
            "modifications, un fichier CSV par liste de l'API, chacun décrit par son schéma. Les "
            "données marquées is_illustrative sont des données de démonstration."
        ),
        "description_en": (
            f"The open data of the PGO portal for {what_en}: commitments, administrations, "
            "indicators and their measurements, milestones, score history and change log, one "
            "CSV file per API list, each described by its schema. Data flagged is_illustrative "
            "is demonstration data."
        ),
        "homepage": homepage,
        "keywords": KEYWORDS,
        "licenses": [LICENCE],
        "sources": sources,
        "contributors": [{"title": "Portail PGO", "role": "publisher", "path": link_base() + "/"}],
        "created": generated_at.isoformat(),
        "temporal": {
            "start": min(p.period_start for p in plans).isoformat() if plans else None,
            "end": max(p.period_end for p in plans).isoformat() if plans else None,
        },
        "method_version": ", ".join(versions) or None,
        "resources": [
            _resource_descriptor(resource, csv_files[f"{resource.name}.csv"])
            for resource in resources()
        ],
    }
