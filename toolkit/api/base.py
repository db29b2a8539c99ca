"""Base classes of the public API views: JSON errors, conditional GET, CSV lists, and the
OpenAPI description every public operation shares.

Kept apart from ``api_support`` because DRF imports the classes named in its settings
(throttles, pagination, exception handler…) while it defines ``APIView``; this module imports
``APIView`` and would make that circular.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.core.cache import cache
from django.http import Http404, HttpResponseBase
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.viewsets import ReadOnlyModelViewSet

from .csv_renderer import CsvRenderer
from .pagination import ApiPagination
from .support import (
    ID_PATTERN,
    AnonApiThrottle,
    ApiContentNegotiation,
    ErrorSerializer,
    InvalidParameter,
    OrjsonRenderer,
    UserApiThrottle,
    csv_max_rows,
    page_size_max,
)

log = logging.getLogger(__name__)


# --- conditional requests --------------------------------------------------------------------

LAST_MODIFIED_PREFIX = "pgo:api:lm"
LAST_MODIFIED_TIMEOUT = 60 * 60 * 24 * 30


def representation_last_modified(key: str, etag: str, now: float | None = None) -> int:
    """When this representation (this URL in this format) last changed, in epoch seconds.

    The ETag is a hash of the body, so it changes exactly when the body changes. The first
    time a new ETag is served for a URL, now becomes its ``Last-Modified``; the date always
    moves forward by at least one second, so ``If-Modified-Since`` can never hide a change made
    within the same second. Without a cache entry (first request, eviction, cache outage) the
    date is now, which makes a client re-fetch: never a wrong 304.
    """
    now_s = int(now if now is not None else time.time())
    cache_key = f"{LAST_MODIFIED_PREFIX}:{hashlib.sha256(key.encode()).hexdigest()[:40]}"
    try:
        stored = cache.get(cache_key)
        if stored and stored[0] == etag:
            return int(stored[1])
        modified = max(now_s, int(stored[1]) + 1) if stored else now_s
        cache.set(cache_key, (etag, modified), timeout=LAST_MODIFIED_TIMEOUT)
        return modified
    except Exception:
        log.exception("last-modified cache unavailable")
        return now_s


def conditional(request, response: HttpResponseBase) -> HttpResponseBase:
    """Add ``ETag`` and ``Last-Modified`` to a 200 GET/HEAD response and answer 304 when the
    client already has it."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if getattr(response, "streaming", False):
        return response
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    key = f"{request.get_full_path()}|{response.get('Content-Type', '')}"
    modified = representation_last_modified(key, etag)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    patch_vary_headers(response, ("Accept",))
    return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


class ApiViewMixin:
    """JSON errors whatever the format asked for, and conditional GET on every success."""

    permission_classes = (AllowAny,)
    throttle_classes = (AnonApiThrottle, UserApiThrottle)
    content_negotiation_class = ApiContentNegotiation

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            request.accepted_renderer = OrjsonRenderer()
            request.accepted_media_type = OrjsonRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if isinstance(response, Response) and response.status_code < 400:
            renderer = response.accepted_renderer
            if getattr(renderer, "format", None) == "csv":
                segments = [p for p in request.path.split("/") if p and not p.isdigit()]
                name = segments[-1] if segments else "export"
                response["Content-Disposition"] = f'attachment; filename="pgo-{name}.csv"'
        return conditional(request, response)


class PublicReadOnlyViewSet(ApiViewMixin, ReadOnlyModelViewSet):
    """A public list and detail: JSON or CSV, filtered, paginated, in a stable order.

    The queryset of each viewset must be ordered with the id as the last key, and must fetch
    its related rows with ``select_related``/``prefetch_related`` so a page costs a fixed
    number of SQL queries.
    """

    renderer_classes = (OrjsonRenderer, CsvRenderer)
    pagination_class = ApiPagination
    lookup_value_regex = ID_PATTERN

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        csv_all = request.accepted_renderer.format == "csv" and not self.paginator.requested(
            request
        )
        if csv_all:
            limit = csv_max_rows()
            rows = list(queryset[: limit + 1])
            if len(rows) > limit:
                raise InvalidParameter(
                    "format",
                    _(
                        "Plus de %(limit)d lignes correspondent : filtrez la liste (par exemple "
                        "?plan=…), demandez-la page par page (?page=1&page_size=%(size)d) ou "
                        "utilisez les téléchargements en masse (/api/v1/downloads/)."
                    )
                    % {"limit": limit, "size": page_size_max()},
                )
            data = self.get_serializer(rows, many=True).data
            return Response(data, headers={"X-Total-Count": str(len(rows))})
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            raise exceptions.NotFound(_("Aucun objet public n'a cet identifiant.")) from None


