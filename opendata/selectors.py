"""What the site's open-data page shows: the packages (one per published plan, one for all),
the catalogue, and every published schema with its columns, read from the schema itself."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from commitments.models import ActionPlan
from toolkit.api.support import absolute_url

from .bulk import (
    all_plans_zip_path,
    opendata_downloads,
    package_members,
    published_plans_newest_first,
)
from .package import ALL_PLANS, package_url, schema_url
from .resources import resource_names
from .tableschema import registry

PACKAGES_PER_PAGE = 10

TYPE_LABELS = {
    "string": _("texte"),
    "integer": _("nombre entier"),
    "number": _("nombre décimal"),
    "boolean": _("booléen (true ou false)"),
    "date": _("date (AAAA-MM-JJ)"),
    "datetime": _("date et heure (ISO 8601)"),
}
FORMAT_LABELS = {"uri": _("adresse web"), "email": _("adresse électronique")}


@dataclass(frozen=True)
class PackageFile:
    """One download button: what it is, its address, its format and size."""

    name: str  # commitments.csv, pgo-pan-2015-2017.zip…
    url: str
    format: str  # ZIP, CSV, JSON
    size: int  # bytes


@dataclass(frozen=True)
class Package:
    plan: ActionPlan | None  # None: every published plan
    zip_url: str | None  # None until generated
    json_url: str | None
    package_url: str
    generated_at: datetime.datetime | None
    zip_size: int | None = None
    json_size: int | None = None
    csv_files: list[PackageFile] = field(default_factory=list)


def _csv_files(zip_path, file_url) -> list[PackageFile]:
    """Each CSV file of a package, served one by one from its zip (``views.plan_file``)."""
    return [
        PackageFile(name=name, url=file_url(name), format="CSV", size=size)
        for name, size in package_members(zip_path)
        if name.endswith(".csv")
    ]


@dataclass
class SchemaColumn:
    name: str
    title: str
    type: str
    required: bool
    description: str


@dataclass
class PublishedSchema:
    name: str
    title: str
    version: str
    url: str
    readme_url: str
    changelog_url: str
    columns: list[SchemaColumn] = field(default_factory=list)


def _type_label(found: dict[str, Any]) -> str:
    label = str(TYPE_LABELS.get(found["type"], found["type"]))
    if found.get("format") in FORMAT_LABELS:
        label += f", {FORMAT_LABELS[found['format']]}"
    if found.get("unit"):
        label += f" ({found['unit']})"
    return label


def published_schemas() -> list[PublishedSchema]:
    """The committed schemas, titles and descriptions in the current language (no query)."""
    english = (get_language() or "fr").startswith("en")
    suffix = "_en" if english else ""
    result = []
    for name in resource_names():
        schema = registry.committed_schema(name)
        if schema is None:
            continue
        version = schema["version"]
        files = {
            file: absolute_url(
                reverse(
                    "opendata:schema-file", kwargs={"name": name, "version": version, "file": file}
                )
            )
            for file in ("README.md", "CHANGELOG.md")
        }
        result.append(
            PublishedSchema(
                name=name,
                title=schema[f"title{suffix}"],
                version=version,
                url=schema_url(name, version),
                readme_url=files["README.md"],
                changelog_url=files["CHANGELOG.md"],
                columns=[
                    SchemaColumn(
                        name=found["name"],
                        title=found[f"title{suffix}"],
                        type=_type_label(found),
                        required=bool(found.get("constraints", {}).get("required")),
                        description=found[f"description{suffix}"],
                    )
                    for found in schema["fields"]
                ],
            )
        )
    return result


def open_data_packages(plans: Iterable[ActionPlan] | None = None) -> list[Package]:
    """Every published plan's package (or those of ``plans``), then the package of all of them
    (one query)."""
    packages = []
    for entry in opendata_downloads(plans):
        files = {f.format: f for f in entry.files}
        slug = entry.plan.slug
        packages.append(
            Package(
                plan=entry.plan,
                zip_url=files["zip"].url if "zip" in files else None,
                json_url=files["json"].url if "json" in files else None,
                package_url=package_url(slug),
                generated_at=files["zip"].generated_at if "zip" in files else None,
                zip_size=files["zip"].size if "zip" in files else None,
                json_size=files["json"].size if "json" in files else None,
                csv_files=_csv_files(
                    files["zip"].path,
                    lambda name, slug=slug: absolute_url(
                        reverse("opendata:plan-file", kwargs={"slug": slug, "file": name})
                    ),
                )
                if "zip" in files
                else [],
            )
        )
    path = all_plans_zip_path()
    generated = (
        datetime.datetime.fromtimestamp(int(path.stat().st_mtime), tz=datetime.UTC)
        if path.exists()
        else None
    )
    if packages:
        packages.append(
            Package(
                plan=None,
                zip_url=absolute_url(reverse("opendata:all-plans-zip")) if generated else None,
                json_url=None,
                package_url=package_url(None),
                generated_at=generated,
                zip_size=path.stat().st_size if generated else None,
                csv_files=_csv_files(
                    path,
                    lambda name: absolute_url(
                        reverse("opendata:all-plans-file", kwargs={"file": name})
                    ),
                )
                if generated
                else [],
            )
        )
    return packages


def open_data_page(page_number: str | None = None) -> dict[str, Any]:
    """The context of the open-data page: the plans' packages a page at a time (newest first,
    ``PACKAGES_PER_PAGE``), so the page costs the same however many plans there are."""
    page = Paginator(published_plans_newest_first(), PACKAGES_PER_PAGE).get_page(page_number)
    return {
        "catalogue_url": absolute_url(reverse("opendata:catalogue")),
        "schemas_url": absolute_url(reverse("opendata:schema-index")),
        "packages": open_data_packages(list(page.object_list)),
        "page": page,
        "schemas": published_schemas(),
        "all_plans": ALL_PLANS,
    }
