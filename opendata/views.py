"""Serving the open data beside the API: the schema repository (``/schemas/``), the files of each
data package (``/donnees-ouvertes/plans/<slug>/…``, ``/donnees-ouvertes/tous-les-plans/…``)
and the DCAT-AP catalogue (``/donnees-ouvertes/catalogue.jsonld``).

Anonymous, read-only, CORS open like the API; errors are JSON; every answer has an ``ETag``
(and a ``Last-Modified`` for the package files) and a conditional request gets a 304.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from toolkit.api.support import LICENCE_NAME, LICENCE_URL, absolute_url

from .bulk import all_plans_zip_path, download_file, package_member, plan_is_published
from .catalogue import dcat_catalogue
from .package import ALL_PLANS, schema_url
from .resources import resource_names
from .tableschema import registry

TEXT_FILES = {"README.md", "CHANGELOG.md"}


def _not_found(message: str) -> JsonResponse:
    return JsonResponse({"detail": message, "code": "not_found", "errors": {}}, status=404)


def _answer(
    request: HttpRequest, content: bytes, content_type: str, last_modified: int | None = None
) -> HttpResponse:
    etag = '"' + hashlib.sha256(content).hexdigest()[:32] + '"'
    unchanged = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if unchanged is not None:
        return unchanged
    response = HttpResponse(content, content_type=content_type)
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


def _json(document: Any) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def published_schema(name: str) -> dict[str, Any] | None:
    """The committed schema as served: with the address of its page and its own address."""
    committed = registry.committed_schema(name)
    if committed is None:
        return None
    served: dict[str, Any] = {}
    for key, value in committed.items():
        served[key] = value
        if key == "lastModified":
            served["homepage"] = absolute_url(reverse("public:open-data"))
            served["path"] = schema_url(name, committed["version"])
    return served


@require_safe
def schema_index(request: HttpRequest) -> HttpResponse:
    """Every published schema, its version and addresses."""
    schemas = []
    for name in resource_names():
        schema = registry.committed_schema(name)
        if schema is None:
            continue
        version = schema["version"]
        schemas.append(
            {
                "name": name,
                "title": schema["title"],
                "title_en": schema["title_en"],
                "version": version,
                "url": schema_url(name, version),
                "latest_url": schema_url(name, "latest"),
                "readme_url": absolute_url(
                    reverse(
                        "opendata:schema-file",
                        kwargs={"name": name, "version": version, "file": "README.md"},
                    )
                ),
                "changelog_url": absolute_url(
                    reverse(
                        "opendata:schema-file",
                        kwargs={"name": name, "version": version, "file": "CHANGELOG.md"},
                    )
                ),
            }
        )
    document = {"licence_name": LICENCE_NAME, "licence_url": LICENCE_URL, "schemas": schemas}
    return _answer(request, _json(document), "application/json")


@require_safe
def schema_file(request: HttpRequest, name: str, version: str, file: str) -> HttpResponse:
    """``/schemas/<name>/<version>/schema.json`` (or ``README.md``, ``CHANGELOG.md``); ``latest``
    stands for the current version."""
    schema = published_schema(name) if name in resource_names() else None
    if schema is None:
        return _not_found(_("Schéma inconnu : « %(name)s ».") % {"name": name})
    if version not in ("latest", schema["version"]):
        return _not_found(
            _("Version inconnue : « %(version)s » (version publiée : %(current)s).")
            % {"version": version, "current": schema["version"]}
        )
    if file == "schema.json":
        return _answer(request, _json(schema), "application/json")
    if file in TEXT_FILES:
        content = (registry.schemas_dir() / name / file).read_bytes()
        return _answer(request, content, "text/markdown; charset=utf-8")
    return _not_found(_("Fichier inconnu : « %(file)s ».") % {"file": file})


def _package_answer(request: HttpRequest, zip_path, folder: str, file: str) -> HttpResponse:
    found = package_member(zip_path, folder, file)
    if found is None:
        return _not_found(_("Ce fichier n'existe pas ou n'est pas encore généré."))
    content, modified = found
    content_type = {
        "json": "application/json",
        "csv": "text/csv; charset=utf-8",
        "txt": "text/plain; charset=utf-8",
    }[file.rsplit(".", 1)[-1]]
    return _answer(request, content, content_type, last_modified=modified)


@require_safe
def plan_file(request: HttpRequest, slug: str, file: str) -> HttpResponse:
    """A file of a plan's package, read from its zip (``datapackage.json``, ``<list>.csv``)."""
    if not plan_is_published(slug):
        return _not_found(_("Plan inconnu ou non publié : « %(slug)s ».") % {"slug": slug})
    found = download_file(slug, "zip")
    if found is None:
        return _not_found(_("Ce fichier n'est pas encore généré : réessayez plus tard."))
    return _package_answer(request, found.path, slug, file)


@require_safe
def all_plans_file(request: HttpRequest, file: str) -> HttpResponse:
    """A file of the package of every published plan."""
    return _package_answer(request, all_plans_zip_path(), ALL_PLANS, file)


@require_safe
def all_plans_zip(request: HttpRequest) -> HttpResponse:
    path = all_plans_zip_path()
    try:
        stat = path.stat()
    except OSError:
        return _not_found(_("Ce fichier n'est pas encore généré : réessayez plus tard."))
    etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
    unchanged = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
    if unchanged is not None:
        return unchanged
    response = FileResponse(
        path.open("rb"), content_type="application/zip", as_attachment=True, filename=path.name
    )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(int(stat.st_mtime))
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP catalogue (JSON-LD) of every published plan's data."""
    return _answer(request, _json(dcat_catalogue()), "application/ld+json")
