""" "Télécharger (CSV)" on every public list page: the API's CSV of the same list with the same
filters (the site and the API share their FilterSets), every matching row, not just the page
shown."""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse


def csv_download_url(basename: str, params: QueryDict, filterset_class: type | None) -> str:
    """``/api/v1/<basename>s/?<the page's filters>&format=csv``; the API refuses unknown
    parameters, so only the FilterSet's own are kept (not ``page``), empty values dropped."""
    allowed = set(getattr(filterset_class, "base_filters", {})) if filterset_class else set()
    query = QueryDict(mutable=True)
    for key in params:
        values = [v for v in params.getlist(key) if v]
        if key in allowed and values:
            query.setlist(key, values)
    query["format"] = "csv"
    return f"{reverse(f'api:{basename}-list')}?{query.urlencode()}"