# --- OpenAPI ---------------------------------------------------------------------------------

ERROR_DESCRIPTIONS = {
    "400": "Paramètre invalide : le corps nomme chaque paramètre fautif dans `errors`.",
    "401": "Jeton d'accès invalide ou expiré (sans jeton, l'accès anonyme reste possible).",
    "404": "Objet ou page inexistant(e).",
    "406": "Format demandé (en-tête `Accept`) non disponible : JSON ou CSV.",
    "429": "Trop de requêtes : attendre le nombre de secondes indiqué par `Retry-After`.",
}


class PublicApiSchema(AutoSchema):
    """Adds what every public operation shares: ``format``, the response headers, the CSV
    body, and the error responses (all with the same JSON body)."""

    def _is_public_read(self) -> bool:
        return isinstance(self.view, ApiViewMixin) and self.method == "GET"

    def _get_parameters(self):
        parameters = super()._get_parameters()
        if self._is_public_read():
            for parameter in parameters:
                if parameter.get("in") == "query":
                    # An empty value (``?plan=``, as an HTML form sends it) means "no filter".
                    parameter["allowEmptyValue"] = True
        return parameters

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if not self._is_public_read():
            return parameters
        renderers = [r.format for r in getattr(self.view, "renderer_classes", ())]
        if "csv" in renderers:
            parameters.append(
                OpenApiParameter(
                    "format",
                    OpenApiTypes.STR,
                    OpenApiParameter.QUERY,
                    enum=renderers,
                    description="`json` (par défaut) ou `csv` (UTF-8 avec BOM, séparateur "
                    "virgule, objets imbriqués en colonnes `a.b`, listes jointes par ` | `). "
                    "Sans `page` ni `page_size`, le CSV contient toutes les lignes filtrées.",
                )
            )
        parameters += [
            OpenApiParameter(
                "ETag",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=["200", "304"],
                description="Empreinte du contenu ; à renvoyer dans `If-None-Match`.",
            ),
            OpenApiParameter(
                "Last-Modified",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=["200", "304"],
                description="Date de dernière modification ; pour `If-Modified-Since`.",
            ),
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                OpenApiParameter.HEADER,
                response=["429"],
                description="Secondes à attendre avant de réessayer.",
            ),
        ]
        if self._is_list_view():
            parameters += [
                OpenApiParameter(
                    "Link",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=["200"],
                    description='Liens de pagination (RFC 8288) : rel="first", "prev", '
                    '"next", "last".',
                ),
                OpenApiParameter(
                    "X-Total-Count",
                    OpenApiTypes.INT,
                    OpenApiParameter.HEADER,
                    response=["200"],
                    description="Nombre total d'objets filtrés.",
                ),
            ]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if not self._is_public_read():
            return responses
        ok = responses.get("200", {})
        if "text/csv" in ok.get("content", {}):
            ok["content"]["text/csv"] = {
                "schema": {"type": "string", "description": "Le même contenu, en CSV."}
            }
        responses["304"] = {
            **{k: v for k, v in self._get_response_for_code(None, "304").items() if k == "headers"},
            "description": "Non modifié depuis `If-None-Match` / `If-Modified-Since`.",
        }
        for code in ERROR_DESCRIPTIONS:
            response = self._get_response_for_code(
                ErrorSerializer, code, media_types=["application/json"]
            )
            response["description"] = ERROR_DESCRIPTIONS[code]
            responses[code] = response
        return responses
