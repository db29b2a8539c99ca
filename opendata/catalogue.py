"""The DCAT-AP catalogue of the portal's open data, in JSON-LD, for data.gouv.fr and any other
catalogue to harvest.

One ``dcat:Dataset`` per published plan, plus one for every plan together; each with its
distributions: the zip (a Frictionless data package), each CSV file of the zip (``conformsTo``
its published schema), the JSON document, the package descriptor, and the API
(``dcat:DataService``). The context is inline, so the document parses without the network.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.urls import reverse

from toolkit.api.support import LICENCE_URL, absolute_url, link_base, public_page_url

from .bulk import all_plans_zip_path, download_file, opendata_downloads, package_members
from .package import ALL_PLANS, package_url, schema_url
from .resources import resources
from .tableschema.build import KEYWORDS, resource_words
from .tableschema.registry import versions

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority"
MEDIA = "https://www.iana.org/assignments/media-types"
FILE_TYPES = {"zip": "ZIP", "csv": "CSV", "json": "JSON"}
MEDIA_TYPES = {"zip": "application/zip", "csv": "text/csv", "json": "application/json"}


def _text(fr: str, en: str) -> list[dict[str, str]]:
    return [{"@value": fr, "@language": "fr"}, {"@value": en, "@language": "en"}]


def _date(value: datetime.date | datetime.datetime) -> dict[str, str]:
    if isinstance(value, datetime.datetime):
        return {"@value": value.isoformat(), "@type": "xsd:dateTime"}
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _distribution(
    url: str,
    kind: str,
    title: tuple[str, str],
    *,
    size: int | None = None,
    modified: datetime.datetime | None = None,
    conforms_to: str | None = None,
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": _text(*title),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": f"{MEDIA}/{MEDIA_TYPES[kind]}"},
        "dct:format": {"@id": f"{EU}/file-type/{FILE_TYPES[kind]}"},
        "dct:license": {"@id": LICENCE_URL},
    }
    if size is not None:
        found["dcat:byteSize"] = {"@value": str(size), "@type": "xsd:nonNegativeInteger"}
    if modified is not None:
        found["dct:modified"] = _date(modified)
    if conforms_to:
        found["dct:conformsTo"] = {"@id": conforms_to}
    return found


def _api_distribution(slug: str | None) -> dict[str, Any]:
    api = absolute_url("/api/v1/")
    query = f"?plan={slug}" if slug else ""
    return {
        "@id": f"{api}commitments/{query}",
        "@type": "dcat:Distribution",
        "dct:title": _text("API publique (JSON ou CSV)", "Public API (JSON or CSV)"),
        "dcat:accessURL": {"@id": f"{api}commitments/{query}"},
        "dcat:mediaType": {"@id": f"{MEDIA}/application/json"},
        "dct:format": {"@id": f"{EU}/file-type/JSON"},
        "dct:license": {"@id": LICENCE_URL},
        "dcat:accessService": {
            "@id": api,
            "@type": "dcat:DataService",
            "dct:title": _text("API du Portail PGO", "PGO portal API"),
            "dcat:endpointURL": {"@id": api},
            "dcat:endpointDescription": {"@id": absolute_url("/api/v1/schema/")},
            "dct:license": {"@id": LICENCE_URL},
        },
    }


def _file_distributions(
    zip_url: str, zip_path: Path, files_url: str, whole: bool
) -> list[dict[str, Any]]:
    """The zip, its package descriptor and each CSV file, when the zip has been generated."""
    try:
        stat = zip_path.stat()
    except OSError:
        return []
    modified = datetime.datetime.fromtimestamp(int(stat.st_mtime), tz=datetime.UTC)
    members = dict(package_members(zip_path))
    name = "tous les plans" if whole else "le plan"
    found = [
        _distribution(
            zip_url,
            "zip",
            (
                f"Archive zip : {name}, un fichier CSV par liste et datapackage.json",
                "Zip archive: one CSV file per list and datapackage.json",
            ),
            size=stat.st_size,
            modified=modified,
            conforms_to="https://datapackage.org/standard/data-package/",
        ),
        _distribution(
            f"{files_url}datapackage.json",
            "json",
            ("Description du paquet de données (Frictionless)", "Data package descriptor"),
            size=members.get("datapackage.json"),
            modified=modified,
            conforms_to="https://datapackage.org/standard/data-package/",
        ),
    ]
    for resource in resources():
        words = resource_words(resource)
        declared = versions(resource.name)
        found.append(
            _distribution(
                f"{files_url}{resource.name}.csv",
                "csv",
                (f"{words['title']} (CSV)", f"{words['title_en']} (CSV)"),
                size=members.get(f"{resource.name}.csv"),
                modified=modified,
                conforms_to=schema_url(resource.name, declared[0].label) if declared else None,
            )
        )
    return found


def _publisher() -> dict[str, Any]:
    return {
        "@id": f"{link_base()}/#publisher",
        "@type": "foaf:Agent",
        "foaf:name": "Portail PGO",
        "foaf:homepage": {"@id": f"{link_base()}/"},
    }


def _dataset(
    *, identifier: str, title: tuple[str, str], landing: str, period: tuple[Any, Any]
) -> dict[str, Any]:
    return {
        "@id": f"{link_base()}/donnees-ouvertes/#{identifier}",
        "@type": "dcat:Dataset",
        "dct:identifier": identifier,
        "dct:title": _text(*title),
        "dct:description": _text(
            "Engagements, administrations, indicateurs et mesures, jalons, historique des scores "
            "et journal des modifications, sous la Licence Ouverte 2.0.",
            "Commitments, administrations, indicators and measurements, milestones, score "
            "history and change log, under the Licence Ouverte 2.0.",
        ),
        "dcat:keyword": KEYWORDS,
        "dcat:theme": {"@id": f"{EU}/data-theme/GOVE"},
        "dct:language": {"@id": f"{EU}/language/FRA"},
        "dct:publisher": _publisher(),
        "dct:license": {"@id": LICENCE_URL},
        "dcat:landingPage": {"@id": landing},
        "dct:accrualPeriodicity": {"@id": f"{EU}/frequency/DAILY"},
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _date(period[0]),
            "dcat:endDate": _date(period[1]),
        },
    }


def dcat_catalogue() -> dict[str, Any]:
    """The catalogue: every published plan (one query), then every plan together."""
    datasets = []
    published = opendata_downloads()
    for entry in published:
        plan = entry.plan
        dataset = _dataset(
            identifier=f"pgo-{plan.slug}",
            title=(f"Portail PGO — {plan.title}", f"PGO portal — {plan.title_en or plan.title}"),
            landing=public_page_url("plan", plan_slug=plan.slug),
            period=(plan.period_start, plan.period_end),
        )
        found = download_file(plan.slug, "zip")
        distributions = []
        if found is not None:
            files_url = package_url(plan.slug).removesuffix("datapackage.json")
            distributions += _file_distributions(found.url, found.path, files_url, whole=False)
        document = download_file(plan.slug, "json")
        if document is not None:
            distributions.append(
                _distribution(
                    document.url,
                    "json",
                    ("Document JSON : tout le plan", "JSON document: the whole plan"),
                    size=document.size,
                    modified=document.generated_at,
                )
            )
        distributions.append(_api_distribution(plan.slug))
        dataset["dcat:distribution"] = distributions
        datasets.append(dataset)
    if published:
        plans = [entry.plan for entry in published]
        whole = _dataset(
            identifier=f"pgo-{ALL_PLANS}",
            title=(
                "Portail PGO — tous les plans d'action nationaux publiés",
                "PGO portal — every published national action plan",
            ),
            landing=absolute_url(reverse("public:open-data")),
            period=(min(p.period_start for p in plans), max(p.period_end for p in plans)),
        )
        files_url = package_url(None).removesuffix("datapackage.json")
        zip_url = absolute_url(reverse("opendata:all-plans-zip"))
        whole["dcat:distribution"] = [
            *_file_distributions(zip_url, all_plans_zip_path(), files_url, whole=True),
            _api_distribution(None),
        ]
        datasets.append(whole)
    return {
        "@context": CONTEXT,
        "@id": absolute_url(reverse("opendata:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": _text("Données ouvertes du Portail PGO", "Open data of the PGO portal"),
        "dct:description": _text(
            "Le suivi des engagements des plans d'action nationaux de la France pour le "
            "Partenariat pour un gouvernement ouvert (PGO).",
            "Tracking the commitments of France's national action plans for the Open "
            "Government Partnership (OGP).",
        ),
        "dct:publisher": _publisher(),
        "dct:language": {"@id": f"{EU}/language/FRA"},
        "dct:license": {"@id": LICENCE_URL},
        "foaf:homepage": {"@id": absolute_url(reverse("public:open-data"))},
        "dcat:dataset": datasets,
    }
